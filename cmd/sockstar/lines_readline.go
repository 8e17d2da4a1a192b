//go:build !js && !wasip1

package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/chzyer/readline"
)

// lineInterrupted reports whether err is a Ctrl-C while a line is typed (a
// function: a variable holding readline's error is set at every start).
func lineInterrupted(err error) bool { return errors.Is(err, readline.ErrInterrupt) }

// lineReader is the REPL's input: readline's line editing and history
// (~/.sockstar_history).
type lineReader struct{ *readline.Instance }

func newLineReader(stdin io.Reader, stdout, stderr io.Writer) (lineReader, error) {
	cfg := &readline.Config{Prompt: ">>> ", InterruptPrompt: "^C", EOFPrompt: ""}
	if home, err := os.UserHomeDir(); err == nil {
		cfg.HistoryFile = filepath.Join(home, ".sockstar_history")
	}
	if f, ok := stdin.(*os.File); ok {
		cfg.Stdin = f
	} else {
		cfg.Stdin = io.NopCloser(stdin)
	}
	cfg.Stdout, cfg.Stderr = stdout, stderr
	rl, err := readline.NewEx(cfg)
	return lineReader{rl}, err
}

// IsTerminal reports whether the session is on a terminal (it then says hello).
func (r lineReader) IsTerminal() bool { return r.Config.FuncIsTerminal() }
