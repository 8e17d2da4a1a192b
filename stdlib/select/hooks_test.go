package pyselect_test

import (
	"context"
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime"
	"sockstar/runtime/host"
	"sockstar/stdlib"
	"sockstar/stdlib/socket"
)

// TestSelectReportsWaiting: a select that finds nothing ready calls the
// socket Waiting hook, as a socket call does; its probe re-checks the same
// descriptors (false while idle, true once data came) and the wait calls
// the returned func when it goes on.
func TestSelectReportsWaiting(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)

	for name, call := range map[string]string{
		"select":         "select.select([s], [], [])",
		"select-timeout": "select.select([s], [], [], 30)",
		"poll":           "p = select.poll()\np.register(s, select.POLLIN)\np.poll()",
		"epoll":          "e = select.epoll()\ne.register(s, select.EPOLLIN)\ne.poll()",
		"selectors":      "sel = selectors.DefaultSelector()\nsel.register(s, selectors.EVENT_READ)\nsel.select()",
	} {
		t.Run(name, func(t *testing.T) {
			src := "import select\nimport selectors\nimport socket\nimport sys\n" +
				"s = socket.create_connection(('127.0.0.1', " + port + "))\n" +
				call + "\nprint('woke')\nsys.stdin.readline()\n"
			prog, err := runtime.Compile("wait.star", []byte(src), stdlib.Modules())
			require.NoError(t, err)
			probes := make(chan socket.Probe, 1)
			resumed := make(chan struct{})
			var once sync.Once
			hooks := &socket.Hooks{Waiting: func(probe socket.Probe) func() {
				select {
				case probes <- probe: // the first wait is the one checked
				default:
				}
				return func() { once.Do(func() { close(resumed) }) }
			}}
			stdinR, stdinW := io.Pipe()
			out := newOutput()
			done := make(chan int, 1)
			go func() {
				done <- prog.Run(context.Background(), runtime.Config{
					Modules: stdlib.Modules(), Argv: []string{"wait.star"},
					Stdin: stdinR, Stdout: out, Stderr: out,
					Setup: func(p *host.Process) { socket.SetHooks(p, hooks) },
				})
			}()
			conn, err := ln.Accept()
			require.NoError(t, err)
			defer conn.Close()
			var probe socket.Probe
			select {
			case probe = <-probes:
			case <-time.After(10 * time.Second):
				t.Fatalf("select never reported its wait; output: %s", out.String())
			}
			assert.False(t, probe.Ready(), "nothing was sent yet")
			_, err = conn.Write([]byte("x"))
			require.NoError(t, err)
			// Loopback has queued the byte once Write returns.
			assert.True(t, probe.Ready(), "a byte waits to be read")
			select {
			case <-resumed:
			case <-time.After(10 * time.Second):
				t.Fatal("the wait never reported it went on")
			}
			stdinW.Close()
			select {
			case code := <-done:
				assert.Equal(t, 0, code, out.String())
			case <-time.After(10 * time.Second):
				t.Fatal("the script did not end")
			}
			assert.Equal(t, "woke\n", out.String())
		})
	}
}
