package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"sockstar/runtime"
	"sockstar/runtime/trace"
	"sockstar/scenario"
)

// A recording (--record FILE) is JSON lines: a header with the run's
// arguments and seed, then the run's events. A simulated run's choices
// (the scheduler's, the faults') all come from its seed, so running the
// same arguments again makes them again; --replay FILE does, and checks
// every event against the recording, naming the first that differs.
type recordHeader struct {
	Sockstar string   `json:"sockstar"` // "recording"
	Version  int      `json:"version"`
	Seed     uint64   `json:"seed"`
	Args     []string `json:"args"` // sockstar run's arguments, --record left out
}

// writeRecording saves a run's arguments, seed and events to path.
func writeRecording(path string, args []string, seed uint64, events []trace.Event) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	if err := enc.Encode(recordHeader{Sockstar: "recording", Version: 1, Seed: seed, Args: args}); err != nil {
		f.Close()
		return err
	}
	if err := trace.JSONLines(w, events); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readRecording reads what writeRecording wrote.
func readRecording(path string) (recordHeader, []trace.Event, error) {
	var h recordHeader
	f, err := os.Open(path)
	if err != nil {
		return h, nil, err
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReader(f))
	if err := dec.Decode(&h); err != nil || h.Sockstar != "recording" {
		return h, nil, fmt.Errorf("%s: not a sockstar recording (make one with sockstar run --record FILE ...)", path)
	}
	if h.Version != 1 {
		return h, nil, fmt.Errorf("%s: a recording of version %d; this sockstar reads version 1", path, h.Version)
	}
	var events []trace.Event
	for {
		var e trace.Event
		err := dec.Decode(&e)
		if err == io.EOF {
			break
		}
		if err != nil {
			return h, nil, fmt.Errorf("%s: event %d: %v", path, len(events)+1, err)
		}
		events = append(events, e)
	}
	return h, events, nil
}

// replay runs a recording's arguments again and compares the events.
func replay(path string, stdin io.Reader, stdout, stderr io.Writer) int {
	h, want, err := readRecording(path)
	if err != nil {
		fmt.Fprintf(stderr, "sockstar: error: --replay %v\n", err)
		return runtime.ExitUsage
	}
	outs, rest, err := traceFlags(h.Args)
	if err != nil || len(rest) == 0 || !isScenario(rest) {
		fmt.Fprintf(stderr, "sockstar: error: --replay %s: its arguments %q are not a run this sockstar can make again\n", path, h.Args)
		return runtime.ExitUsage
	}
	var got []trace.Event
	outs.sink = &got
	code := runScenario(rest, stdin, stdout, stderr, outs)
	if diff := scenario.DiffEvents(want, got); diff != "" {
		fmt.Fprintf(stderr, "sockstar: replay of %s (seed %d) differs from the recording: %s\n", path, h.Seed, diff)
		return max(code, 1)
	}
	fmt.Fprintf(stderr, "sockstar: replay of %s (seed %d): the same %d events\n", path, h.Seed, len(got))
	return code
}

// withoutRecord is a run's arguments with --record FILE left out of its
// flags: what a replay runs again.
func withoutRecord(flags, rest []string) []string {
	var out []string
	for i := 0; i < len(flags); i++ {
		a := flags[i]
		switch {
		case a == "--record" || a == "-record":
			i++ // and its value
		case strings.HasPrefix(a, "--record=") || strings.HasPrefix(a, "-record="):
		default:
			out = append(out, a)
		}
	}
	return append(out, rest...)
}
