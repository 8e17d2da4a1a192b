package scenario

import (
	"context"
	"os"
	"path/filepath"
	goruntime "runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/stdlib"
)

// Off Linux (the browser's module, wasip1) a simulated host's interfaces
// are its own, lo and eth0, with ::1 on lo: nothing asks the machine, and
// no name server is asked either.
func TestSimHostInterfacesOffLinux(t *testing.T) {
	if goruntime.GOOS == "linux" {
		t.Skip("on Linux the interfaces are the machine's, as in a kernel run")
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "scenario.star"), []byte(`scenario(name = "x", roles = [role("a", "a.py")])`+"\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.py"), []byte(`import socket
print(socket.if_nameindex())
print(socket.if_nametoindex("eth0"), socket.if_indextoname(1))
try:
    socket.if_nametoindex("wlan0")
except OSError as e:
    print("OSError", e)
print([a[4] for a in socket.getaddrinfo("localhost", 80, type=socket.SOCK_STREAM)])
print(socket.getaddrinfo("fe80::1%eth0", 80, type=socket.SOCK_STREAM)[0][4])
try:
    socket.getaddrinfo("no-such-host.invalid", 80)
except OSError as e:
    print(type(e).__name__, e)
print(socket.getnameinfo(("fe80::1", 80, 0, 2), socket.NI_NUMERICHOST))
`), 0o644))
	scs, err := Load(dir)
	require.NoError(t, err)
	res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Sim: true, Seed: 1})
	require.NoError(t, res.Err)
	require.Len(t, res.Roles, 1)
	assert.Equal(t, `[(1, 'lo'), (2, 'eth0')]
2 lo
OSError no interface with this name
[('::1', 80, 0, 0), ('127.0.0.1', 80)]
('fe80::1', 80, 0, 2)
gaierror [Errno -2] Name or service not known
('fe80::1%eth0', 'http')
`, res.Roles[0].Stdout, res.Roles[0].Stderr)
}
