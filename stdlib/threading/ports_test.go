package threading_test

import (
	"context"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime"
	"sockstar/stdlib"
)

// The threaded scenarios: each .star port must print what CPython prints
// for its .py reference, given the same arguments.
const scenarios = "../../scenarios/"

// role is one program of a scenario as it ran.
type role struct {
	out  *lineWriter
	err  *lineWriter
	done chan int
}

// start runs script (a .py under python3 -u, a .star in this process) with
// args; out signals when a line containing want appears.
func start(t *testing.T, ctx context.Context, script, want string, args ...string) *role {
	t.Helper()
	r := &role{out: newLineWriter(want), err: newLineWriter(""), done: make(chan int, 1)}
	if strings.HasSuffix(script, ".py") {
		cmd := exec.CommandContext(ctx, "python3", append([]string{"-u", script}, args...)...)
		cmd.Stdout, cmd.Stderr = r.out, r.err
		require.NoError(t, cmd.Start())
		go func() {
			cmd.Wait()
			r.done <- cmd.ProcessState.ExitCode()
		}()
		return r
	}
	go func() {
		r.done <- runtime.RunFile(ctx, script, runtime.Config{
			Modules: stdlib.Modules(),
			Argv:    append([]string{script}, args...),
			Stdout:  r.out,
			Stderr:  r.err,
		})
	}()
	return r
}

// wait waits for the role to end and returns its exit status.
func (r *role) wait(t *testing.T) int {
	t.Helper()
	select {
	case code := <-r.done:
		return code
	case <-time.After(30 * time.Second):
		t.Fatal("role did not end")
		return -1
	}
}

// unindented keeps a traceback's lines that do not depend on file paths and
// frames: the header and the exception, as the scenario check compares them.
func unindented(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line != "" && !strings.HasPrefix(line, " ") {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

func needPython(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
}

type outcome struct {
	code           int
	stdout, stderr string
}

func TestPortProducerConsumer(t *testing.T) {
	needPython(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var got [2]outcome
	for i, ext := range []string{".py", ".star"} {
		r := start(t, ctx, scenarios+"producer-consumer/prodcons"+ext, "")
		code := r.wait(t)
		got[i] = outcome{code, r.out.String(), unindented(r.err.String())}
	}
	assert.Equal(t, got[0], got[1])
	assert.Contains(t, got[1].stdout, "all 10 items done\n")
	assert.Equal(t, "Exception in thread Thread-3 (check):\nTraceback (most recent call last):\nValueError: invalid literal for int() with base 10: 'x'", got[1].stderr)
}

var listening = regexp.MustCompile(`listening on port (\d+)\n`)

func TestPortThreadedEcho(t *testing.T) {
	needPython(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const clients = "5"
	var servers, clientsOut [2]outcome
	for i, ext := range []string{".py", ".star"} {
		srv := start(t, ctx, scenarios+"threaded-echo/server"+ext, "\n", "0", clients) // the first line says the port
		select {
		case <-srv.out.found:
		case code := <-srv.done:
			t.Fatalf("%s server ended: %d\n%s", ext, code, srv.err.String())
		}
		port := listening.FindStringSubmatch(srv.out.String())[1]
		cli := start(t, ctx, scenarios+"threaded-echo/client"+ext, "", port, clients)
		code := cli.wait(t)
		clientsOut[i] = outcome{code, cli.out.String(), cli.err.String()}
		code = srv.wait(t)
		servers[i] = outcome{code, strings.Replace(srv.out.String(), port, "PORT", 1), srv.err.String()}
	}
	assert.Equal(t, servers[0], servers[1])
	assert.Equal(t, clientsOut[0], clientsOut[1])
	assert.Equal(t, "listening on port PORT\nserved 5 clients: 15 messages, 225 bytes\n", servers[1].stdout)
	assert.Contains(t, clientsOut[1].stdout, "4 ['CLIENT 4 LINE 0', 'CLIENT 4 LINE 1', 'CLIENT 4 LINE 2']\nthreads left: 1\n")
}
