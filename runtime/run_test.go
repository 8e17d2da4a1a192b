package runtime_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	goruntime "runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime"
	"sockstar/runtime/host"
	"sockstar/runtime/leaktest"
	"sockstar/runtime/py"
	"sockstar/stdlib"
)

type result struct {
	code   int
	stdout string
	stderr string
}

func run(t *testing.T, src string, stdin string, argv ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	prog, err := runtime.Compile("script.star", []byte(src), stdlib.Modules())
	if err != nil {
		return result{code: runtime.ExitUsage, stderr: err.Error()}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code := prog.Run(ctx, runtime.Config{
		Modules: stdlib.Modules(),
		Argv:    append([]string{"script.star"}, argv...),
		Stdin:   strings.NewReader(stdin),
		Stdout:  &out,
		Stderr:  &errOut,
	})
	return result{code, out.String(), errOut.String()}
}

func TestExitStatus(t *testing.T) {
	for _, tc := range []struct {
		src  string
		code int
		err  string
	}{
		{"print('ok')", 0, ""},
		{"import sys\nsys.exit()", 0, ""},
		{"import sys\nsys.exit(3)", 3, ""},
		{"import sys\nsys.exit('bye')", 1, "bye\n"},
		{"exit(4)", 4, ""},
		{"throw(SystemExit(5))", 5, ""},
		{"x = 1 + 'a'", 1, "TypeError: "},
		{"throw(ValueError('bad value'))", 1, "ValueError: bad value\n"},
	} {
		r := run(t, tc.src, "")
		assert.Equal(t, tc.code, r.code, tc.src)
		assert.Contains(t, r.stderr, tc.err, tc.src)
	}
}

func TestTracebackNamesFileLineAndFunction(t *testing.T) {
	src := "import socket\n\ndef handle(conn):\n    conn.send('text')\n\ns = socket.socket()\nhandle(s)\n"
	r := run(t, src, "")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, `Traceback (most recent call last):
  File "script.star", line 7, in <module>
    handle(s)
  File "script.star", line 4, in handle
    conn.send('text')
TypeError: a bytes-like object is required, not 'str'
`, r.stderr)
}

func TestSyntaxErrorIsReportedBeforeRunning(t *testing.T) {
	_, err := runtime.Compile("bad.star", []byte("print('x')\nif x\n"), stdlib.Modules())
	require.Error(t, err)
	assert.Regexp(t, `^bad.star:\d+:\d+: `, err.Error())
}

func TestImportForms(t *testing.T) {
	src := `import socket, sys
import struct as st
from socket import AF_INET, SOCK_STREAM
from socket import (
    SOCK_DGRAM,
    SOL_SOCKET,
)
from socket import *
if __name__ == '__main__':
    import time
    print(AF_INET, SOCK_STREAM, SOCK_DGRAM, SOL_SOCKET, socket, timeout)
def f():
    import sys as s2
    return s2.byteorder
print(f(), st.calcsize('!I'))
print(error)
`
	r := run(t, src, "")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "2 1 2 1 <class 'socket.socket'> <class 'TimeoutError'>\nlittle 4\n<class 'OSError'>\n", r.stdout)
	r = run(t, "import nosuch\n", "")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "ModuleNotFoundError: No module named 'nosuch'")
	r = run(t, "\n\nfrom socket import nosuch\n", "")
	assert.Contains(t, r.stderr, "line 3")
	assert.Contains(t, r.stderr, "ImportError: cannot import name 'nosuch' from 'socket'")
}

func TestCatchAndThrow(t *testing.T) {
	src := `import socket
def risky(n):
    if n > 1:
        throw(ValueError("too big: %d" % n))
    return n * 2
print(catch(risky, 1))
r, e = catch(risky, 5)
print(r, repr(e), isinstance(e, ValueError), isinstance(e, Exception), isinstance(e, OSError))
_, e = catch(lambda: 1 // 0)
print(type(e).__name__)
_, e = catch(lambda: [1][3])
print(type(e).__name__)
_, e = catch(lambda: {}["k"])
print(type(e).__name__, e)
e = OSError(111, "Connection refused")
print(type(e), e, e.errno, e.strerror)
_, e = catch(throw, e)
print(type(e).__name__)
_, e = catch(input)
print(repr(e))
`
	r := run(t, src, "")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, `(2, None)
None ValueError('too big: 5') True True False
ZeroDivisionError
IndexError
KeyError 'k'
<class 'ConnectionRefusedError'> [Errno 111] Connection refused 111 Connection refused
ConnectionRefusedError
EOFError('EOF when reading a line')
`, r.stdout)
}

func TestSystemExitIsNotCaught(t *testing.T) {
	r := run(t, "import sys\ncatch(sys.exit, 7)\nprint('not reached')\n", "")
	assert.Equal(t, 7, r.code)
	assert.Empty(t, r.stdout)
}

func TestInputReadsLinesThenEOF(t *testing.T) {
	r := run(t, "a = input('name? ')\nb = raw_input()\nprint(a, b)\ninput()\n", "alice\nbob\n")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "name? alice bob\n", r.stdout)
	assert.Contains(t, r.stderr, "EOFError: EOF when reading a line")
}

func TestArgv(t *testing.T) {
	r := run(t, "import sys\nprint(sys.argv)\n", "", "a", "b c")
	assert.Equal(t, "['script.star', 'a', 'b c']\n", r.stdout)
}

// TestCancelEndsBlockedCalls starts scripts that block, waits for the line
// each prints just before blocking, cancels the run as SIGINT would, and
// checks the run ends promptly with KeyboardInterrupt, leaving nothing open.
func TestCancelEndsBlockedCalls(t *testing.T) {
	scripts := map[string]string{
		"accept":   "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen(1)\nprint('ready', flush=True)\ns.accept()\n",
		"recv":     "import socket\na, b = socket.socketpair()\nprint('ready')\na.recv(10)\n",
		"recvfrom": "import socket\nu = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nu.bind(('127.0.0.1', 0))\nprint('ready')\nu.recvfrom(10)\n",
		"timeout":  "import socket\na, b = socket.socketpair()\na.settimeout(60)\nprint('ready')\na.recv(10)\n",
		"sleep":    "import time\nprint('ready')\ntime.sleep(60)\n",
		"input":    "print('ready')\ninput()\n",
		"loop":     "print('ready')\nwhile True:\n    pass\n",
	}
	for name, src := range scripts {
		t.Run(name, func(t *testing.T) {
			goroutines, fds := goruntime.NumGoroutine(), leaktest.OpenFDs(t)
			prog, err := runtime.Compile(name+".star", []byte(src), stdlib.Modules())
			require.NoError(t, err)
			stdinR, stdinW := io.Pipe()
			defer stdinW.Close()
			outR, outW := io.Pipe()
			var stderr bytes.Buffer
			ctx, cancel := context.WithCancelCause(context.Background())
			done := make(chan int, 1)
			go func() {
				done <- prog.Run(ctx, runtime.Config{Modules: stdlib.Modules(), Argv: []string{name}, Stdin: stdinR, Stdout: outW, Stderr: &stderr})
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
				assert.Contains(t, stderr.String(), "KeyboardInterrupt")
			case <-time.After(time.Second):
				t.Fatal("the run did not end within one second of the cancel")
			}
			stdinW.Close()
			assert.Equal(t, fds, leaktest.OpenFDs(t), "descriptors left open")
			assert.LessOrEqual(t, leaktest.Settle(goroutines), goroutines, "goroutines left running")
		})
	}
}

func TestProcessClosesWhatTheScriptLeftOpen(t *testing.T) {
	fds := leaktest.OpenFDs(t)
	var p *host.Process
	prog, err := runtime.Compile("open.star", []byte("import socket\nkeep = [socket.socket() for _ in range(5)]\nu = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"), stdlib.Modules())
	require.NoError(t, err)
	code := prog.Run(context.Background(), runtime.Config{
		Modules: stdlib.Modules(), Stdout: io.Discard, Stderr: io.Discard,
		Setup: func(proc *host.Process) { p = proc },
	})
	assert.Equal(t, 0, code)
	assert.Equal(t, 0, p.OpenResources())
	assert.Equal(t, fds, leaktest.OpenFDs(t))
}

// TestPythonFormsStarlarkLacks runs the Python syntax the runtime rewrites
// before parsing, as a port would write it.
func TestPythonFormsStarlarkLacks(t *testing.T) {
	src := `words = ["12", "apples"]
print(*words, sep="|")
print(2 ** 10, -2 ** 2, 2 ** 3 ** 2)
port = 8080
print(0 <= port <= 65535, 1 < 0 < 2)
a = b = [x for x in range(3)]
print(a, b, a is None, a is not None)
print(" ".join(str(n) for n in a), sum(n * n for n in a))
d = {"k": 1, "j": 2}
del d["k"]
print(d)
`
	r := run(t, src, "")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "12|apples\n1024 -4 512\nTrue False\n[0, 1, 2] [0, 1, 2] False True\n0 1 2 5\n{'j': 2}\n", r.stdout)
}

// TestLiveBeforeTheScriptCanBeSeen checks when Config.Live is called: before
// a script that names a builtin or imports starts, after a long computation,
// and never for a script that does neither.
func TestLiveBeforeTheScriptCanBeSeen(t *testing.T) {
	for _, tc := range []struct {
		src  string
		live bool
	}{
		{"", false},
		{"x = 1\nx += 2\n", false},
		{"print('hi')", true},
		{"import socket", true},
		{"n = 0\nfor i in range(100000):\n    n += i\n", true},
	} {
		var out bytes.Buffer
		prog, err := runtime.Compile("script.star", []byte(tc.src), stdlib.Modules())
		require.NoError(t, err, tc.src)
		calls, outAtLive := 0, "unset"
		code := prog.Run(context.Background(), runtime.Config{
			Argv:   []string{"script.star"},
			Stdout: &out,
			Stderr: &out,
			Live:   func() { calls++; outAtLive = out.String() },
		})
		assert.Equal(t, 0, code, tc.src)
		if tc.live {
			assert.Equal(t, 1, calls, tc.src)
			assert.Equal(t, "", outAtLive, tc.src)
		} else {
			assert.Equal(t, 0, calls, tc.src)
		}
	}
}

// What a script writes to a makefile() writer and never flushes is sent
// when the script ends, as CPython flushes open files at exit.
func TestMakefileFlushedAtExit(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	got := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- err.Error()
			return
		}
		defer c.Close()
		b, _ := io.ReadAll(c)
		got <- string(b)
	}()
	r := run(t, `import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
w = s.makefile("w")
w.write("text, never flushed\n")
b = s.makefile("wb")
b.write(b"bytes too\n")
`, "", strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	require.Equal(t, 0, r.code, r.stderr)
	select {
	case s := <-got:
		assert.Equal(t, "text, never flushed\nbytes too\n", s)
	case <-time.After(10 * time.Second):
		t.Fatal("the peer never saw the connection end")
	}
}
