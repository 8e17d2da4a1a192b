//go:build !js && !wasip1

package main

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/require"
)

// The REPL through a pseudo-terminal, as a person types into it: values
// echoed, a block ended by an empty line, an error reported and the
// session going on, Ctrl-C ending a blocked call, Ctrl-D leaving.
func TestREPL(t *testing.T) {
	cmd := exec.Command(binary, "repl")
	cmd.Env = append(cmd.Environ(), "HOME="+t.TempDir())
	tty, err := pty.Start(cmd)
	require.NoError(t, err)
	defer tty.Close()
	// Output as it comes, in chunks: a prompt ends with no newline.
	chunks := make(chan string, 100)
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			if n > 0 {
				chunks <- string(buf[:n])
			}
			if err != nil {
				close(chunks)
				return
			}
		}
	}()
	// expect waits for output holding want after what earlier expects matched.
	var seen string
	expect := func(want string) {
		t.Helper()
		deadline := time.After(20 * time.Second)
		for {
			if i := strings.Index(seen, want); i >= 0 {
				seen = seen[i+len(want):]
				return
			}
			select {
			case s, ok := <-chunks:
				if !ok {
					t.Fatalf("the REPL ended before printing %q", want)
				}
				seen += s
			case <-deadline:
				t.Fatalf("no %q in the REPL's output", want)
			}
		}
	}
	send := func(s string) {
		t.Helper()
		_, err := tty.Write([]byte(s))
		require.NoError(t, err)
	}
	expect("Ctrl-D leaves")
	send("6 * 7\r")
	expect("42")
	send("def greet(name):\r")
	send("    return 'hi ' + name\r")
	send("\r")
	send("greet('you')\r")
	expect("'hi you'")
	send("1 / 0\r")
	expect("ZeroDivisionError: division by zero")
	send("import time\r")
	// What is awaited is output, not the echo of what was typed.
	send("print('sleep' + 'ing'); time.sleep(30)\r")
	expect("sleeping")
	send("\x03")          // Ctrl-C: the terminal sends SIGINT to the sleeping session
	expect("in <module>") // the traceback of the interrupted call, not a cancelled line
	expect("KeyboardInterrupt")
	send("print('still' + ' here')\r")
	expect("still here")
	// Ctrl-D typed at the prompt: before it, the terminal is not yet in raw
	// mode and the kernel would take it as end of file for the line editor.
	expect(">>> ")
	send("\x04") // Ctrl-D
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the REPL did not leave on Ctrl-D")
	}
}
