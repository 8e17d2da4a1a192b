package scenario

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/stdlib"
)

// linkDir writes files into a temporary scenario directory.
func linkDir(t *testing.T, files map[string]string) string {
	dir := t.TempDir()
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	return dir
}

func runDir(t *testing.T, dir string, seed uint64) *Result {
	scs, err := Load(dir)
	require.NoError(t, err)
	res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Sim: true, Seed: seed})
	require.NoError(t, res.Err)
	return res
}

const streamServer = `import socket, hashlib, time
srv = socket.socket()
srv.bind(("192.168.1.1", 7000))
srv.listen(1)
conn, _ = srv.accept()
t0 = time.monotonic()
data = b""
while True:
    chunk = conn.recv(65536)
    if not chunk:
        break
    data += chunk
print(len(data), hashlib.sha256(data).hexdigest()[:16], time.monotonic() - t0 > 0.2)
`

const streamClient = `import socket
s = socket.create_connection(("192.168.1.1", 7000))
s.sendall(bytes(range(256)) * 400)
s.close()
`

// A lossy link delays a stream (retransmissions) but delivers it whole
// and in order.
func TestLossyLinkDeliversTheStream(t *testing.T) {
	dir := linkDir(t, map[string]string{"server.py": streamServer, "client.py": streamClient, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1"), role("client", "client.py", host = "192.168.1.2")],
    links = [link("client", "server", delay = "10ms", loss = "20%")],
)`})
	for seed := uint64(1); seed <= 3; seed++ {
		res := runDir(t, dir, seed)
		assert.Equal(t, "102400 27783e87963a4efb True\n", res.Role("server").Stdout, "seed %d: %s", seed, Report(res))
		assert.False(t, res.Failed(), "seed %d: %s", seed, Report(res))
	}
}

const udpServer = `import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.168.1.1", 7001))
while True:
    data, addr = s.recvfrom(100)
    s.sendto(data.upper(), addr)
`

const udpClient = `import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.5)
got = 0
tries = 0
for i in range(20):
    while True:
        tries += 1
        s.sendto(b"ping %d" % i, ("192.168.1.1", 7001))
        try:
            data, _ = s.recvfrom(100)
            break
        except socket.timeout:
            pass
    got += 1
print(got, tries > 20)
`

// A lossy link loses datagrams silently: a client that retries gets its
// answers, after more tries than messages.
func TestLossyLinkLosesDatagrams(t *testing.T) {
	dir := linkDir(t, map[string]string{"server.py": udpServer, "client.py": udpClient, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1", daemon = True), role("client", "client.py", host = "192.168.1.2")],
    links = [link("client", "server", loss = 0.3)],
)`})
	res := runDir(t, dir, 5)
	assert.Equal(t, "20 True\n", res.Role("client").Stdout, Report(res))
}

const partitionClient = `import socket, time
s = socket.create_connection(("192.168.1.1", 7000))
s.sendall(b"x" * 1000)
time.sleep(2)
t0 = time.monotonic()
s.sendall(b"y" * 1000)
try:
    s.recv(10)
except OSError as e:
    print(type(e).__name__, e.errno, round(time.monotonic() - t0))
`

// A partition that outlasts TCP's retransmissions ends the connection
// with ETIMEDOUT, at Linux's time.
func TestPartitionTimesOut(t *testing.T) {
	dir := linkDir(t, map[string]string{"server.py": streamServer, "client.py": partitionClient, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1", daemon = True), role("client", "client.py", host = "192.168.1.2")],
    faults = [at("1s", partition("client", "server"))],
    timeout = 3600,
)`})
	res := runDir(t, dir, 1)
	assert.Equal(t, "TimeoutError 110 925\n", res.Role("client").Stdout, Report(res))
}

// linkScenario runs a server and a client on two hosts with links and
// faults, and returns the client's output.
func linkScenario(t *testing.T, server, client, extra string) string {
	t.Helper()
	dir := linkDir(t, map[string]string{"server.py": server, "client.py": client, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1", daemon = True), role("client", "client.py", host = "192.168.1.2")],
    timeout = 3600,
    ` + extra + `
)`})
	res := runDir(t, dir, 1)
	require.False(t, res.Failed(), Report(res))
	return res.Role("client").Stdout
}

const echoServerUDP = `import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.168.1.1", 7001))
n = 0
while True:
    data, addr = s.recvfrom(100)
    n += 1
    s.sendto(b"%d" % n, addr)
`

// Exact effects under --sim: delay adds to each way; duplicate sends a
// datagram twice; a partition loses what crosses it and a heal lets TCP's
// retransmission through at Linux's backoff; rate spaces the packets.
func TestLinkEffects(t *testing.T) {
	out := linkScenario(t, echoServerUDP, `import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t0 = time.monotonic()
s.sendto(b"x", ("192.168.1.1", 7001))
s.recvfrom(100)
print(round((time.monotonic() - t0) * 1000, 1))
`, `links = [link("client", "server", delay = "20ms")],`)
	assert.Equal(t, "40.1\n", out, "a round trip: 2 x (20 ms + the LAN's 50 us)")

	out = linkScenario(t, echoServerUDP, `import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1)
s.sendto(b"x", ("192.168.1.1", 7001))
print(s.recvfrom(100)[0], s.recvfrom(100)[0], s.recvfrom(100)[0], s.recvfrom(100)[0])
`, `links = [link("client", "server", duplicate = 1)],`)
	assert.Equal(t, "b'1' b'1' b'2' b'2'\n", out, "each datagram twice, each way")

	out = linkScenario(t, `import socket
srv = socket.socket()
srv.bind(("192.168.1.1", 7000))
srv.listen(1)
conn, _ = srv.accept()
while True:
    data = conn.recv(100)
    if not data:
        break
    conn.sendall(data)
`, `import socket, time
s = socket.create_connection(("192.168.1.1", 7000))
time.sleep(2)
s.sendall(b"ping")
print(s.recv(100), round(time.monotonic(), 1))
`, `faults = [at("1s", partition("client", "server")), at("3s", heal("client", "server"))],`)
	assert.Equal(t, "b'ping' 3.4\n", out, "sent at 2 s; lost at 2.0, 2.2, 2.6; through at 3.4")

	out = linkScenario(t, countingServer, `import socket, time
s = socket.create_connection(("192.168.1.1", 7000))
t0 = time.monotonic()
s.sendall(bytes(100000))
s.shutdown(socket.SHUT_WR)
print(s.recv(100), round(time.monotonic() - t0, 1))
`, `links = [link("client", "server", rate = "1mbit")],`)
	assert.Equal(t, "b'100000' 0.8\n", out, "100 kB at 1 Mbit/s")
}

// Faults show in the trace: the partition, and each packet it lost.
func TestFaultsInTheTrace(t *testing.T) {
	scs, err := Load("../scenarios/fault-partition")
	require.NoError(t, err)
	res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Sim: true, Record: true})
	require.NoError(t, res.Err)
	var faults []string
	for _, e := range res.Events {
		if e.Kind == "fault" {
			faults = append(faults, e.Role+": "+e.Msg)
		}
	}
	require.NotEmpty(t, faults)
	assert.Contains(t, faults, "client: partition: client | server")
	assert.Contains(t, faults, "client: lost: tcp segment (6 bytes) to server")
}

const retryClient = `import socket
for attempt in range(1, 4):
    try:
        s = socket.create_connection(("192.168.1.1", 7000))
    except ConnectionRefusedError as e:
        print("attempt", attempt, "refused", e.errno)
        continue
    print("attempt", attempt, "connected")
    s.close()
`

// on(connect(a, b, n), refuse()) refuses a's n-th connect to b, on both
// networks.
func TestRefuseTheNthConnect(t *testing.T) {
	for _, sim := range []bool{false, true} {
		dir := linkDir(t, map[string]string{"server.py": `import socket
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("192.168.1.1", 7000))
srv.listen(5)
while True:
    c, _ = srv.accept()
    c.close()
`, "client.py": retryClient, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1", daemon = True), role("client", "client.py", host = "192.168.1.2")],
    faults = [on(connect("client", "server", n = 2), refuse())],
)`})
		scs, err := Load(dir)
		require.NoError(t, err)
		res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Sim: sim})
		require.NoError(t, res.Err)
		assert.Equal(t, "attempt 1 connected\nattempt 2 refused 111\nattempt 3 connected\n", res.Role("client").Stdout, "sim %v: %s", sim, Report(res))
	}
}

const chatServer = `import socket
srv = socket.socket()
srv.bind(("192.168.1.1", 7000))
srv.listen(1)
conn, _ = srv.accept()
try:
    while True:
        data = conn.recv(100)
        if not data:
            print("closed")
            break
        print("got", data)
        conn.sendall(b"ok")
except ConnectionResetError as e:
    print("reset", e.errno)
`

const chatClient = `import socket, time
s = socket.create_connection(("192.168.1.1", 7000))
for word in [b"hello", b"QUIT", b"more"]:
    try:
        s.sendall(word)
        print(word, s.recv(10))
    except OSError as e:
        print(word, type(e).__name__, e.errno)
        break
`

// on(sent(role, contains=...), reset(a, b)) resets the connection when the
// role sends those bytes; hold and release delay a direction's packets.
func TestResetOnSentAndHold(t *testing.T) {
	out := runDir(t, linkDir(t, map[string]string{"server.py": chatServer, "client.py": chatClient, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1"), role("client", "client.py", host = "192.168.1.2")],
    faults = [on(sent("client", contains = b"QUIT"), reset("client", "server"))],
)`}), 1)
	assert.Equal(t, "b'hello' b'ok'\nb'QUIT' ConnectionResetError 104\n", out.Role("client").Stdout, Report(out))
	assert.Equal(t, "got b'hello'\nreset 104\n", out.Role("server").Stdout)

	out = runDir(t, linkDir(t, map[string]string{"server.py": echoServerUDP, "client.py": `import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"x", ("192.168.1.1", 7001))
s.recvfrom(100)
print("answer at", round(time.monotonic(), 2))
`, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1", daemon = True), role("client", "client.py", host = "192.168.1.2")],
    faults = [hold("client", "server"), at("1.5s", release("client", "server"))],
)`}), 1)
	assert.Equal(t, "answer at 1.5\n", out.Role("client").Stdout, Report(out))
}

// On the kernel's network a link's loss and copies are made at the socket
// layer for datagrams; a TCP connect over a lossy link fails, naming --sim.
func TestKernelLinkLosesDatagrams(t *testing.T) {
	// Real time here: a short timeout.
	client := strings.Replace(udpClient, "s.settimeout(0.5)", "s.settimeout(0.02)", 1)
	dir := linkDir(t, map[string]string{"server.py": udpServer, "client.py": client, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1", daemon = True), role("client", "client.py", host = "192.168.1.2")],
    links = [link("client", "server", loss = 0.5, both = False)],
)`})
	scs, err := Load(dir)
	require.NoError(t, err)
	res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Seed: 5})
	require.NoError(t, res.Err)
	assert.Equal(t, "20 True\n", res.Role("client").Stdout, Report(res))

	dir = linkDir(t, map[string]string{"server.py": streamServer, "client.py": streamClient, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1", daemon = True), role("client", "client.py", host = "192.168.1.2", exit = 1)],
    links = [link("client", "server", loss = 0.1)],
)`})
	scs, err = Load(dir)
	require.NoError(t, err)
	res = Run(context.Background(), scs[0], Options{Modules: stdlib.Modules()})
	require.NoError(t, res.Err)
	assert.Contains(t, res.Role("client").Stderr, "OSError: [Errno 95] Operation not supported: ")
	assert.Contains(t, res.Role("client").Stderr, "the kernel's network cannot lose TCP segments; run with --sim")
}

// slow_close holds a role's close back: its peer sees the end later.
func TestSlowClose(t *testing.T) {
	out := runDir(t, linkDir(t, map[string]string{"server.py": `import socket, time
srv = socket.socket()
srv.bind(("192.168.1.1", 7000))
srv.listen(1)
c, _ = srv.accept()
c.sendall(b"bye")
c.close()
print("closed at", round(time.monotonic(), 2))
`, "client.py": `import socket, time
s = socket.create_connection(("192.168.1.1", 7000))
print(s.recv(10))
print(s.recv(10), "at", round(time.monotonic(), 2))
`, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1"), role("client", "client.py", host = "192.168.1.2")],
    faults = [slow_close("server", delay = "2s")],
)`}), 1)
	assert.Equal(t, "closed at 0.0\n", out.Role("server").Stdout, Report(out))
	assert.Equal(t, "b'bye'\nb'' at 2.0\n", out.Role("client").Stdout, Report(out))
}

// limitDataFiles: a client that sends 20 bytes at a time past a limit of 50.
var limitDataFiles = map[string]string{"server.py": chatServer, "client.py": `import socket
s = socket.create_connection(("192.168.1.1", 7000))
for i in range(5):
    try:
        s.sendall(b"x" * 20)
        print(i, s.recv(10))
    except OSError as e:
        print(i, type(e).__name__, e.errno)
        break
`, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1"), role("client", "client.py", host = "192.168.1.2")],
    faults = [limit_data("client", "server", bytes = 50)],
)`}

// limit_data resets the connection once a role has sent past the limit.
func TestLimitData(t *testing.T) {
	out := runDir(t, linkDir(t, limitDataFiles), 1)
	assert.Equal(t, "0 b'ok'\n1 b'ok'\n2 ConnectionResetError 104\n", out.Role("client").Stdout, Report(out))
}

// countingServer counts the bytes of one connection and replies with the count.
const countingServer = `import socket
srv = socket.socket()
srv.bind(("192.168.1.1", 7000))
srv.listen(1)
conn, _ = srv.accept()
n = 0
while True:
    data = conn.recv(65536)
    if not data:
        break
    n += len(data)
conn.sendall(b"%d" % n)
`
