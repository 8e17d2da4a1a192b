package scenario

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/stdlib"
)

// A role reaches only the run's own sockets: a service of the machine
// listening on the wildcard address is not reachable through the role's
// loopback (its connect is refused, its datagram lost), while the run's
// own server is.
func TestRoleReachesOnlyTheRun(t *testing.T) {
	outside, err := net.Listen("tcp", "0.0.0.0:0")
	require.NoError(t, err)
	defer outside.Close()
	udp, err := net.ListenPacket("udp", "0.0.0.0:0")
	require.NoError(t, err)
	defer udp.Close()
	tcpPort := outside.Addr().(*net.TCPAddr).Port
	udpPort := udp.LocalAddr().(*net.UDPAddr).Port

	dir := t.TempDir()
	client := fmt.Sprintf(`import socket
try:
    socket.create_connection(("127.0.0.1", %d))
    print("reached the machine's service")
except ConnectionRefusedError as e:
    print("refused", e.errno)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(b"out", ("127.0.0.1", %d))
s = socket.create_connection(("127.0.0.1", 50331))
print(s.recv(10))
`, tcpPort, udpPort)
	for name, text := range map[string]string{
		"server.py": `import socket
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("0.0.0.0", 50331))
srv.listen(1)
c, _ = srv.accept()
c.sendall(b"inside")
`,
		"client.py":     client,
		"scenario.star": `scenario(roles = [role("server", "server.py"), role("client", "client.py")])`,
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	scs, err := Load(dir)
	require.NoError(t, err)
	res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules()})
	require.NoError(t, res.Err)
	assert.Equal(t, "refused 111\nb'inside'\n", res.Role("client").Stdout, Report(res))
	// The datagram went to no one: the machine's socket has nothing to read.
	udp.SetReadDeadline(time.Now())
	_, _, err = udp.ReadFrom(make([]byte, 10))
	assert.Error(t, err, "a datagram left the run")
}

// An absolute AF_UNIX path is the run's own: two roles meet at it, the
// names they see are the ones they gave, and nothing of the machine's at
// that path is reached.
func TestUnixAbsolutePathsStayInTheRun(t *testing.T) {
	outsideDir := t.TempDir()
	outsidePath := filepath.Join(outsideDir, "service.sock")
	outside, err := net.Listen("unix", outsidePath)
	require.NoError(t, err)
	defer outside.Close()

	dir := t.TempDir()
	for name, text := range map[string]string{
		"server.py": `import socket
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind("/tmp/sockstar-test-echo.sock")
print(srv.getsockname())
srv.listen(1)
c, _ = srv.accept()
c.sendall(c.recv(10).upper())
`,
		"client.py": fmt.Sprintf(`import socket
try:
    socket.socket(socket.AF_UNIX).connect(%q)
    print("reached the machine's socket")
except OSError as e:
    print(type(e).__name__)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect("/tmp/sockstar-test-echo.sock")
print(s.getpeername())
s.sendall(b"hi")
print(s.recv(10))
`, outsidePath),
		"scenario.star": `scenario(roles = [role("server", "server.py"), role("client", "client.py")])`,
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	scs, err := Load(dir)
	require.NoError(t, err)
	res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules()})
	require.NoError(t, res.Err)
	assert.Equal(t, "/tmp/sockstar-test-echo.sock\n", res.Role("server").Stdout, Report(res))
	assert.Equal(t, "FileNotFoundError\n/tmp/sockstar-test-echo.sock\nb'HI'\n", res.Role("client").Stdout, Report(res))
	_, err = os.Stat("/tmp/sockstar-test-echo.sock")
	assert.True(t, os.IsNotExist(err), "the run made a socket file outside its directory")
}
