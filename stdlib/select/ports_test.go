package pyselect_test

import (
	"context"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime"
	"sockstar/stdlib"
)

// The select scenarios: each .star port must print what CPython prints for
// its .py reference, given the same arguments and input.
const scenarios = "../../scenarios/"

// output collects a role's output and lets a test wait for text in it.
type output struct {
	mu      sync.Mutex
	buf     strings.Builder
	changed chan struct{} // closed and replaced on every write
}

func newOutput() *output { return &output{changed: make(chan struct{})} }

func (o *output) Write(b []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf.Write(b)
	close(o.changed)
	o.changed = make(chan struct{})
	return len(b), nil
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// waitFor waits until text appears count times, or the role ends, or 20 s pass.
func (o *output) waitFor(t *testing.T, r *role, text string, count int) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		o.mu.Lock()
		n, ch := strings.Count(o.buf.String(), text), o.changed
		o.mu.Unlock()
		if n >= count {
			return
		}
		select {
		case <-ch:
		case <-r.ended:
			if strings.Count(o.String(), text) < count {
				t.Fatalf("%s ended without printing %q %d times\nstdout:\n%s\nstderr:\n%s", r.name, text, count, o.String(), r.err.String())
			}
		case <-timeout:
			t.Fatalf("%s did not print %q %d times within 20 s\nstdout:\n%s\nstderr:\n%s", r.name, text, count, o.String(), r.err.String())
		}
	}
}

// role is one program of a scenario, running.
type role struct {
	name     string
	out, err *output
	stdin    io.WriteCloser
	ended    chan struct{}
	code     int
}

// start runs script (a .py under python3 -u, a .star in this process) with args.
func start(t *testing.T, ctx context.Context, script string, args ...string) *role {
	t.Helper()
	r := &role{name: script, out: newOutput(), err: newOutput(), ended: make(chan struct{})}
	if strings.HasSuffix(script, ".py") {
		cmd := exec.CommandContext(ctx, "python3", append([]string{"-u", script}, args...)...)
		cmd.Stdout, cmd.Stderr = r.out, r.err
		stdin, err := cmd.StdinPipe()
		require.NoError(t, err)
		r.stdin = stdin
		require.NoError(t, cmd.Start())
		go func() {
			cmd.Wait()
			r.code = cmd.ProcessState.ExitCode()
			close(r.ended)
		}()
		return r
	}
	stdinR, stdinW := io.Pipe()
	r.stdin = stdinW
	go func() {
		r.code = runtime.RunFile(ctx, script, runtime.Config{
			Modules: stdlib.Modules(),
			Argv:    append([]string{script}, args...),
			Stdin:   stdinR,
			Stdout:  r.out,
			Stderr:  r.err,
		})
		close(r.ended)
	}()
	return r
}

// wait waits for the role to end and returns its exit status.
func (r *role) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-r.ended:
		return r.code
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not end\nstdout:\n%s", r.name, r.out.String())
		return -1
	}
}

func needPython(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
}

// outcome is what a role left behind, ephemeral ports replaced by PORT.
type outcome struct {
	Code           int
	Stdout, Stderr string
}

func (r *role) outcome(port string) outcome {
	return outcome{r.code, strings.ReplaceAll(r.out.String(), port, "PORT"), r.err.String()}
}

var portLine = regexp.MustCompile(`port (\d+)\n`)

// serve starts a server with PORT 0 and returns it with the port it printed.
func serve(t *testing.T, ctx context.Context, script string, args ...string) (*role, string) {
	t.Helper()
	srv := start(t, ctx, script, append([]string{"0"}, args...)...)
	srv.out.waitFor(t, srv, "port ", 1)
	srv.out.waitFor(t, srv, "\n", 1)
	m := portLine.FindStringSubmatch(srv.out.String())
	require.NotNil(t, m, srv.out.String())
	return srv, m[1]
}

// echoScenario runs an echo server of dir and its client under both languages.
func echoScenario(t *testing.T, dir string) [2][2]outcome {
	needPython(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var got [2][2]outcome // [language][server, client]
	for i, ext := range []string{".py", ".star"} {
		srv, port := serve(t, ctx, scenarios+dir+"/server"+ext, "3")
		// Both echo servers are driven by select-echo's client.
		cli := start(t, ctx, scenarios+"select-echo/client"+ext, port, "3", "2")
		cli.wait(t)
		srv.wait(t)
		got[i] = [2]outcome{srv.outcome(port), cli.outcome(port)}
	}
	assert.Equal(t, got[0], got[1])
	return got
}

const echoClientOut = `connected 3 clients
0 b'CLIENT 0 LINE 0'
1 b'CLIENT 1 LINE 0'
2 b'CLIENT 2 LINE 0'
0 b'CLIENT 0 LINE 1'
1 b'CLIENT 1 LINE 1'
2 b'CLIENT 2 LINE 1'
done
`

func TestPortSelectEcho(t *testing.T) {
	got := echoScenario(t, "select-echo")
	assert.Equal(t, outcome{0, "listening on port PORT\nserved 3 clients: 6 messages, 90 bytes\n", ""}, got[1][0])
	assert.Equal(t, outcome{0, echoClientOut, ""}, got[1][1])
}

func TestPortSelectorsEcho(t *testing.T) {
	got := echoScenario(t, "selectors-echo")
	assert.Equal(t, outcome{0, `listening on port PORT
key events: 1 fd matches: True
echoing b'client 0 line 0'
echoing b'client 1 line 0'
echoing b'client 2 line 0'
echoing b'client 0 line 1'
echoing b'client 1 line 1'
echoing b'client 2 line 1'
closed; open: 2
closed; open: 1
closed; open: 0
registered: 1
accepted 3 and served 3 clients
`, ""}, got[1][0])
	// This server echoes as it got it, where select-echo's upper-cases.
	assert.Equal(t, outcome{0, strings.ReplaceAll(strings.ReplaceAll(echoClientOut, "CLIENT", "client"), "LINE", "line"), ""}, got[1][1])
}

// TestPortChatRoom: three clients join one by one; each types a line (on its
// standard input, which the client selects on with its socket) and the other
// two print it; then they leave one by one and the server ends.
func TestPortChatRoom(t *testing.T) {
	needPython(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	names := []string{"ann", "bob", "cyd"}
	var got [2][4]outcome // [language][server, ann, bob, cyd]
	for i, ext := range []string{".py", ".star"} {
		srv, port := serve(t, ctx, scenarios+"chat-room/server"+ext, "3")
		var clients []*role
		for k, name := range names {
			c := start(t, ctx, scenarios+"chat-room/client"+ext, port, name)
			c.out.waitFor(t, c, "connected as "+name+"\n", 1)
			srv.out.waitFor(t, srv, "clients: "+string(rune('1'+k))+"\n", 1)
			clients = append(clients, c)
		}
		lines := []string{"hello room", "hi ann", "bye now"}
		for k, c := range clients {
			_, err := io.WriteString(c.stdin, lines[k]+"\n")
			require.NoError(t, err)
			for j, other := range clients {
				if j != k {
					other.out.waitFor(t, other, names[k]+": "+lines[k]+"\n", 1)
				}
			}
		}
		for k, c := range clients {
			c.stdin.Close()
			c.wait(t)
			// Each count but 0 was printed once on the way up already.
			want := 2
			if k == len(clients)-1 {
				want = 1
			}
			srv.out.waitFor(t, srv, "clients: "+string(rune('0'+len(clients)-1-k))+"\n", want)
		}
		srv.wait(t)
		got[i][0] = srv.outcome(port)
		for k, c := range clients {
			got[i][k+1] = c.outcome(port)
		}
	}
	assert.Equal(t, got[0], got[1])
	assert.Equal(t, outcome{0, "chat server on port PORT\nclients: 1\nclients: 2\nclients: 3\nclients: 2\nclients: 1\nclients: 0\nchat closed after 3 clients\n", ""}, got[1][0])
	assert.Equal(t, outcome{0, "connected as ann\nbob: hi ann\ncyd: bye now\nbye\n", ""}, got[1][1])
	assert.Equal(t, outcome{0, "connected as bob\nann: hello room\ncyd: bye now\nbye\n", ""}, got[1][2])
	assert.Equal(t, outcome{0, "connected as cyd\nann: hello room\nbob: hi ann\nbye\n", ""}, got[1][3])
}
