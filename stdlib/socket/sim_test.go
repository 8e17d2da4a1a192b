//go:build linux

package socket_test

import (
	"bytes"
	"context"
	"fmt"
	"syscall"
	"testing"

	"sockstar/runtime"
	"sockstar/runtime/simrun"
)

// A simulated socket's descriptor is a number of the simulated network's
// table, which the kernel may give to anything else of the process (Go's
// own poller among them): a large receive, which on the kernel's network
// goes through the poller, must leave the real descriptor with that
// number open.
func TestSimSocketLeavesRealDescriptorAlone(t *testing.T) {
	held, err := syscall.Open("/dev/null", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	var before syscall.Stat_t
	if err := syscall.Fstat(held, &before); err != nil {
		t.Fatal(err)
	}
	defer func() {
		// Closed only if still the test's: a failed run may have let the number go.
		var st syscall.Stat_t
		if syscall.Fstat(held, &st) == nil && st.Dev == before.Dev && st.Ino == before.Ino {
			syscall.Close(held)
		}
	}()
	// Sockets are made until one has the number the test holds.
	src := fmt.Sprintf(`
import socket
pairs = []
for i in range(%d):
    a, b = socket.socketpair()
    pairs.append((a, b))
    if a.fileno() == %d or b.fileno() == %d:
        break
a, b = pairs[-1]
if b.fileno() == %d:
    a, b = b, a
print(a.fileno())
b.sendall(b'x')
print(a.recv(100000))
a.close()
`, held+1, held, held, held)
	prog, err := runtime.Compile("test.star", []byte(src), modules())
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cfg := runtime.Config{Modules: modules(), Argv: []string{"test.star"}, Stdout: &stdout, Stderr: &stderr}
	simrun.Simulate(&cfg, 1, nil)
	if code := prog.Run(context.Background(), cfg); code != 0 {
		t.Fatalf("exit status %d: %s", code, stderr.String())
	}
	if want := fmt.Sprintf("%d\nb'x'\n", held); stdout.String() != want {
		t.Fatalf("stdout %q, want %q", stdout.String(), want)
	}
	var after syscall.Stat_t
	if err := syscall.Fstat(held, &after); err != nil {
		t.Fatalf("descriptor %d, the test's, was closed by the simulated socket with its number: %v", held, err)
	}
	if after.Dev != before.Dev || after.Ino != before.Ino {
		t.Fatalf("descriptor %d, the test's, was closed by the simulated socket with its number, and reused", held)
	}
}
