package scenario

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/stdlib"
)

// onBoth runs a scenario directory on the kernel's network and under
// --sim, and returns the two results.
func onBoth(t *testing.T, dir string) (kernel, sim *Result) {
	t.Helper()
	scs, err := Load(dir)
	require.NoError(t, err)
	kernel = Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Seed: 1})
	require.NoError(t, kernel.Err)
	sim = Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Sim: true, Seed: 1})
	require.NoError(t, sim.Err)
	return kernel, sim
}

// on(sent(...), reset(...)) resets the connection with a real RST on the
// kernel's network: both ends report ECONNRESET, as under --sim, and the
// bytes that triggered it never arrive.
func TestKernelResetOnSent(t *testing.T) {
	kernel, sim := onBoth(t, linkDir(t, map[string]string{"server.py": chatServer, "client.py": chatClient, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1"), role("client", "client.py", host = "192.168.1.2")],
    faults = [on(sent("client", contains = b"QUIT"), reset("client", "server"))],
)`}))
	for _, res := range []*Result{kernel, sim} {
		assert.Equal(t, "b'hello' b'ok'\nb'QUIT' ConnectionResetError 104\n", res.Role("client").Stdout, Report(res))
		assert.Equal(t, "got b'hello'\nreset 104\n", res.Role("server").Stdout, Report(res))
	}
}

const resetServer = `import socket
srv = socket.socket()
srv.bind(("192.168.1.1", 7000))
srv.listen(1)
conn, _ = srv.accept()
conn.sendall(b"hi")
if conn.recv(10) == b"half":
    conn.shutdown(socket.SHUT_WR)
for i in range(2):
    try:
        print("server", i, conn.recv(10))
    except OSError as e:
        print("server", i, type(e).__name__, e.errno)
try:
    conn.send(b"x")
except OSError as e:
    print("server send", type(e).__name__, e.errno)
`

const resetClient = `import socket, sys, time
s = socket.create_connection(("192.168.1.1", 7000))
print("client", s.recv(10))
s.sendall(sys.argv[1].encode())
if sys.argv[1] == "half":
    print("client", s.recv(10))
    time.sleep(0.5)
else:
    try:
        s.recv(10)
    except OSError as e:
        print("client", type(e).__name__, e.errno)
for i in range(2):
    try:
        s.send(b"x")
    except OSError as e:
        print("client send", type(e).__name__, e.errno)
print("client", s.recv(10), s.fileno() > 0)
`

// at(t, reset(a, b)) on the kernel's network: each end of the connection
// reports what Linux reports after a RST, and one whose peer had closed
// (CLOSE_WAIT) EPIPE, as under --sim; the sockets stay open.
func TestKernelTimedReset(t *testing.T) {
	for _, c := range []struct{ arg, client, server string }{
		{"both", "client b'hi'\nclient ConnectionResetError 104\nclient send BrokenPipeError 32\nclient send BrokenPipeError 32\nclient b'' True\n",
			"server 0 ConnectionResetError 104\nserver 1 b''\nserver send BrokenPipeError 32\n"},
		{"half", "client b'hi'\nclient b''\nclient send BrokenPipeError 32\nclient send BrokenPipeError 32\nclient b'' True\n",
			"server 0 ConnectionResetError 104\nserver 1 b''\nserver send BrokenPipeError 32\n"},
	} {
		kernel, sim := onBoth(t, linkDir(t, map[string]string{"server.py": resetServer, "client.py": resetClient, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1"), role("client", "client.py", host = "192.168.1.2", args = ["` + c.arg + `"])],
    faults = [at("200ms", reset("client", "server"))],
)`}))
		for _, res := range []*Result{sim, kernel} {
			assert.Equal(t, c.client, res.Role("client").Stdout, Report(res)+res.Role("client").Stderr+res.Role("server").Stderr)
			assert.Equal(t, c.server, res.Role("server").Stdout, Report(res))
		}
	}
}

// A partition on the kernel's network, as under --sim: a datagram across
// it is lost, a connect across it goes unanswered until its timeout, and
// one after the heal gets through.
func TestKernelPartition(t *testing.T) {
	kernel, sim := onBoth(t, linkDir(t, map[string]string{"server.py": `import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("192.168.1.1", 7001))
srv = socket.socket()
srv.bind(("192.168.1.1", 7000))
srv.listen(5)
conn, _ = srv.accept()
print("accepted")
`, "client.py": `import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(0.2)
u.sendto(b"ping", ("192.168.1.1", 7001))
try:
    u.recvfrom(100)
except OSError as e:
    print("udp", type(e).__name__, e)
for attempt in range(1, 20):
    s = socket.socket()
    s.settimeout(0.3)
    try:
        s.connect(("192.168.1.1", 7000))
        print("connected")
        break
    except OSError as e:
        if attempt == 1:
            print("connect", type(e).__name__, e)
        s.close()
`, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1"), role("client", "client.py", host = "192.168.1.2")],
    faults = [partition("client", "server"), at("400ms", heal("client", "server"))],
)`}))
	for _, res := range []*Result{sim, kernel} {
		assert.Equal(t, "udp TimeoutError timed out\nconnect TimeoutError timed out\nconnected\n", res.Role("client").Stdout, Report(res))
		assert.Equal(t, "accepted\n", res.Role("server").Stdout, Report(res))
	}
}

// limit_data and slow_close on the kernel's network, as under --sim.
func TestKernelLimitDataAndSlowClose(t *testing.T) {
	kernel, sim := onBoth(t, linkDir(t, limitDataFiles))
	for _, res := range []*Result{sim, kernel} {
		assert.Equal(t, "0 b'ok'\n1 b'ok'\n2 ConnectionResetError 104\n", res.Role("client").Stdout, Report(res))
	}

	kernel, sim = onBoth(t, linkDir(t, map[string]string{"server.py": `import socket
srv = socket.socket()
srv.bind(("192.168.1.1", 7000))
srv.listen(1)
c, _ = srv.accept()
c.sendall(b"bye")
c.close()
c2, _ = srv.accept()
c2.close()
`, "client.py": `import socket, time
s = socket.create_connection(("192.168.1.1", 7000))
print(s.recv(10))
s.settimeout(0.3)
try:
    s.recv(10)
except OSError as e:
    print(type(e).__name__, e)
s.settimeout(None)
print(s.recv(10))
socket.create_connection(("192.168.1.1", 7000)).close()
`, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1"), role("client", "client.py", host = "192.168.1.2")],
    faults = [slow_close("server", delay = "600ms")],
)`}))
	for _, res := range []*Result{sim, kernel} {
		assert.Equal(t, "b'bye'\nTimeoutError timed out\nb''\n", res.Role("client").Stdout, Report(res))
	}
}

// A link's delay on the kernel's network, as under --sim: a datagram and
// its answer each take the delay; a stream arrives whole, in order, no
// sooner than the delay after it was sent, and its end after its bytes;
// the sender's sendall and close return before it arrives.
func TestKernelDelay(t *testing.T) {
	kernel, sim := onBoth(t, linkDir(t, map[string]string{"server.py": `import socket, time, hashlib
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("192.168.1.1", 7001))
srv = socket.socket()
srv.bind(("192.168.1.1", 7000))
srv.listen(1)
data, addr = u.recvfrom(100)
u.sendto(data, addr)
conn, _ = srv.accept()
data = b""
while True:
    chunk = conn.recv(65536)
    if not chunk:
        break
    if not data:
        first = time.monotonic()
    data += chunk
sent = float(data[:20])
print(len(data), hashlib.sha256(data[20:]).hexdigest()[:16], first - sent >= 0.1)
conn.sendall(b"done")
`, "client.py": `import socket, time
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t0 = time.monotonic()
u.sendto(b"x", ("192.168.1.1", 7001))
u.recvfrom(100)
print("round trip", time.monotonic() - t0 >= 0.2)
s = socket.create_connection(("192.168.1.1", 7000))
t0 = time.monotonic()
s.sendall(b"%20.6f" % t0 + bytes(range(256)) * 400)
s.shutdown(socket.SHUT_WR)
returned = time.monotonic()
print(s.recv(10), time.monotonic() - returned >= 0.2)
`, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1"), role("client", "client.py", host = "192.168.1.2")],
    links = [link("client", "server", delay = "100ms", jitter = "5ms")],
)`}))
	for _, res := range []*Result{sim, kernel} {
		assert.Equal(t, "round trip True\nb'done' True\n", res.Role("client").Stdout, Report(res))
		assert.Equal(t, "102420 27783e87963a4efb True\n", res.Role("server").Stdout, Report(res))
	}
}

// A partition on the kernel's network holds what an existing connection
// sends until the heal (under --sim TCP retransmits it then); hold and
// release hold a direction's datagrams.
func TestKernelPartitionHoldsAConnection(t *testing.T) {
	kernel, sim := onBoth(t, linkDir(t, map[string]string{"server.py": `import socket, time
srv = socket.socket()
srv.bind(("192.168.1.1", 7000))
srv.listen(1)
conn, _ = srv.accept()
t0 = time.monotonic()
print(conn.recv(10), time.monotonic() - t0 >= 0.45)
conn.sendall(b"pong")
`, "client.py": `import socket, time
s = socket.create_connection(("192.168.1.1", 7000))
time.sleep(0.3)
s.sendall(b"ping")
print(s.recv(10))
`, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1"), role("client", "client.py", host = "192.168.1.2")],
    faults = [at("200ms", partition("client", "server")), at("600ms", heal("client", "server"))],
)`}))
	for _, res := range []*Result{sim, kernel} {
		assert.Equal(t, "b'pong'\n", res.Role("client").Stdout, Report(res))
		assert.Equal(t, "b'ping' True\n", res.Role("server").Stdout, Report(res))
	}

	kernel, sim = onBoth(t, linkDir(t, map[string]string{"server.py": echoServerUDP, "client.py": `import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t0 = time.monotonic()
s.sendto(b"x", ("192.168.1.1", 7001))
print(s.recvfrom(100)[0], time.monotonic() - t0 >= 0.2)
`, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1", daemon = True), role("client", "client.py", host = "192.168.1.2")],
    faults = [hold("client", "server"), at("300ms", release("client", "server"))],
)`}))
	for _, res := range []*Result{sim, kernel} {
		assert.Equal(t, "b'1' True\n", res.Role("client").Stdout, Report(res))
	}
}

// The kernel's network notes its faults in the trace, as the sim does.
func TestKernelFaultsInTheTrace(t *testing.T) {
	scs, err := Load(linkDir(t, map[string]string{"server.py": chatServer, "client.py": chatClient, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1"), role("client", "client.py", host = "192.168.1.2")],
    faults = [partition("client", "server"), heal("client", "server"), on(sent("client", contains = b"QUIT"), reset("client", "server"))],
)`}))
	require.NoError(t, err)
	res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Record: true})
	require.NoError(t, res.Err)
	var faults []string
	for _, e := range res.Events {
		if e.Kind == "fault" {
			faults = append(faults, e.Role+": "+e.Msg)
		}
	}
	assert.Equal(t, []string{"client: partition: client | server", "client: heal: client - server",
		`client: reset: client - server (on client's send of "QUIT")`}, faults)
}

// A link's rate on the kernel's network, as under --sim: 100 kB at
// 1 Mbit/s take at least 0.8 s to arrive.
func TestKernelRate(t *testing.T) {
	kernel, sim := onBoth(t, linkDir(t, map[string]string{"server.py": countingServer, "client.py": `import socket, time
s = socket.create_connection(("192.168.1.1", 7000))
t0 = time.monotonic()
s.sendall(bytes(100000))
s.shutdown(socket.SHUT_WR)
print(s.recv(100), time.monotonic() - t0 >= 0.8)
`, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1"), role("client", "client.py", host = "192.168.1.2")],
    links = [link("client", "server", rate = "1mbit")],
)`}))
	for _, res := range []*Result{sim, kernel} {
		assert.Equal(t, "b'100000' True\n", res.Role("client").Stdout, Report(res))
	}
}

// A TCP connect whose answers would cross a lossy link (one way, from the
// server) fails on the kernel's network too, naming --sim.
func TestKernelLossyLinkBackFailsConnect(t *testing.T) {
	scs, err := Load(linkDir(t, map[string]string{"server.py": streamServer, "client.py": streamClient, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1", daemon = True), role("client", "client.py", host = "192.168.1.2", exit = 1)],
    links = [link("server", "client", loss = 0.1, both = False)],
)`}))
	require.NoError(t, err)
	res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules()})
	require.NoError(t, res.Err)
	assert.Contains(t, res.Role("client").Stderr, "scenario.star:4: the kernel's network cannot lose TCP segments; run with --sim")
}

// A hold either way keeps a connect from completing until the release, on
// the kernel's network as under --sim; the socket's timeout ends it first.
func TestKernelHoldHoldsAConnect(t *testing.T) {
	kernel, sim := onBoth(t, linkDir(t, map[string]string{"server.py": `import socket
srv = socket.socket()
srv.bind(("192.168.1.1", 7000))
srv.listen(5)
conn, _ = srv.accept()
print("accepted", conn.recv(10))
`, "client.py": `import socket, time
t0 = time.monotonic()
s = socket.socket()
s.settimeout(0.1)
try:
    s.connect(("192.168.1.1", 7000))
except OSError as e:
    print("connect", type(e).__name__, e)
s.close()
s = socket.create_connection(("192.168.1.1", 7000))
print("connected", time.monotonic() - t0 >= 0.2)
s.sendall(b"hi")
`, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1"), role("client", "client.py", host = "192.168.1.2")],
    faults = [hold("server", "client"), at("300ms", release("server", "client"))],
)`}))
	for _, res := range []*Result{sim, kernel} {
		assert.Equal(t, "connect TimeoutError timed out\nconnected True\n", res.Role("client").Stdout, Report(res)+res.Role("client").Stderr)
		assert.Equal(t, "accepted b'hi'\n", res.Role("server").Stdout, Report(res))
	}
}
