package scenario

import (
	"net/netip"
	"syscall"
)

// newBlackhole listens on h with a backlog of 0 and fills that queue with
// one connection nobody accepts (Linux takes backlog+1).
func newBlackhole(h netip.Addr) (*blackhole, error) {
	l, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	fail := func(err error, fds ...int) (*blackhole, error) {
		for _, fd := range fds {
			syscall.Close(fd)
		}
		return nil, err
	}
	if err := syscall.Bind(l, &syscall.SockaddrInet4{Addr: h.As4()}); err != nil {
		return fail(err, l)
	}
	if err := syscall.Listen(l, 0); err != nil {
		return fail(err, l)
	}
	addr, err := syscall.Getsockname(l)
	if err != nil {
		return fail(err, l)
	}
	c, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return fail(err, l)
	}
	// Blocking, on loopback: the handshake is over when connect returns.
	if err := syscall.Connect(c, addr); err != nil {
		return fail(err, l, c)
	}
	return &blackhole{listener: l, filler: c, addr: addr}, nil
}

func (h *blackhole) close() {
	syscall.Close(h.filler)
	syscall.Close(h.listener)
}
