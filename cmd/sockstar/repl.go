package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"sockstar/runtime"
	"sockstar/stdlib"
)

const replBanner = `sockstar: Python 3 socket programs, one statement at a time.
Every module of a script can be imported. A block ends with an empty line;
Ctrl-C cancels the line or a blocked call, Ctrl-D leaves.
`

// runREPL is `sockstar repl` (and `sockstar` alone on a terminal): an
// interactive session with line editing and history, as python3's.
func runREPL(stdin io.Reader, stdout, stderr io.Writer) int {
	rl, err := newLineReader(stdin, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "sockstar: error: repl: %v\n", err)
		return runtime.ExitUsage
	}
	defer rl.Close()

	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	s := runtime.NewSession(ctx, runtime.Config{
		Modules: stdlib.Modules(),
		Argv:    []string{""},
		Stdin:   strings.NewReader(""),
		Stdout:  stdout,
		Stderr:  stderr,
		Doc:     stdlib.Doc,
	})
	sigs := make(chan os.Signal, 2)
	defer signal.Stop(sigs)
	handleSignals(sigs, func(sig syscall.Signal, err error) bool { return s.Process().Signal(sig, err) })

	if rl.IsTerminal() {
		fmt.Fprint(stdout, replBanner)
	}
	var src strings.Builder
	for {
		if src.Len() == 0 {
			rl.SetPrompt(">>> ")
		} else {
			rl.SetPrompt("... ")
		}
		line, err := rl.Readline()
		switch {
		case lineInterrupted(err):
			// As python3: the line (or block) typed so far is dropped.
			fmt.Fprintln(stderr, "KeyboardInterrupt")
			src.Reset()
			continue
		case err != nil: // end of input (Ctrl-D)
			if src.Len() > 0 {
				s.Exec(src.String() + "\n")
			}
			return s.Close()
		}
		src.WriteString(line)
		src.WriteByte('\n')
		if runtime.NeedsMore(src.String()) {
			continue
		}
		s.Exec(src.String())
		src.Reset()
		if ended, _ := s.Ended(); ended {
			return s.Close()
		}
	}
}
