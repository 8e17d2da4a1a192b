package pyselect_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime"
	"sockstar/stdlib"
)

// scaleServer is a select echo server that ends after CLIENTS clients and
// says how many it held open at once.
const scaleServer = `import select, socket, sys
CLIENTS = int(sys.argv[1])
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(1024)
server.setblocking(False)
print("listening on port", server.getsockname()[1])
inputs = [server]
served = 0
most = 0
while served < CLIENTS:
    readable, _, _ = select.select(inputs, [], [])
    for s in readable:
        if s == server:
            for _ in range(64):
                conn, err = catch(server.accept)
                if err != None:
                    break
                inputs.append(conn[0])
            most = max(most, len(inputs) - 1)
            continue
        data = s.recv(1024)
        if data:
            s.sendall(data.upper())
        else:
            inputs.remove(s)
            s.close()
            served += 1
print("served", served, "clients, at most", most, "at once")
`

// TestSelectServerThousandConnections: a select-based echo server script
// serves 1,000 connections that Go clients hold open at the same time.
func TestSelectServerThousandConnections(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 connections: not under -short")
	}
	const n = 1000
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	prog, err := runtime.Compile("scale.star", []byte(scaleServer), stdlib.Modules())
	require.NoError(t, err)
	out := newOutput()
	r := &role{name: "scale.star", out: out, err: newOutput(), ended: make(chan struct{})}
	go func() {
		r.code = prog.Run(ctx, runtime.Config{Modules: stdlib.Modules(), Argv: []string{"scale.star", fmt.Sprint(n)}, Stdout: out, Stderr: r.err})
		close(r.ended)
	}()
	out.waitFor(t, r, "\n", 1)
	m := portLine.FindStringSubmatch(out.String())
	require.NotNil(t, m, out.String())
	addr := "127.0.0.1:" + m[1]

	// Every client connects and gets its first echo; only when all have
	// (all n open at once) does each send its second line and hang up.
	var connected, done sync.WaitGroup
	connected.Add(n)
	done.Add(n)
	allIn := make(chan struct{})
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func(i int) {
			defer done.Done()
			once := sync.OnceFunc(connected.Done)
			defer once()
			err := func() error {
				var d net.Dialer
				c, err := d.DialContext(ctx, "tcp", addr)
				if err != nil {
					return err
				}
				defer c.Close()
				c.SetDeadline(time.Now().Add(90 * time.Second))
				rd := bufio.NewReader(c)
				for k := 0; k < 2; k++ {
					msg := fmt.Sprintf("client %d line %d\n", i, k)
					if _, err := c.Write([]byte(msg)); err != nil {
						return err
					}
					got, err := rd.ReadString('\n')
					if err != nil {
						return fmt.Errorf("client %d: %v", i, err)
					}
					if got != strings.ToUpper(msg) {
						return fmt.Errorf("client %d got %q for %q", i, got, msg)
					}
					if k == 0 {
						once()
						select {
						case <-allIn:
						case <-ctx.Done():
							return ctx.Err()
						}
					}
				}
				return nil
			}()
			if err != nil {
				errs <- err
			}
		}(i)
	}
	connected.Wait()
	close(allIn)
	done.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	select {
	case <-r.ended:
	case <-ctx.Done():
		t.Fatalf("server did not end\n%s", out.String())
	}
	assert.Equal(t, 0, r.code, r.err.String())
	assert.Contains(t, out.String(), fmt.Sprintf("served %d clients, at most %d at once\n", n, n))
}
