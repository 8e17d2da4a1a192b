//go:build js || wasip1

package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// lineInterrupted: there is no Ctrl-C to read a line through here.
func lineInterrupted(error) bool { return false }

// lineReader is the REPL's input where readline does not build (a wasm
// module has no terminal to edit on): lines as they come, after the prompt.
type lineReader struct {
	in     *bufio.Reader
	out    io.Writer
	prompt string
}

func newLineReader(stdin io.Reader, stdout, stderr io.Writer) (*lineReader, error) {
	return &lineReader{in: bufio.NewReader(stdin), out: stdout, prompt: ">>> "}, nil
}

func (r *lineReader) SetPrompt(p string) { r.prompt = p }

// Readline is the next line without its end; io.EOF once input ends.
func (r *lineReader) Readline() (string, error) {
	fmt.Fprint(r.out, r.prompt)
	line, err := r.in.ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	return strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"), nil
}

func (r *lineReader) Close() error { return nil }

func (r *lineReader) IsTerminal() bool { return false }
