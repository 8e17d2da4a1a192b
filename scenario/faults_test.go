package scenario

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/stdlib"
)

const cutServer = `import socket
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
with open("port", "w") as f:
    f.write(str(srv.getsockname()[1]))
srv.listen(1)  # the client starts once the server listens: the port is written by then
conn, addr = srv.accept()
print("got", conn.recv(1024))
conn.sendall(b"ok")
conn.close()
`

const cutClient = `import socket
with open("port") as f:
    port = int(f.read())
s = socket.create_connection(("127.0.0.1", port))
print("sent", s.send(b"hello world"))
print(s.recv(10))
s.close()
`

// faultDir writes a server, a client and a scenario.star with faults.
func faultDir(t *testing.T, faults string) string {
	dir := t.TempDir()
	for name, text := range map[string]string{"server.py": cutServer, "client.py": cutClient,
		"scenario.star": `scenario(roles = [role("server", "server.py"), role("client", "client.py")], ` + faults + `)`} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	return dir
}

// Short reads and partial sends cut stream calls on both networks.
func TestSocketFaultsCutCalls(t *testing.T) {
	for _, sim := range []bool{false, true} {
		dir := faultDir(t, `faults = [short_reads("server", max = 3), partial_sends("client", max = 5, p = "100%")]`)
		scs, err := Load(dir)
		require.NoError(t, err)
		t.Chdir(dir)
		res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Sim: sim})
		require.NoError(t, res.Err)
		assert.Equal(t, "got b'hel'\n", res.Role("server").Stdout, "sim %v", sim)
		assert.Equal(t, "sent 5\nb'ok'\n", res.Role("client").Stdout, "sim %v", sim)
	}
}

// With p = 0 nothing is cut.
func TestSocketFaultsChance(t *testing.T) {
	dir := faultDir(t, `faults = [short_reads("server", max = 3, p = 0)]`)
	scs, err := Load(dir)
	require.NoError(t, err)
	t.Chdir(dir)
	res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Sim: true})
	require.NoError(t, res.Err)
	assert.Equal(t, "got b'hello world'\n", res.Role("server").Stdout)
}

// Mistakes in links and faults name the line and what is wrong.
func TestFaultMistakes(t *testing.T) {
	for _, c := range []struct{ faults, want string }{
		{`faults = [short_reads("srv")]`, `scenario.star:1: short_reads names "srv", which is neither a role (server, client) nor a role's host`},
		{`links = [link("client", "server", delay = "20 parsecs")]`, `link: delay: "20 parsecs" is not a duration`},
		{`links = [link("client", "server", loss = 1.5)]`, `link: loss: 1.5 is not a probability between 0 and 1`},
		{`links = [link("client", "server", loss = "ten%")]`, `link: loss: "ten%" is not a probability`},
		{`links = [link("client", "server", rate = "fast")]`, `link: rate: "fast" is not a rate`},
		{`faults = [at("2s", short_reads("server"))]`, `short_reads holds for the whole run: give it without at(...)`},
		{`faults = [short_reads("server", max = 0)]`, `short_reads: max must be 1 or more bytes, not 0`},
		{`faults = ["partition"]`, `scenario: faults[0] is a string, not a fault`},
	} {
		dir := faultDir(t, c.faults)
		_, err := Load(dir)
		require.Error(t, err, c.faults)
		assert.Contains(t, err.Error(), c.want)
	}
}

// A daemon whose connections each have a thread is stopped once its
// client has ended and its threads have: the main thread waits in accept
// with nothing coming (it waited forever when its last thread ended after
// the client did).
func TestThreadedDaemonStopsWhenIdle(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"server.py": `import socket, threading
def handle(conn):
    while True:
        data = conn.recv(1024)
        if not data:
            break
        conn.sendall(data)
    conn.close()
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 50321))
srv.listen(64)
while True:
    conn, addr = srv.accept()
    threading.Thread(target=handle, args=(conn,), daemon=True).start()
`,
		"client.py": `import socket
socks = [socket.create_connection(("127.0.0.1", 50321)) for i in range(20)]
for s in socks:
    s.sendall(b"ping")
    assert s.recv(10) == b"ping"
for s in socks:
    s.close()
print("done")
`,
		"scenario.star": `scenario(timeout = 20, roles = [role("server", "server.py", daemon = True), role("client", "client.py", stdout = "done\n")])`,
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	scs, err := Load(dir)
	require.NoError(t, err)
	for range 5 {
		res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules()})
		require.NoError(t, res.Err)
		Check(res, false)
		require.False(t, res.Failed(), Report(res))
		assert.False(t, res.TimedOut)
		assert.Equal(t, "idle", res.Role("server").Stopped)
	}
}
