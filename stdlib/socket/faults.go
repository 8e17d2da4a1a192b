package socket

import (
	"errors"
	"net/netip"
	"slices"
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
)

// Faults are misbehaviours a scenario asks of a role's stream sockets, at
// the socket layer, so they hold on the kernel's network as on the
// simulated one: a receive that returns fewer bytes than it could
// (ShortReads), a send that takes fewer than it was given (PartialSends).
// Both are what the kernel may do to any call; well-written programs loop.
type Faults struct {
	ShortReads   Cut
	PartialSends Cut
	// Chance draws a number in [0, 1): the run's seeded generator, so the
	// same seed cuts the same calls.
	Chance func() float64
	// Refuse, if set, says whether a connect to sa (the address as the
	// script gave it) is refused, as a port nobody listens on refuses it.
	Refuse func(sa syscall.Sockaddr) bool
	// Sent, if set, sees the bytes each send of a stream socket took.
	Sent func(data []byte)
	// Datagram, if set, says how many copies of a datagram sent to sa (the
	// kernel's address) arrive: 0 (lost on the way), 1, or 2.
	Datagram func(sa syscall.Sockaddr) int
	// Lose, if set, sees each UDP datagram the role sends (sendto, or send
	// on a connected socket) with its destination, sa (the kernel's
	// address; nil when unknown), and says whether it is lost on the way
	// (on(sent(...), lose())): nobody is told.
	Lose func(data []byte, sa syscall.Sockaddr) bool
	// Stream, if set, is the error a stream connect to sa (the kernel's
	// address) fails with before it starts (a fault the network cannot
	// make), or nil.
	Stream func(sa syscall.Sockaddr) error
	// Unanswered, if set, is where a stream connect to sa (the kernel's
	// address) goes instead when nothing may answer it (a partition), or
	// nil: a listener whose queue is full, which drops the SYNs, so the
	// connect times out as the kernel's own would.
	Unanswered func(sa syscall.Sockaddr) syscall.Sockaddr
	// Sending, if set, sees the bytes a stream send is about to hand the
	// kernel, and reports whether the send resets the connection instead
	// (on(sent(...), reset(...)) on the kernel's network): the bytes are
	// taken and lost, as the reset overtakes them on the way.
	Sending func(data []byte) bool
	// Path, if set, is the path of what a socket sends to sa (the kernel's
	// address), or nil for none: a link's delay, a partition or a hold,
	// made by a queue of the socket's (delay.go).
	Path func(sa syscall.Sockaddr) *Path
	// Done is closed at the run's end: queued sends are dropped.
	Done <-chan struct{}
	// SlowClose, if set, is how long a stream socket's close waits before
	// the network sees it (its FIN), run by After on the run's clock.
	SlowClose time.Duration
	After     func(d time.Duration, fn func())
}

// copies is how many copies of a datagram to sa the faults let arrive.
func (f *Faults) copies(s *Socket, sa syscall.Sockaddr) int {
	if f.Datagram == nil || s.stype != linux.SOCK_DGRAM {
		return 1
	}
	return f.Datagram(sa)
}

// loses reports whether the faults lose this UDP datagram of b to sa (a
// Unix domain datagram is never lost).
func (f *Faults) loses(s *Socket, b []byte, sa syscall.Sockaddr) bool {
	return f.Lose != nil && s.stype == linux.SOCK_DGRAM && s.family != linux.AF_UNIX && f.Lose(b, sa)
}

// streamErr is the error the faults give a stream connect to sa.
func (f *Faults) streamErr(s *Socket, sa syscall.Sockaddr) error {
	if f.Stream == nil || s.stype != linux.SOCK_STREAM {
		return nil
	}
	return f.Stream(sa)
}

// unanswered is where a stream connect to sa goes instead, or nil.
func (f *Faults) unanswered(s *Socket, sa syscall.Sockaddr) syscall.Sockaddr {
	if f.Unanswered == nil || s.stype != linux.SOCK_STREAM {
		return nil
	}
	return f.Unanswered(sa)
}

// lost reports whether a stream send of b resets the connection instead.
func (f *Faults) lost(s *Socket, b []byte) bool {
	return f.Sending != nil && s.stype == linux.SOCK_STREAM && len(b) > 0 && f.Sending(b)
}

// refused reports whether the faults refuse this connect.
func (f *Faults) refused(s *Socket, addr starlark.Value, op string) bool {
	if f.Refuse == nil || s.stype != linux.SOCK_STREAM {
		return false
	}
	sa, err := scriptSockaddr(s.p, s.family, addr, op)
	return err == nil && f.Refuse(sa)
}

// sent tells Sent what a stream send took.
func (f *Faults) sent(s *Socket, b []byte) {
	if f.Sent != nil && s.stype == linux.SOCK_STREAM && len(b) > 0 {
		f.Sent(b)
	}
}

// Cut limits a call to Max bytes with probability P; a zero Max never does.
type Cut struct {
	Max int
	P   float64
}

// size is how many of n bytes a call may move.
func (f *Faults) size(c Cut, s *Socket, n int) int {
	if c.Max <= 0 || n <= c.Max || s.stype != linux.SOCK_STREAM {
		return n
	}
	if c.P < 1 && f.Chance() >= c.P {
		return n
	}
	return c.Max
}

func (f *Faults) recvSize(s *Socket, n int) int { return f.size(f.ShortReads, s, n) }
func (f *Faults) sendSize(s *Socket, n int) int { return f.size(f.PartialSends, s, n) }

// tcpCloseWait is Linux's TCP_CLOSE_WAIT, tcp_info's first byte: the peer
// has closed its side.
const tcpCloseWait = 8

// streamEnd is one end of a TCP connection a script holds on the kernel.
type streamEnd struct {
	s             *Socket
	local, remote netip.AddrPort
	closeWait     bool
}

// ResetConns resets, with a real RST, every TCP connection between the
// kernel's addresses a and b whose ends procs' scripts hold, as a
// scenario's reset(a, b) on the kernel's network, and returns how many.
// One end of each is disconnected (connect to AF_UNSPEC: Linux's
// tcp_disconnect sends the peer a RST and leaves ECONNRESET on the socket),
// so both descriptors stay the scripts' and no other socket takes their
// numbers. The end disconnected is a's where it can, but never one whose
// peer has closed (CLOSE_WAIT), which a RST leaves with EPIPE.
func ResetConns(procs []*host.Process, a, b netip.Addr) int {
	var ends []*streamEnd
	for _, p := range procs {
		for _, r := range p.Resources() {
			h, ok := r.(*handle)
			if !ok {
				continue
			}
			if s := h.s.Value(); s != nil && !s.sim && s.stype == linux.SOCK_STREAM {
				if e := s.streamEnd(); e != nil && ((e.local.Addr() == a && e.remote.Addr() == b) || (e.local.Addr() == b && e.remote.Addr() == a)) {
					ends = append(ends, e)
				}
			}
		}
	}
	// In the order the connections were made, not the maps'.
	slices.SortFunc(ends, func(x, y *streamEnd) int { return x.local.Compare(y.local)*2 + x.remote.Compare(y.remote) })
	type key struct{ local, remote netip.AddrPort }
	byKey := map[key]*streamEnd{}
	for _, e := range ends {
		byKey[key{e.local, e.remote}] = e
	}
	done := map[key]bool{}
	n := 0
	for _, e := range ends {
		if done[key{e.local, e.remote}] || done[key{e.remote, e.local}] {
			continue
		}
		pick := e
		if twin := byKey[key{e.remote, e.local}]; twin != nil {
			if e.closeWait != twin.closeWait {
				if e.closeWait {
					pick = twin
				}
			} else if e.local.Addr() != a && twin.local.Addr() == a {
				pick = twin
			}
		}
		pick.s.kernelReset(pick.closeWait)
		done[key{e.local, e.remote}] = true
		n++
	}
	return n
}

// streamEnd is the socket's connection as the kernel sees it, or nil if
// it has none. It may run on any goroutine: the descriptor is used through
// the poller's reference, which a concurrent close waits for.
func (s *Socket) streamEnd() *streamEnd {
	if _, _, err := s.poller(); err != nil {
		return nil
	}
	var e *streamEnd
	s.control(func(fd int) error {
		local, err := s.ns.Getsockname(fd)
		if err != nil {
			return err
		}
		remote, err := s.ns.Getpeername(fd)
		if err != nil {
			return err // not connected, or no longer
		}
		l, lok := inetAddrPort(local)
		r, rok := inetAddrPort(remote)
		if !lok || !rok {
			return nil
		}
		e = &streamEnd{s: s, local: l, remote: r}
		if info, err := s.ns.GetsockoptBytes(fd, linux.IPPROTO_TCP, linux.TCP_INFO, 8); err == nil && len(info) > 0 {
			e.closeWait = info[0] == tcpCloseWait
		}
		return nil
	})
	return e
}

// kernelReset resets the socket's connection: the kernel sends its peer a
// RST, and the socket reports what a RST leaves: ECONNRESET once (EPIPE
// if its peer had closed), then the end of the stream to recv and EPIPE to
// send.
func (s *Socket) kernelReset(closeWait bool) {
	s.wasReset.Store(true)
	s.control(func(fd int) error {
		if err := s.ns.Connect(fd, nil); err != nil {
			return err
		}
		// Shut, as tcp_done shuts a socket a RST reached, so that poll
		// reports the hang-up (a recv that comes first: resetEOF).
		s.ns.Shutdown(fd, linux.SHUT_RDWR)
		if closeWait {
			s.resetPipe.Store(true)
		}
		return nil
	})
}

// resetErr is err as a socket the scenario reset reports it: a RST that
// finds the connection in CLOSE_WAIT leaves EPIPE, where the disconnect
// that made it left ECONNRESET.
func (s *Socket) resetErr(err error) error {
	if errors.Is(err, linux.ECONNRESET) && s.resetPipe.CompareAndSwap(true, false) {
		return linux.EPIPE
	}
	return err
}

// inetAddrPort is an IPv4 or IPv6 socket address as an AddrPort.
func inetAddrPort(sa syscall.Sockaddr) (netip.AddrPort, bool) {
	switch a := sa.(type) {
	case *syscall.SockaddrInet4:
		return netip.AddrPortFrom(netip.AddrFrom4(a.Addr), uint16(a.Port)), true
	case *syscall.SockaddrInet6:
		return netip.AddrPortFrom(netip.AddrFrom16(a.Addr).Unmap(), uint16(a.Port)), true
	}
	return netip.AddrPort{}, false
}

// resetEOF is a receive's error on a socket the scenario reset: the
// ENOTCONN of a disconnected socket is the end of the stream a RST leaves.
func (s *Socket) resetEOF(err error) error {
	if err == nil || !s.wasReset.Load() {
		return err
	}
	var exc *py.Exception
	if errors.As(err, &exc) {
		if i, ok := exc.Errno.(starlark.Int); ok {
			if n, ok := i.Int64(); ok && n == int64(linux.ENOTCONN) {
				return nil
			}
		}
	}
	return err
}
