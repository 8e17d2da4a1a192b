package simnet

import (
	"net/netip"
	"syscall"
	"testing"
	"time"

	"sockstar/runtime/linux"
)

// kernel is the kernel's sockets where the test runs on Linux, else nil.
var kernel sockAPI

// sockAPI is what a conformance case calls: the kernel's sockets or the
// simulated network's.
type sockAPI interface {
	Socket(family, typ, proto int) (int, error)
	Socketpair(family, typ, proto int) ([2]int, error)
	Close(fd int) error
	Bind(fd int, sa syscall.Sockaddr) error
	Listen(fd, backlog int) error
	Accept(fd int) (int, syscall.Sockaddr, error)
	Connect(fd int, sa syscall.Sockaddr) error
	Recvfrom(fd int, p []byte, flags int) (int, syscall.Sockaddr, error)
	Sendto(fd int, p []byte, flags int, to syscall.Sockaddr) (int, error)
	Shutdown(fd, how int) error
	Getsockname(fd int) (syscall.Sockaddr, error)
	Getpeername(fd int) (syscall.Sockaddr, error)
	GetsockoptInt(fd, level, opt int) (int, error)
	SetsockoptInt(fd, level, opt, value int) error
	GetsockoptLinger(fd int) (*linux.Linger, error)
	SetsockoptLinger(fd int, l *linux.Linger) error
	Poll(fd int) int16
	Unlink(path string) error
	// Settle lets the network finish what is under way (packets in
	// flight), without waiting for timers such as TIME_WAIT's.
	Settle(fds []int)
}

// simAPI is the simulated network, on a test clock.
type simAPI struct {
	*Stack
	clock *testClock
	t     testing.TB
}

func newSim(t testing.TB) *simAPI {
	c := &testClock{}
	n := New(c)
	return &simAPI{Stack: n.Stack(netip.MustParseAddr("10.0.0.1")), clock: c, t: t}
}

func (s *simAPI) Settle([]int) { s.clock.Advance(s.t, 10*time.Millisecond) }
