package concurrent_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	goruntime "runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime"
	"sockstar/runtime/leaktest"
	"sockstar/runtime/py"
	"sockstar/runtime/startest"
	"sockstar/stdlib"
)

// run runs src as script.py.
func run(t *testing.T, src string) startest.Result {
	t.Helper()
	return startest.Source(t, "script.py", src, stdlib.Modules())
}

// A failing initializer is reported, and breaks the pool: the work queued
// and any later submit fail with BrokenThreadPool.
func TestInitializerFailureBreaksThePool(t *testing.T) {
	r := run(t, `from concurrent.futures import ThreadPoolExecutor
def init(x):
    raise ValueError(x)
ex = ThreadPoolExecutor(1, initializer=init, initargs=('bad',))
f = ex.submit(print, 'never')
try:
    f.result()
except Exception as e:
    print(type(e).__name__, '|', e)
try:
    ex.submit(print, 'never')
except Exception as e:
    print(type(e).__name__, '|', e)
`)
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Equal(t, "BrokenThreadPool | A thread initializer failed, the thread pool is not usable anymore\n"+
		"BrokenThreadPool | A thread initializer failed, the thread pool is not usable anymore\n", r.Stdout)
	assert.Equal(t, `Exception in initializer:
Traceback (most recent call last):
  File "script.py", line 3, in init
    raise ValueError(x)
ValueError: bad
`, r.Stderr)
}

// A run is one process: ProcessPoolExecutor says to use threads.
func TestProcessPoolRefused(t *testing.T) {
	r := run(t, "import concurrent.futures\nconcurrent.futures.ProcessPoolExecutor()\n")
	assert.Equal(t, 1, r.Code)
	assert.Contains(t, r.Stderr, "NotImplementedError: ProcessPoolExecutor is not supported: a sockstar run is a single process; use ThreadPoolExecutor\n")
}

// A task's exception raised again by result() has the task's frames under
// the caller's.
func TestResultTraceback(t *testing.T) {
	r := run(t, `from concurrent.futures import ThreadPoolExecutor
def task(n):
    return 10 // n
with ThreadPoolExecutor() as ex:
    f = ex.submit(task, 0)
f.result()
`)
	assert.Equal(t, 1, r.Code)
	assert.Equal(t, `Traceback (most recent call last):
  File "script.py", line 6, in <module>
    f.result()
  File "script.py", line 3, in task
    return 10 // n
ZeroDivisionError: integer division or modulo by zero
`, r.Stderr)
}

// Ctrl-C ends a run whose main thread waits on a future and whose workers
// are blocked, in a task or waiting for work: nothing is left behind.
func TestCancelEndsPoolAndWaits(t *testing.T) {
	goroutines, fds := goruntime.NumGoroutine(), leaktest.OpenFDs(t)
	prog, err := runtime.Compile("pool.py", []byte(`import socket
from concurrent.futures import ThreadPoolExecutor
a, b = socket.socketpair()
ex = ThreadPoolExecutor(4)
futures = [ex.submit(a.recv, 10), ex.submit(a.recv, 10)]
print('ready', flush=True)
futures[0].result()
`), stdlib.Modules())
	require.NoError(t, err)
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancelCause(context.Background())
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- prog.Run(ctx, runtime.Config{Modules: stdlib.Modules(), Argv: []string{"pool.py"}, Stdout: outW, Stderr: &stderr})
		outW.Close()
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "ready\n", line)
	go io.Copy(io.Discard, outR)
	cancel(py.New(py.KeyboardInterrupt))
	select {
	case code := <-done:
		assert.Equal(t, runtime.ExitInterrupt, code)
	case <-time.After(5 * time.Second):
		t.Fatal("the run did not end within 5 s of the cancel")
	}
	assert.Contains(t, stderr.String(), "KeyboardInterrupt")
	assert.Equal(t, fds, leaktest.OpenFDs(t), "descriptors left open")
	assert.LessOrEqual(t, leaktest.Settle(goroutines), goroutines, "goroutines left running")
}

// Idle workers do not keep a run alive once its main code has ended.
func TestIdleWorkersEndWithTheRun(t *testing.T) {
	start := time.Now()
	r := run(t, `from concurrent.futures import ThreadPoolExecutor
ex = ThreadPoolExecutor(8)
print(sum(ex.map(abs, range(-50, 50))))
`)
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Equal(t, "2500\n", r.Stdout)
	assert.Less(t, time.Since(start), 5*time.Second)
}
