package simnet

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"time"
)

// Clock is the run's virtual clock, owned by the scheduler (not by simnet).
type Clock interface {
	Now() time.Duration               // virtual time since the run began
	After(d time.Duration, fn func()) // run fn at Now()+d; events at the same time run in the order they were scheduled
}

// Network is one simulated network: its hosts, their sockets and the
// AF_UNIX name space. It is not safe for concurrent use: the scheduler
// lets one thread at a time call it.
type Network struct {
	// Delay, if set, is the one-way delay of a packet from host a to
	// host b (a == b: loopback). nil: 0 on loopback / same host, 50µs
	// between hosts.
	Delay func(from, to netip.Addr) time.Duration

	clock   Clock
	version uint64
	hosts   map[netip.Addr]*host
	// unixNames is the one AF_UNIX name space: paths (which stay until
	// Unlink, as files do) and abstract names (which go with the socket).
	unixNames map[unixKey]*unixName

	// due holds work with no delay (loopback packets), run before the
	// call that made it returns, as the kernel runs loopback softirqs
	// before the system call returns.
	due     []dueWork
	running bool

	// links shape the packets between hosts (link.go); rand draws their
	// chances.
	links    map[linkKey]*linkState
	rand     *rand.Rand
	onPacket func(PacketNote)
	// losing are the datagrams a fault has chosen to lose (LoseDatagram).
	losing []loseMark
}

// New makes an empty network on the scheduler's clock.
func New(clock Clock) *Network {
	return &Network{
		clock:     clock,
		hosts:     map[netip.Addr]*host{},
		unixNames: map[unixKey]*unixName{},
	}
}

// Version increases on every change of any socket's state (data arrives,
// a connection completes, a buffer drains, a socket closes...). The
// scheduler re-checks waiting threads' readiness only when it has changed.
func (n *Network) Version() uint64 { return n.version }

func (n *Network) changed() { n.version++ }

// Stack is one process's socket table (its descriptor numbers) on the
// host whose address is addr; the host is made on first use and shared by
// every Stack given the same address.
func (n *Network) Stack(addr netip.Addr) *Stack {
	addr = addr.Unmap()
	h := n.hosts[addr]
	if h == nil {
		h = newHost(n, addr)
		n.hosts[addr] = h
	}
	return &Stack{net: n, host: h, fds: map[int]*socket{}}
}

// delay is the one-way delay of a packet between two hosts.
func (n *Network) delay(from, to *host) time.Duration {
	if n.Delay != nil {
		return n.Delay(from.addr, to.addr)
	}
	if from == to {
		return 0
	}
	return 50 * time.Microsecond
}

// later runs fn after d; with no delay it runs before the current call
// returns.
func (n *Network) later(d time.Duration, fn func()) {
	if d <= 0 {
		n.due = append(n.due, dueWork{fn: fn})
		return
	}
	n.clock.After(d, func() {
		fn()
		n.changed()
		n.runDue()
	})
}

// runDue runs the work queued with no delay, including work that work
// queues, in order.
func (n *Network) runDue() {
	if n.running {
		return
	}
	n.running = true
	// By index: the work may queue more, and the slice is kept for the next round.
	for i := 0; i < len(n.due); i++ {
		w := n.due[i]
		n.due[i] = dueWork{}
		if w.fn != nil {
			w.fn()
		} else {
			w.to.tcpInput(w.seg)
		}
		n.changed()
	}
	n.due = n.due[:0]
	n.running = false
}

// dueWork is work queued with no delay: a function, or a TCP segment to
// deliver to a host (most of the queue, kept without a closure).
type dueWork struct {
	fn  func()
	to  *host
	seg segment
}

// timer runs fn after d, always through the clock (retransmissions and
// TIME_WAIT are real waits even on loopback).
func (n *Network) timer(d time.Duration, fn func()) {
	n.clock.After(d, func() {
		fn()
		n.changed()
		n.runDue()
	})
}

// host is one machine: its address, its loopback, its port tables and
// its TCP connections.
type host struct {
	net  *Network
	addr netip.Addr
	tcp  *portTable
	udp  *portTable
	// conns finds a TCP connection (or TIME_WAIT) by its four-tuple.
	conns map[connKey]*socket
}

func newHost(n *Network, addr netip.Addr) *host {
	return &host{net: n, addr: addr, tcp: newPortTable(), udp: newPortTable(), conns: map[connKey]*socket{}}
}

// connKey is a TCP connection's four-tuple as seen from one host, with
// IPv4 addresses unmapped.
type connKey struct {
	local, remote netip.AddrPort
}

// isLoopback reports whether a is in 127.0.0.0/8 or is ::1.
func isLoopback(a netip.Addr) bool { return a.Unmap().IsLoopback() }

// owns reports whether a (unmapped) is one of the host's addresses.
func (h *host) owns(a netip.Addr) bool {
	return isLoopback(a) || a == h.addr
}

// route is the host a packet from h to dst arrives at, or nil when no
// host of the network has that address.
func (h *host) route(dst netip.Addr) *host {
	if h.owns(dst) {
		return h
	}
	return h.net.hosts[dst]
}

// sourceFor is the address a socket not bound to one sends from to dst.
func (h *host) sourceFor(dst netip.Addr) netip.Addr {
	switch {
	case dst.Is4() && dst.IsLoopback():
		return netip.AddrFrom4([4]byte{127, 0, 0, 1})
	case dst.IsLoopback():
		return netip.IPv6Loopback()
	}
	return h.addr
}

// broadcastTarget reports whether dst is the limited broadcast address or
// the broadcast address of the host's /24.
func (h *host) isBroadcast(dst netip.Addr) bool {
	if !dst.Is4() {
		return false
	}
	if dst == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return true
	}
	if !h.addr.Is4() {
		return false
	}
	a, b := h.addr.As4(), dst.As4()
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && b[3] == 255
}

// lan is every host on dst's /24 (the hosts a broadcast reaches), in
// address order so delivery is deterministic.
func (n *Network) lan(of netip.Addr) []*host {
	var out []*host
	for a, h := range n.hosts {
		if a.Is4() && of.Is4() {
			x, y := a.As4(), of.As4()
			if x[0] == y[0] && x[1] == y[1] && x[2] == y[2] {
				out = append(out, h)
			}
		}
	}
	slices.SortFunc(out, func(a, b *host) int { return a.addr.Compare(b.addr) })
	return out
}
