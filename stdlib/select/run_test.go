package pyselect_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	goruntime "runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime"
	"sockstar/runtime/leaktest"
	"sockstar/runtime/py"
	"sockstar/stdlib"
)

// osThreads is the number of OS threads this process runs.
func osThreads(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	require.NoError(t, err)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Threads:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			require.NoError(t, err)
			return n
		}
	}
	t.Fatal("no Threads: line in /proc/self/status")
	return 0
}

// started is a script run in this process whose output is read line by line.
type started struct {
	cancel context.CancelCauseFunc
	done   chan int
	lines  *bufio.Reader
	stdin  *io.PipeWriter
	stderr *bytes.Buffer
}

func startSrc(t *testing.T, name, src string) *started {
	t.Helper()
	prog, err := runtime.Compile(name+".star", []byte(src), stdlib.Modules())
	require.NoError(t, err)
	stdinR, stdinW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancelCause(context.Background())
	s := &started{cancel: cancel, done: make(chan int, 1), lines: bufio.NewReader(outR), stdin: stdinW, stderr: &bytes.Buffer{}}
	go func() {
		s.done <- prog.Run(ctx, runtime.Config{Modules: stdlib.Modules(), Argv: []string{name}, Stdin: stdinR, Stdout: outW, Stderr: s.stderr})
		outW.Close()
	}()
	return s
}

// line reads the script's next line of output, bounded by the test's deadline.
func (s *started) line(t *testing.T) string {
	t.Helper()
	got := make(chan string, 1)
	go func() {
		l, _ := s.lines.ReadString('\n')
		got <- l
	}()
	select {
	case l := <-got:
		return l
	case <-time.After(10 * time.Second):
		t.Fatal("no line of output within 10 s")
		return ""
	}
}

func (s *started) wait(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case code := <-s.done:
		return code
	case <-time.After(within):
		t.Fatalf("the run did not end within %v", within)
		return 0
	}
}

// TestCancelEndsBlockedSelect: a script blocked in each kind of wait ends
// within one second of a cancel (as SIGINT does it), leaving no descriptor
// or goroutine behind.
func TestCancelEndsBlockedSelect(t *testing.T) {
	scripts := map[string]string{
		"select":           "import select, socket\na, b = socket.socketpair()\nprint('ready')\nselect.select([a], [], [])\n",
		"select-timeout":   "import select, socket\na, b = socket.socketpair()\nprint('ready')\nselect.select([a], [], [a], 60)\n",
		"select-nothing":   "import select\nprint('ready')\nselect.select([], [], [])\n",
		"select-stdin":     "import select, sys\nprint('ready')\nselect.select([sys.stdin], [], [])\n",
		"poll":             "import select, socket\na, b = socket.socketpair()\np = select.poll()\np.register(a, select.POLLIN)\nprint('ready')\np.poll()\n",
		"selector":         "import selectors, socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen(5)\nsel = selectors.DefaultSelector()\nsel.register(s, selectors.EVENT_READ)\nprint('ready')\nsel.select()\n",
		"selector-stdin":   "import selectors, sys\nsel = selectors.DefaultSelector()\nsel.register(sys.stdin, selectors.EVENT_READ)\nprint('ready')\nsel.select(60)\n",
		"epoll":            "import select, socket\na, b = socket.socketpair()\ne = select.epoll()\ne.register(a, select.EPOLLIN | select.EPOLLET)\nprint('ready')\ne.poll()\n",
		"epoll-timeout":    "import select, socket\na, b = socket.socketpair()\ne = select.epoll()\ne.register(a, select.EPOLLIN)\nprint('ready')\ne.poll(60)\n",
		"epoll-stdin":      "import select, sys\ne = select.epoll()\ne.register(sys.stdin, select.EPOLLIN)\nprint('ready')\ne.poll()\n",
		"thread-epolling":  "import select, socket, threading\na, b = socket.socketpair()\ne = select.epoll()\ne.register(a, select.EPOLLIN)\nt = threading.Thread(target=e.poll)\nt.start()\nprint('ready')\nt.join()\n",
		"thread-selecting": "import select, socket, threading\na, b = socket.socketpair()\nt = threading.Thread(target=select.select, args=([a], [], []))\nt.start()\nprint('ready')\nt.join()\n",
	}
	for name, src := range scripts {
		t.Run(name, func(t *testing.T) {
			goroutines, fds := goruntime.NumGoroutine(), leaktest.OpenFDs(t)
			s := startSrc(t, name, src)
			require.Equal(t, "ready\n", s.line(t))
			go io.Copy(io.Discard, s.lines)
			s.cancel(py.New(py.KeyboardInterrupt))
			assert.Equal(t, runtime.ExitInterrupt, s.wait(t, time.Second))
			assert.Contains(t, s.stderr.String(), "KeyboardInterrupt")
			s.stdin.Close()
			assert.Equal(t, fds, leaktest.OpenFDs(t), "descriptors left open")
			assert.LessOrEqual(t, leaktest.Settle(goroutines), goroutines, "goroutines left running")
		})
	}
}

// TestBlockedSelectsParkNoThreads: 200 runs blocked in select at once do
// not take an OS thread each.
func TestBlockedSelectsParkNoThreads(t *testing.T) {
	const n = 200
	before := osThreads(t)
	runs := make([]*started, n)
	for i := range runs {
		runs[i] = startSrc(t, "blocked", "import select, socket\na, b = socket.socketpair()\nprint('ready')\nselect.select([a], [], [])\n")
		require.Equal(t, "ready\n", runs[i].line(t))
		go io.Copy(io.Discard, runs[i].lines)
	}
	// Each run has printed ready and is now in, or about to be in, its wait;
	// an OS thread per wait would show as n more threads.
	during := osThreads(t)
	for _, r := range runs {
		r.cancel(py.New(py.KeyboardInterrupt))
	}
	for _, r := range runs {
		assert.Equal(t, runtime.ExitInterrupt, r.wait(t, 5*time.Second))
		r.stdin.Close()
	}
	t.Logf("OS threads: %d before, %d with %d runs blocked in select", before, during, n)
	assert.Less(t, during-before, n/4, "OS threads grew from %d to %d", before, during)
}

// TestSelectOnStdin: select sees a line of sys.stdin once sockstar's reader
// has it, without taking it; readline then returns it; the end of input is
// readable too.
func TestSelectOnStdin(t *testing.T) {
	s := startSrc(t, "stdin", `import select, socket, sys
a, b = socket.socketpair()
print(select.select([sys.stdin, a], [], [], 0))
print("waiting")
r, w, x = select.select([sys.stdin, a], [], [])
print(r == [sys.stdin], repr(sys.stdin.readline()))
b.send(b"x")
r, w, x = select.select([sys.stdin, a], [], [], 5)
print(r == [a])
print("waiting")
r, w, x = select.select([sys.stdin], [], [], 5)
print(r == [sys.stdin], repr(sys.stdin.readline()))
e = select.epoll()
e.register(sys.stdin, select.EPOLLIN)
print(e.poll(0))
print("waiting")
print(e.poll(), repr(sys.stdin.readline()))
print("waiting")
p = select.poll()
p.register(sys.stdin, select.POLLIN)
print(p.poll(5000), repr(sys.stdin.readline()))
e = select.epoll()
e.register(sys.stdin, select.EPOLLIN)
print(e.poll(5), repr(sys.stdin.readline()))
`)
	assert.Equal(t, "([], [], [])\n", s.line(t))
	assert.Equal(t, "waiting\n", s.line(t))
	io.WriteString(s.stdin, "hello\n")
	assert.Equal(t, "True 'hello\\n'\n", s.line(t))
	assert.Equal(t, "True\n", s.line(t))
	assert.Equal(t, "waiting\n", s.line(t))
	io.WriteString(s.stdin, "second\n")
	assert.Equal(t, "True 'second\\n'\n", s.line(t))
	assert.Equal(t, "[]\n", s.line(t))
	assert.Equal(t, "waiting\n", s.line(t))
	io.WriteString(s.stdin, "third\n")
	assert.Equal(t, "[(0, 1)] 'third\\n'\n", s.line(t), "epoll")
	assert.Equal(t, "waiting\n", s.line(t))
	s.stdin.Close()
	assert.Equal(t, "[(0, 1)] ''\n", s.line(t))
	assert.Equal(t, "[(0, 1)] ''\n", s.line(t), "epoll")
	assert.Equal(t, 0, s.wait(t, 5*time.Second), s.stderr.String())
}
