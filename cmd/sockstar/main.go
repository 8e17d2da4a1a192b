// Command sockstar runs Python socket programs ported to Starlark.
//
//	sockstar run FILE.star [ARG ...]
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"sockstar/runtime"
	"sockstar/runtime/py"
	"sockstar/stdlib"
)

const usage = `usage: sockstar <command> [arguments]

commands:
  run FILE.star [ARG ...]   run a script as python3 would run FILE.py
  help                      show this text
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return runtime.ExitUsage
	}
	switch args[0] {
	case "run":
		if len(args) < 2 {
			fmt.Fprintln(stderr, "sockstar: error: run needs a script: sockstar run FILE.star [ARG ...]")
			return runtime.ExitUsage
		}
		return runScript(args[1], args[2:], stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return runtime.ExitOK
	}
	fmt.Fprintf(stderr, "sockstar: error: unknown command %q\nsockstar: hint: run 'sockstar help' for usage\n", args[0])
	return runtime.ExitUsage
}

func runScript(path string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		n := 0
		for sig := range sigs {
			n++
			if n > 1 {
				os.Exit(runtime.ExitInterrupt) // a second ^C does not wait for cleanup
			}
			if sig == syscall.SIGTERM {
				cancel(py.New(py.SystemExit, py.IntValue(143)))
				continue
			}
			cancel(py.New(py.KeyboardInterrupt))
		}
	}()
	return runtime.RunFile(ctx, path, runtime.Config{
		Modules: stdlib.Modules(),
		Argv:    append([]string{path}, args...),
		Stdin:   stdin,
		Stdout:  stdout,
		Stderr:  stderr,
	})
}
