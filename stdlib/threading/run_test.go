package threading_test

import (
	"bytes"
	"context"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime"
	"sockstar/runtime/leaktest"
	"sockstar/runtime/py"
	"sockstar/stdlib"
)

// lineWriter collects a script's output and tells when a line appears.
type lineWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	want  string
	found chan struct{}
	once  sync.Once
}

func newLineWriter(want string) *lineWriter {
	return &lineWriter{want: want, found: make(chan struct{})}
}

func (w *lineWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(b)
	if w.want != "" && strings.Contains(w.buf.String(), w.want) {
		w.once.Do(func() { close(w.found) })
	}
	return len(b), nil
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

type result struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

// run runs src to its end within 30 s; argv follows the script's name.
func run(t *testing.T, ctx context.Context, src string, stdout *lineWriter, argv ...string) result {
	t.Helper()
	prog, err := runtime.Compile("script.star", []byte(src), stdlib.Modules())
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if stdout == nil {
		stdout = newLineWriter("")
	}
	stderr := newLineWriter("")
	start := time.Now()
	code := prog.Run(ctx, runtime.Config{
		Modules: stdlib.Modules(),
		Argv:    append([]string{"script.star"}, argv...),
		Stdout:  stdout,
		Stderr:  stderr,
	})
	return result{code, stdout.String(), stderr.String(), time.Since(start)}
}

// TestUnlockedAppendLosesNothing: 50 threads append to one global list
// without a lock; the interpreter lock keeps every item (go test -race
// checks that no Go data race happens on the way).
func TestUnlockedAppendLosesNothing(t *testing.T) {
	src := `import threading
items = []
counts = {}
def work(n):
    for i in range(1000):
        items.append((n, i))
        counts[n] = counts.get(n, 0) + 1
threads = [threading.Thread(target=work, args=(n,)) for n in range(50)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(items), len(set(items)), sum(counts.values()))
`
	r := run(t, context.Background(), src, nil)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "50000 50000 50000\n", r.stdout)
}

// TestGlobalsAfterMainEnds: module globals are not frozen when the main
// code ends (Program.Init does not freeze them), so a thread still running
// then goes on mutating them, and the run waits for it.
func TestGlobalsAfterMainEnds(t *testing.T) {
	src := `import threading
log = []
go = threading.Event()
def late():
    go.wait()
    log.append("late")
    print(log)
threading.Thread(target=late).start()
threading.Timer(0.01, go.set).start()
print("main done")
`
	r := run(t, context.Background(), src, nil)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "main done\n['late']\n", r.stdout)
}

func TestUncaughtErrorInThread(t *testing.T) {
	src := `import threading
def worker():
    throw(ValueError("x"))
def other(n):
    print("other", n)
t = threading.Thread(target=worker)
t.start()
t.join()
threading.Thread(target=other, args=(1,), name="calm").start()
`
	r := run(t, context.Background(), src, nil)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "other 1\n", r.stdout)
	assert.Equal(t, `Exception in thread Thread-1 (worker):
Traceback (most recent call last):
  File "script.star", line 3, in worker
    throw(ValueError("x"))
ValueError: x
`, r.stderr)
}

func TestSystemExitInThreadIsSilent(t *testing.T) {
	r := run(t, context.Background(), "import threading, sys\nt = threading.Thread(target=sys.exit, args=(3,))\nt.start()\nt.join()\nprint('on')\n", nil)
	assert.Equal(t, 0, r.code)
	assert.Equal(t, "on\n", r.stdout)
	assert.Equal(t, "", r.stderr)
}

// TestMainErrorStillWaitsForThreads: as CPython, the main thread's traceback
// comes first, then the run waits for its threads, then exits 1.
func TestMainErrorStillWaitsForThreads(t *testing.T) {
	src := `import threading
go = threading.Event()
def worker():
    go.wait()
    print("worker done")
threading.Thread(target=worker).start()
threading.Timer(0.05, go.set).start()
throw(ValueError("main failed"))
`
	r := run(t, context.Background(), src, nil)
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "worker done\n", r.stdout)
	assert.Contains(t, r.stderr, "ValueError: main failed\n")
}

func TestDaemonThreadsDoNotHoldTheRun(t *testing.T) {
	before := goruntime.NumGoroutine()
	src := `import threading, time
threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
threading.Thread(target=threading.Event().wait, daemon=True).start()
def spin():
    while True:
        pass
threading.Thread(target=spin, daemon=True).start()
print("bye")
`
	r := run(t, context.Background(), src, nil)
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "bye\n", r.stdout)
	assert.Less(t, r.took, time.Second)
	waitGoroutines(t, before)
}

// TestSysExitEndsEveryThread: sys.exit in the main thread ends threads that
// wait, as the issue asks (CPython would wait for non-daemon ones).
func TestSysExitEndsEveryThread(t *testing.T) {
	src := `import threading, time, sys
threading.Thread(target=time.sleep, args=(60,)).start()
threading.Thread(target=threading.Event().wait).start()
sys.exit(3)
`
	r := run(t, context.Background(), src, nil)
	assert.Equal(t, 3, r.code, r.stderr)
	assert.Equal(t, "", r.stderr)
	assert.Less(t, r.took, time.Second)
}

// blockedScript starts threads that block in every kind of wait, then says
// "ready" and blocks in join. Thread.start hands the interpreter lock to the
// new thread until it blocks, so "ready" comes once they all wait.
const blockedScript = `import threading, queue, socket, time
lock = threading.Lock()
lock.acquire()
rlock = threading.RLock()
q = queue.Queue()
full = queue.Queue(1)
full.put(0)
cond = threading.Condition()
sem = threading.Semaphore(0)
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(5)
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
def take_rlock():
    rlock.acquire()
def wait_cond():
    cond.acquire()
    cond.wait()
never = threading.Thread(target=threading.Event().wait)
targets = [
    (lock.acquire, ()),
    (q.get, ()),
    (full.put, (1,)),
    (q.join, ()),
    (time.sleep, (60,)),
    (conn.recv, (10,)),
    (srv.accept, ()),
    (sem.acquire, ()),
    (wait_cond, ()),
    (never.join, ()),
]
rlock.acquire()
q.put(1)
q.get()
threads = [threading.Thread(target=take_rlock)]
for fn, args in targets:
    threads.append(threading.Thread(target=fn, args=args))
never.start()
for t in threads:
    t.start()
print("ready", threading.active_count())
threads[1].join()
`

func TestCancelEndsBlockedThreads(t *testing.T) {
	fdsBefore := leaktest.OpenFDs(t)
	before := goroutines()
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	out := newLineWriter("ready")
	done := make(chan result, 1)
	go func() { done <- run(t, ctx, blockedScript, out) }()
	select {
	case <-out.found:
	case r := <-done:
		t.Fatalf("script ended early: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	cancelled := time.Now()
	cancel(py.New(py.KeyboardInterrupt))
	r := <-done
	assert.Less(t, time.Since(cancelled), time.Second)
	assert.Equal(t, runtime.ExitInterrupt, r.code)
	assert.Equal(t, "ready 13\n", r.stdout)
	assert.True(t, strings.HasSuffix(r.stderr, "KeyboardInterrupt\n"), r.stderr)
	assert.NotContains(t, r.stderr, "Exception in thread")
	waitGoroutines(t, before)
	assert.Equal(t, fdsBefore, leaktest.OpenFDs(t))
}

// TestCancelWhileWaitingForThreads: the main code has ended and the run
// waits for a thread; a cancel ends it with KeyboardInterrupt.
func TestCancelWhileWaitingForThreads(t *testing.T) {
	before := goroutines()
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	out := newLineWriter("main done")
	done := make(chan result, 1)
	go func() {
		done <- run(t, ctx, "import threading\nthreading.Thread(target=threading.Event().wait).start()\nprint('main done')\n", out)
	}()
	<-out.found
	cancelled := time.Now()
	cancel(py.New(py.KeyboardInterrupt))
	r := <-done
	assert.Less(t, time.Since(cancelled), time.Second)
	assert.Equal(t, runtime.ExitInterrupt, r.code)
	// The line is out while print still returns: a cancel that lands in the
	// main code's last steps shows that line, as CPython's Ctrl-C would.
	if r.stderr != "KeyboardInterrupt\n" {
		assert.Equal(t, "Traceback (most recent call last):\n  File \"script.star\", line 3, in <module>\n    print('main done')\nKeyboardInterrupt\n", r.stderr)
	}
	waitGoroutines(t, before)
}

func goroutines() int {
	goruntime.GC()
	return goruntime.NumGoroutine()
}

// waitGoroutines waits up to 2 s for goroutines that are ending to be gone.
func waitGoroutines(t *testing.T, want int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for goroutines() > want && time.Now().Before(deadline) {
		goruntime.Gosched()
		time.Sleep(time.Millisecond)
	}
	if n := goroutines(); n > want {
		buf := make([]byte, 1<<20)
		t.Fatalf("%d goroutines left, want %d\n%s", n, want, buf[:goruntime.Stack(buf, true)])
	}
}

// A _thread thread's uncaught exception is reported as CPython's
// unraisable hook reports it; SystemExit ends the thread quietly.
func TestUncaughtErrorInThreadModule(t *testing.T) {
	src := `import _thread
done = _thread.allocate_lock()
done.acquire()
def worker():
    try:
        raise ValueError("x")
    finally:
        done.release()
_thread.start_new_thread(worker, ())
done.acquire()
def quiet():
    try:
        raise SystemExit(3)
    finally:
        done.release()
_thread.start_new_thread(quiet, ())
done.acquire()
print("main goes on")
`
	r := run(t, context.Background(), src, nil)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "main goes on\n", r.stdout)
	assert.Regexp(t, `^Exception ignored in thread started by: <function worker at 0x[0-9a-f]+>
Traceback \(most recent call last\):
  File "script.star", line 6, in worker
    raise ValueError\("x"\)
ValueError: x
$`, r.stderr)
}

// The run does not wait for _thread threads, as CPython does not at exit:
// they end with it, even blocked.
func TestThreadModuleThreadsEndWithTheRun(t *testing.T) {
	before := goruntime.NumGoroutine()
	src := `import _thread
started = _thread.allocate_lock()
started.acquire()
never = _thread.allocate_lock()
never.acquire()
def blocked():
    started.release()
    never.acquire()
    print("not reached")
for _ in range(3):
    _thread.start_new_thread(blocked, ())
    started.acquire()
print("main done")
`
	r := run(t, context.Background(), src, nil)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "main done\n", r.stdout)
	assert.Less(t, r.took, 5*time.Second)
	assert.LessOrEqual(t, leaktest.Settle(before), before)
}
