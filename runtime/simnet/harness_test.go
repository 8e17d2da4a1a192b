package simnet

import (
	"fmt"
	"net/netip"
	"os"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

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
	GetsockoptLinger(fd int) (*syscall.Linger, error)
	SetsockoptLinger(fd int, l *syscall.Linger) error
	Poll(fd int) int16
	Unlink(path string) error
	// Settle lets the network finish what is under way (packets in
	// flight), without waiting for timers such as TIME_WAIT's.
	Settle(fds []int)
}

// kernelAPI is the real kernel, every socket non-blocking.
type kernelAPI struct{}

const nb = syscall.SOCK_NONBLOCK | syscall.SOCK_CLOEXEC

func (kernelAPI) Socket(family, typ, proto int) (int, error) {
	return syscall.Socket(family, typ|nb, proto)
}

func (kernelAPI) Socketpair(family, typ, proto int) ([2]int, error) {
	return syscall.Socketpair(family, typ|nb, proto)
}

func (kernelAPI) Close(fd int) error                     { return syscall.Close(fd) }
func (kernelAPI) Bind(fd int, sa syscall.Sockaddr) error { return syscall.Bind(fd, sa) }
func (kernelAPI) Listen(fd, backlog int) error           { return syscall.Listen(fd, backlog) }
func (kernelAPI) Accept(fd int) (int, syscall.Sockaddr, error) {
	return syscall.Accept4(fd, nb)
}

func (kernelAPI) Connect(fd int, sa syscall.Sockaddr) error {
	if sa == nil {
		// AF_UNSPEC, which syscall cannot spell.
		var raw syscall.RawSockaddrAny
		_, _, e := syscall.Syscall(syscall.SYS_CONNECT, uintptr(fd), uintptr(unsafe.Pointer(&raw)), unsafe.Sizeof(raw))
		if e != 0 {
			return e
		}
		return nil
	}
	return syscall.Connect(fd, sa)
}

func (kernelAPI) Recvfrom(fd int, p []byte, flags int) (int, syscall.Sockaddr, error) {
	return syscall.Recvfrom(fd, p, flags)
}

func (kernelAPI) Sendto(fd int, p []byte, flags int, to syscall.Sockaddr) (int, error) {
	return syscall.SendmsgN(fd, p, nil, to, flags|syscall.MSG_NOSIGNAL)
}

func (kernelAPI) Shutdown(fd, how int) error                   { return syscall.Shutdown(fd, how) }
func (kernelAPI) Getsockname(fd int) (syscall.Sockaddr, error) { return syscall.Getsockname(fd) }
func (kernelAPI) Getpeername(fd int) (syscall.Sockaddr, error) { return syscall.Getpeername(fd) }
func (kernelAPI) GetsockoptInt(fd, level, opt int) (int, error) {
	return syscall.GetsockoptInt(fd, level, opt)
}
func (kernelAPI) SetsockoptInt(fd, level, opt, value int) error {
	return syscall.SetsockoptInt(fd, level, opt, value)
}
func (kernelAPI) GetsockoptLinger(fd int) (*syscall.Linger, error) {
	var l syscall.Linger
	n := uint32(unsafe.Sizeof(l))
	_, _, e := syscall.Syscall6(syscall.SYS_GETSOCKOPT, uintptr(fd), syscall.SOL_SOCKET, syscall.SO_LINGER,
		uintptr(unsafe.Pointer(&l)), uintptr(unsafe.Pointer(&n)), 0)
	if e != 0 {
		return nil, e
	}
	return &l, nil
}
func (kernelAPI) SetsockoptLinger(fd int, l *syscall.Linger) error {
	return syscall.SetsockoptLinger(fd, syscall.SOL_SOCKET, syscall.SO_LINGER, l)
}

type pollFd struct {
	fd      int32
	events  int16
	revents int16
}

const pollAsked = pollIn | pollOut | pollPri | pollRdhup

// kernelPoll polls fds, waiting at most timeout.
func kernelPoll(fds []int, timeout time.Duration) []int16 {
	pfds := make([]pollFd, len(fds))
	for i, fd := range fds {
		pfds[i] = pollFd{fd: int32(fd), events: pollAsked}
	}
	ts := syscall.NsecToTimespec(int64(timeout))
	var p unsafe.Pointer
	if len(pfds) > 0 {
		p = unsafe.Pointer(&pfds[0])
	}
	syscall.Syscall6(syscall.SYS_PPOLL, uintptr(p), uintptr(len(pfds)), uintptr(unsafe.Pointer(&ts)), 0, 0, 0)
	out := make([]int16, len(fds))
	for i := range pfds {
		out[i] = pfds[i].revents
	}
	return out
}

func (kernelAPI) Poll(fd int) int16 { return kernelPoll([]int{fd}, 0)[0] }

func (kernelAPI) Unlink(path string) error {
	if err := os.Remove(path); err != nil {
		if pe, ok := err.(*os.PathError); ok {
			return pe.Err
		}
		return err
	}
	return nil
}

// Settle waits, a millisecond at a time and at most 50 ms, until the
// sockets' readiness has stayed the same for three polls: loopback
// traffic is done by then.
func (kernelAPI) Settle(fds []int) {
	var last []int16
	same := 0
	for range 50 {
		cur := kernelPoll(fds, time.Millisecond)
		if fmt.Sprint(cur) == fmt.Sprint(last) {
			same++
			if same >= 3 {
				return
			}
		} else {
			same = 0
		}
		last = cur
		// ppoll returns at once when something is ready: wait the
		// millisecond on nothing so each round takes its time.
		kernelPoll(nil, time.Millisecond)
	}
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
