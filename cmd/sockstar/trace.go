package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"sockstar/runtime/trace"
)

// traceFlags takes the leading --trace FILE options of a run command: the
// files to write the run's trace to, each in the format its extension
// names. A path that cannot be written or names no format is an error,
// found before anything runs.
func traceFlags(args []string) (paths, rest []string, err error) {
	for len(args) > 0 {
		a := args[0]
		var v string
		switch {
		case a == "--trace" || a == "-trace":
			if len(args) < 2 {
				return nil, nil, fmt.Errorf("%s needs a file: --trace FILE.txt", a)
			}
			v, args = args[1], args[2:]
		case strings.HasPrefix(a, "--trace="), strings.HasPrefix(a, "-trace="):
			v, args = a[strings.IndexByte(a, '=')+1:], args[1:]
		default:
			return paths, args, nil
		}
		if err := trace.CheckPath(v); err != nil {
			return nil, nil, err
		}
		if err := writable(v); err != nil {
			return nil, nil, err
		}
		paths = append(paths, v)
	}
	return paths, args, nil
}

// writable checks, before the run, that path can be written.
func writable(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("cannot write the trace: %v", err)
	}
	return f.Close()
}

// writeTraces renders the recorded events into each path.
func writeTraces(paths []string, title string, events []trace.Event, stderr io.Writer) int {
	status := 0
	for _, path := range paths {
		f, err := os.Create(path)
		if err == nil {
			err = trace.Render(f, filepath.Ext(path), title, events)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "sockstar: error: %s: %v\n", path, err)
			status = 2
		}
	}
	return status
}

// newRecorder is a recorder when traces are asked for, else nil.
func newRecorder(paths []string) *trace.Recorder {
	if len(paths) == 0 {
		return nil
	}
	return trace.New(trace.DefaultDataCap)
}
