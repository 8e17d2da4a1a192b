package socket_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A connection a handler thread drops unclosed is closed once the thread
// has ended, as CPython closes it when the thread's frame lets go of its
// last reference: the client's recv sees the end of the stream, not its
// own timeout (60 s, far past the test's patience for a close).
func TestEndedThreadClosesItsSocket(t *testing.T) {
	code, out, errOut := run(t, `import socket, threading
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
def handle(conn):
    conn.sendall(b"hi")
def serve():
    conn, _ = srv.accept()
    threading.Thread(target=handle, args=(conn,)).start()
threading.Thread(target=serve).start()
cli = socket.create_connection(srv.getsockname())
cli.settimeout(60)
print(cli.recv(10))
try:
    print(cli.recv(10))
except socket.timeout:
    print("timeout")
`, nil)
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "b'hi'\nb''\n", out)
}

// A socket the main thread drops while it goes on to wait for its peer is
// closed once the run stands still: the wait sees the end of the stream.
func TestDroppedSocketClosedWhileWaiting(t *testing.T) {
	code, out, errOut := run(t, `import socket
a, b = socket.socketpair()
a.sendall(b"x")
a = None
b.settimeout(60)
print(b.recv(10))
print(b.recv(10))
`, nil)
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "b'x'\nb''\n", out)
}

// A handler thread that dies of an uncaught exception lets go of its
// connection as one that returns does.
func TestFailedThreadClosesItsSocket(t *testing.T) {
	code, out, errOut := run(t, `import socket, threading
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
def handle(conn):
    conn.sendall(b"hi")
    raise ValueError("boom")
def serve():
    conn, _ = srv.accept()
    threading.Thread(target=handle, args=(conn,)).start()
threading.Thread(target=serve).start()
cli = socket.create_connection(srv.getsockname())
cli.settimeout(60)
print(cli.recv(10))
print(cli.recv(10))
`, nil)
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "b'hi'\nb''\n", out)
	assert.Contains(t, errOut, "ValueError: boom")
}

// A pool worker lets go of a task's arguments once it has run it, as
// CPython's drops its work item: the connection handed to it is closed
// while the worker waits for more work.
func TestPoolTaskLetsGoOfItsSocket(t *testing.T) {
	code, out, errOut := run(t, `import socket
from concurrent.futures import ThreadPoolExecutor
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
ex = ThreadPoolExecutor(2)
def handle(conn):
    conn.sendall(b"hi")
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
f = ex.submit(handle, conn)
conn = None
f.result()
cli.settimeout(60)
print(cli.recv(10))
print(cli.recv(10))
ex.shutdown()
`, nil)
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "b'hi'\nb''\n", out)
}
