package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"sockstar/runtime/host"
	"sockstar/runtime/trace"
	"sockstar/runtime/trace/pcapng"
	"sockstar/scenario"
)

// outputs are the files a run writes about itself.
type outputs struct {
	traces  []string          // --trace FILE: each in the format its extension names
	pcaps   []string          // --pcap FILE: the run's TCP and UDP traffic, as pcapng
	data    int               // --trace-data BYTES: what each event keeps; 0: the default
	memory  int64             // --max-memory SIZE: the memory budget; 0: the default
	threads int64             // --max-threads N: the thread budget; 0: the default
	sim     bool              // --sim: the simulated network, on virtual time
	seed    uint64            // --seed N: the simulated run's seed
	sandbox bool              // --sandbox: a single script under a scenario's rules
	links   []*scenario.Link  // --link SPEC
	faults  []*scenario.Fault // --fault SPEC
	record  string            // --record FILE: the arguments, seed and events, for --replay
	replay  string            // --replay FILE: run a recording again and compare
	sink    *[]trace.Event    // gets the run's events (replay)
	args    []string          // the run's arguments without --record, for the recording
}

func (o outputs) any() bool { return len(o.traces)+len(o.pcaps) > 0 }

// dataCap is how many bytes of each call's data the recording keeps: all
// of them for a capture, whose packets carry them.
func (o outputs) dataCap() int {
	switch {
	case len(o.pcaps) > 0:
		return math.MaxInt
	case o.data > 0:
		return o.data
	}
	return trace.DefaultDataCap
}

// traceFlags takes the leading --trace FILE and --pcap FILE options of a
// run command. A path that cannot be written, or a trace whose extension
// names no format, is an error, found before anything runs.
func traceFlags(args []string) (out outputs, rest []string, err error) {
	all := args
	defer func() {
		if err == nil {
			out.args = withoutRecord(all[:len(all)-len(rest)], rest)
		}
	}()
	out.seed = host.DefaultSeed
	for len(args) > 0 {
		a := args[0]
		name, v, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "trace" && name != "pcap" && name != "trace-data" && name != "max-memory" && name != "max-threads" && name != "sim" && name != "seed" && name != "link" && name != "fault" && name != "record" && name != "replay" && name != "sandbox") {
			return out, args, nil
		}
		if name == "sim" && !hasValue {
			out.sim = true
			args = args[1:]
			continue
		}
		if name == "sandbox" && !hasValue {
			out.sandbox = true
			args = args[1:]
			continue
		}
		if hasValue {
			args = args[1:]
		} else {
			if len(args) < 2 {
				example := "FILE.txt"
				switch name {
				case "pcap":
					example = "FILE.pcapng"
				case "trace-data":
					example = "BYTES"
				case "max-memory":
					example = "SIZE"
				case "max-threads", "seed":
					example = "N"
				case "link":
					example = "'client<->server delay=50ms loss=10%'"
				case "fault":
					example = "'short_reads server max=3'"
				}
				return outputs{}, nil, fmt.Errorf("%s needs a file: --%s %s", a, name, example)
			}
			v, args = args[1], args[2:]
		}
		if name == "record" || name == "replay" {
			if name == "record" {
				if err := writable(v, "recording"); err != nil {
					return outputs{}, nil, err
				}
				out.record, out.sim = v, true
			} else {
				out.replay = v
			}
			continue
		}
		if name == "link" {
			lk, err := scenario.ParseLink(v)
			if err != nil {
				return outputs{}, nil, err
			}
			out.links = append(out.links, lk)
			continue
		}
		if name == "fault" {
			f, err := scenario.ParseFault(v)
			if err != nil {
				return outputs{}, nil, err
			}
			out.faults = append(out.faults, f)
			continue
		}
		if name == "seed" {
			n, err := strconv.ParseUint(v, 10, 64)
			if err != nil {
				return outputs{}, nil, fmt.Errorf("--seed needs a whole number 0 or more, not %q", v)
			}
			out.seed, out.sim = n, true
			continue
		}
		if name == "max-threads" {
			if out.threads, err = parseThreads(v); err != nil {
				return outputs{}, nil, err
			}
			continue
		}
		if name == "max-memory" {
			if out.memory, err = parseSize(v); err != nil {
				return outputs{}, nil, err
			}
			continue
		}
		if name == "trace-data" {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return outputs{}, nil, fmt.Errorf("--trace-data needs a number of bytes more than 0, not %q", v)
			}
			out.data = n
			continue
		}
		what := "capture"
		if name == "trace" {
			what = "trace"
			if filepath.Ext(v) == ".pcapng" {
				return outputs{}, nil, fmt.Errorf("%s: packets are written by --pcap FILE.pcapng", v)
			}
			if err := trace.CheckPath(v); err != nil {
				return outputs{}, nil, err
			}
		}
		if err := writable(v, what); err != nil {
			return outputs{}, nil, err
		}
		if name == "trace" {
			out.traces = append(out.traces, v)
		} else {
			out.pcaps = append(out.pcaps, v)
		}
	}
	return out, args, nil
}

// writable checks, before the run, that path can be written.
func writable(path, what string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("cannot write the %s: %v", what, err)
	}
	return f.Close()
}

// writeTraces renders the recorded events into each file.
func writeTraces(o outputs, title string, events []trace.Event, stderr io.Writer) int {
	status := 0
	write := func(path string, render func(io.Writer) error) {
		f, err := os.Create(path)
		if err == nil {
			err = render(f)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "sockstar: error: %s: %v\n", path, err)
			status = 2
		}
	}
	for _, path := range o.traces {
		write(path, func(w io.Writer) error { return trace.Render(w, filepath.Ext(path), title, events) })
	}
	for _, path := range o.pcaps {
		write(path, func(w io.Writer) error { return pcapng.Write(w, title, events) })
	}
	return status
}

// newRecorder is a recorder when traces are asked for, else nil.
func newRecorder(o outputs) *trace.Recorder {
	if !o.any() {
		return nil
	}
	return trace.New(o.dataCap())
}
