package socket_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"sockstar/runtime"
	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/stdlib"
	"sockstar/stdlib/socket"
)

func modules() map[string]*py.Module {
	mods := stdlib.Modules()
	mods["socket"] = socket.Module
	return mods
}

// offline answers names from /etc/hosts and numeric text only, so no test
// sends a DNS query.
func offline(p *host.Process) {
	socket.SetHooks(p, &socket.Hooks{Resolver: socket.OfflineResolver()})
}

// run runs src with setup and returns its exit status and output.
func run(t *testing.T, src string, setup func(p *host.Process)) (int, string, string) {
	t.Helper()
	prog, err := runtime.Compile("test.star", []byte(src), modules())
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := prog.Run(context.Background(), runtime.Config{
		Modules: modules(), Argv: []string{"test.star"}, Stdout: &stdout, Stderr: &stderr, Setup: setup,
	})
	return code, stdout.String(), stderr.String()
}

// A name that is not in /etc/hosts goes to the run's resolver: its name
// server is asked (and here refuses), and the script sees gaierror -2.
func TestLookupUsesRunResolver(t *testing.T) {
	var dials atomic.Int32
	resolver := &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
			dials.Add(1)
			return nil, errors.New("refused by the test")
		},
	}
	setup := func(p *host.Process) { socket.SetHooks(p, &socket.Hooks{Resolver: resolver}) }
	src := `
import socket
for f in [socket.gethostbyname, socket.gethostbyname_ex]:
    r, err = catch(f, "no-such-host.invalid")
    print(type(err).__name__, err.errno)
r, err = catch(socket.getaddrinfo, "no-such-host.invalid", 80)
print(type(err).__name__, err.errno)
`
	code, out, errOut := run(t, src, setup)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := strings.Repeat("gaierror -2\n", 3)
	if out != want {
		t.Errorf("output %q, want %q", out, want)
	}
	if dials.Load() == 0 {
		t.Error("the run's resolver was never asked")
	}
}

func TestGethostname(t *testing.T) {
	want, err := os.Hostname()
	if err != nil {
		t.Skip(err)
	}
	code, out, errOut := run(t, "import socket\nprint(socket.gethostname())\n", offline)
	if code != 0 || out != want+"\n" {
		t.Errorf("exit %d, output %q, want %q (stderr %s)", code, out, want, errOut)
	}
}
