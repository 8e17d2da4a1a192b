package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --fault and --link add to a scenario's own; a bad spec or name is a
// usage error that says what is wrong.
func TestFaultFlags(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"server.py": `import socket
srv = socket.socket()
srv.bind(("127.0.0.1", 50311))
srv.listen(1)
conn, _ = srv.accept()
print("got", conn.recv(100))
`,
		"client.py": `import socket
s = socket.create_connection(("127.0.0.1", 50311))
s.sendall(b"hello world")
`,
		"scenario.star": `scenario(roles = [role("server", "server.py"), role("client", "client.py")])`,
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	got := sockstar(t, "", "run", "--sim", "--fault", "short_reads server max=2", dir)
	assert.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, "[server] got b'he'\n", got.stdout)

	got = sockstar(t, "", "run", "--fault", "short_reads nobody", dir)
	assert.NotEqual(t, 0, got.code)
	assert.Contains(t, got.stderr, `short_reads names "nobody", which is neither a role (server, client) nor a role's host`)

	got = sockstar(t, "", "run", "--link", "client<->server loss=200%", dir)
	assert.Equal(t, 2, got.code)
	assert.Contains(t, got.stderr, `--link "client<->server loss=200%": loss: "200%" is not a probability`)

	// On the kernel's network a delay is made at the socket layer; a TCP
	// connection over a lossy link is what still needs --sim.
	got = sockstar(t, "", "run", "--link", "client<->server delay=5ms", dir)
	assert.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, "[server] got b'hello world'\n", got.stdout)

	got = sockstar(t, "", "run", "--link", "client<->server loss=10%", dir)
	assert.NotEqual(t, 0, got.code)
	assert.Contains(t, got.stderr, "the kernel's network cannot lose TCP segments; run with --sim")

	got = sockstar(t, "", "help", "faults")
	assert.Equal(t, 0, got.code)
	assert.Contains(t, got.stdout, "partial_sends(role, max=1, p=1)")
	assert.Contains(t, got.stdout, `on(sent(role, contains=b"ping 3"), lose(times=1))`)
}

// --record saves a simulated run; --replay runs it again and finds the
// same events, or names the first that differs.
func TestRecordAndReplay(t *testing.T) {
	// The UDP pack scenario's programs over a lossy link: the recording
	// has the chances the run drew.
	scenarioDir := t.TempDir()
	rec := filepath.Join(scenarioDir, "run.rec")
	for _, name := range []string{"server.py", "client.py"} {
		text, err := os.ReadFile(filepath.Join("../../scenarios/fault-udp-loss", name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(scenarioDir, name), text, 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(scenarioDir, "scenario.star"), []byte(`scenario(
    network = "sim",
    roles = [
        role("server", "server.py", host = "192.168.1.1", daemon = True),
        role("client", "client.py", host = "192.168.1.2"),
    ],
    links = [link("client", "server", delay = "5ms", loss = "33%")],
)
`), 0o644))
	got := sockstar(t, "", "run", "--record", rec, "--seed", "4", scenarioDir)
	require.Equal(t, 0, got.code, got.stderr)

	got = sockstar(t, "", "run", "--replay", rec)
	assert.Equal(t, 0, got.code, got.stderr)
	assert.Contains(t, got.stderr, "(seed 4): the same ")

	// A recording whose fifth event says otherwise is a replay that differs.
	text, err := os.ReadFile(rec)
	require.NoError(t, err)
	lines := strings.SplitAfter(string(text), "\n")
	lines[5] = strings.Replace(lines[5], `"seq":5,`, `"seq":5,"msg":"changed",`, 1)
	require.NoError(t, os.WriteFile(rec, []byte(strings.Join(lines, "")), 0o644))
	got = sockstar(t, "", "run", "--replay", rec)
	assert.Equal(t, 1, got.code)
	assert.Contains(t, got.stderr, "differs from the recording: event #5 differs")
}

// --sandbox runs one script under a scenario's rules: a service of the
// machine on its wildcard address is out of reach, and the environment is
// the scenario's; without it, the script has the machine's network.
func TestSandbox(t *testing.T) {
	outside, err := net.Listen("tcp", "0.0.0.0:0")
	require.NoError(t, err)
	defer outside.Close()
	go func() {
		for {
			c, err := outside.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	script := filepath.Join(t.TempDir(), "probe.py")
	// A file of the machine's, not under /tmp, which is the run's own.
	mainGo, err := filepath.Abs("main.go")
	require.NoError(t, err)
	if strings.HasPrefix(mainGo, "/tmp/") {
		// A clone under /tmp (CI's may be): a file of /var/tmp instead.
		f, err := os.CreateTemp("/var/tmp", "sandbox-test-")
		require.NoError(t, err)
		f.WriteString("x")
		f.Close()
		t.Cleanup(func() { os.Remove(f.Name()) })
		mainGo = f.Name()
	}
	require.NoError(t, os.WriteFile(script, []byte(fmt.Sprintf(`import os, socket, sys
print(sys.argv[1:], "SOCKSTAR_TEST_SECRET" in os.environ)
try:
    socket.create_connection(("127.0.0.1", %d)).close()
    print("reached")
except ConnectionRefusedError:
    print("refused")
print(open(os.path.join(os.path.dirname(sys.argv[0]), "beside.txt")).read())
try:
    print(len(open(%q).read()) > 0)
except PermissionError as e:
    print(e)
`, outside.Addr().(*net.TCPAddr).Port, mainGo)), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(filepath.Dir(script), "beside.txt"), []byte("beside"), 0o644))
	t.Setenv("SOCKSTAR_TEST_SECRET", "1")
	got := sockstar(t, "", "run", "--sandbox", script, "a")
	assert.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, "['a'] False\nrefused\nbeside\n[Errno 13] Permission denied: '"+mainGo+"'\n", got.stdout)
	got = sockstar(t, "", "run", script, "a")
	assert.Equal(t, "['a'] True\nreached\nbeside\nTrue\n", got.stdout)
}
