package socket

import (
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/linux"
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
	// Datagram, if set, says how many copies of a datagram sent to sa (as
	// the script gave it) arrive: 0 (lost on the way), 1, or 2.
	Datagram func(sa syscall.Sockaddr) int
	// Stream, if set, is the error a stream connect to sa fails with
	// before it starts (a fault the network cannot make), or nil.
	Stream func(sa syscall.Sockaddr) error
	// SlowClose, if set, is how long a stream socket's close waits before
	// the network sees it (its FIN), run by After on the run's clock.
	SlowClose time.Duration
	After     func(d time.Duration, fn func())
}

// copies is how many copies of a datagram to addr the faults let arrive.
func (f *Faults) copies(s *Socket, addr starlark.Value) int {
	if f.Datagram == nil || s.stype != linux.SOCK_DGRAM {
		return 1
	}
	sa, err := scriptSockaddr(s.p, s.family, addr, "sendto")
	if err != nil {
		return 1
	}
	return f.Datagram(sa)
}

// streamErr is the error the faults give a stream connect to addr.
func (f *Faults) streamErr(s *Socket, addr starlark.Value, op string) error {
	if f.Stream == nil || s.stype != linux.SOCK_STREAM {
		return nil
	}
	sa, err := scriptSockaddr(s.p, s.family, addr, op)
	if err != nil {
		return nil
	}
	return f.Stream(sa)
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
