// Command starlark runs one of the compute programs (bench/compute/*.py)
// with go.starlark.net alone: the interpreter sockstar is built on, without
// sockstar's Python front end or runtime. It is the Go column of the
// compute rows of run.sh.
//
//	starlark FILE
//
// The file is Python written in the dialect the three interpreters share.
// Its `import time` lines are blanked (line numbers stay the same) and time
// is predeclared as a module with perf_counter, monotonic float seconds.
// Set, while, top-level control, global reassignment and recursion are
// enabled. An error prints file:line and exits 1.
package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: starlark FILE")
		os.Exit(2)
	}
	filename := os.Args[1]
	src, err := os.ReadFile(filename)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := run(filename, string(src)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// epoch is what perf_counter counts from; time.Since reads the monotonic
// clock.
var epoch = time.Now()

func perfCounter(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.Float(time.Since(epoch).Seconds()), nil
}

// blankImports replaces every `import time` line by an empty line.
func blankImports(src string) string {
	lines := strings.Split(src, "\n")
	for i, line := range lines {
		if strings.TrimSpace(line) == "import time" {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

func run(filename, src string) error {
	opts := &syntax.FileOptions{
		Set:             true,
		While:           true,
		TopLevelControl: true,
		GlobalReassign:  true,
		Recursion:       true,
	}
	predeclared := starlark.StringDict{
		"time": &starlarkstruct.Module{
			Name: "time",
			Members: starlark.StringDict{
				"perf_counter": starlark.NewBuiltin("perf_counter", perfCounter),
			},
		},
	}
	thread := &starlark.Thread{
		Name:  "main",
		Print: func(_ *starlark.Thread, msg string) { fmt.Println(msg) },
	}
	_, err := starlark.ExecFileOptions(opts, thread, filename, blankImports(src), predeclared)
	if err == nil {
		return nil
	}
	var evalErr *starlark.EvalError
	if errors.As(err, &evalErr) {
		// The backtrace names file:line:col of every frame, the error last.
		return errors.New(strings.TrimRight(evalErr.Backtrace(), "\n"))
	}
	// Syntax and resolve errors already begin with file:line:col.
	return err
}
