package simnet

import (
	"net/netip"
	"slices"
)

// Linux's default net.ipv4.ip_local_port_range.
const (
	ephemeralLow  = 32768
	ephemeralHigh = 60999
)

// portTable is one protocol's bound ports on one host.
type portTable struct {
	bound map[uint16][]*socket
	// next is where the search for a free ephemeral port starts: ports
	// are handed out in order, so runs are deterministic.
	next uint16
}

func newPortTable() *portTable {
	return &portTable{bound: map[uint16][]*socket{}, next: ephemeralLow}
}

func (t *portTable) add(s *socket) {
	p := s.local.Port()
	t.bound[p] = append(t.bound[p], s)
}

func (t *portTable) remove(s *socket) {
	p := s.local.Port()
	list := slices.DeleteFunc(t.bound[p], func(o *socket) bool { return o == s })
	if len(list) == 0 {
		delete(t.bound, p)
		return
	}
	t.bound[p] = list
}

// ephemeral is the next port nobody has bound, or 0 when every port of
// the range is taken.
func (t *portTable) ephemeral() uint16 {
	for range ephemeralHigh - ephemeralLow + 1 {
		p := t.next
		t.next++
		if t.next > ephemeralHigh {
			t.next = ephemeralLow
		}
		if len(t.bound[p]) == 0 {
			return p
		}
	}
	return 0
}

// span is the set of local addresses a bound socket takes: every IPv4
// address, every IPv6 address, or one address.
type span struct {
	all4, all6 bool
	one        netip.Addr // unmapped; invalid when the span is a wildcard
}

// spanOf is what binding to addr (unmapped) takes for s: an AF_INET6
// wildcard also takes IPv4 unless IPV6_V6ONLY is set.
func spanOf(s *socket, addr netip.Addr) span {
	switch {
	case addr.Is4() && addr.IsUnspecified():
		return span{all4: true}
	case addr.IsUnspecified():
		return span{all6: true, all4: !s.opt.v6only}
	}
	return span{one: addr}
}

func (a span) overlaps(b span) bool {
	switch {
	case a.one.IsValid() && b.one.IsValid():
		return a.one == b.one
	case a.one.IsValid():
		return b.accepts(a.one)
	case b.one.IsValid():
		return a.accepts(b.one)
	}
	return (a.all4 && b.all4) || (a.all6 && b.all6)
}

// accepts reports whether a packet to dst (unmapped) falls in the span.
func (a span) accepts(dst netip.Addr) bool {
	if a.one.IsValid() {
		return a.one == dst
	}
	if dst.Is4() {
		return a.all4
	}
	return a.all6
}

// bindConflict reports whether s may not take addr:port because another
// socket holds it, by Linux's rules: SO_REUSEADDR on both lets sockets
// share a port unless the other one listens (TCP), SO_REUSEPORT on both
// lets them share it always.
func (t *portTable) bindConflict(s *socket, addr netip.Addr, port uint16) bool {
	mine := spanOf(s, addr)
	for _, o := range t.bound[port] {
		if o == s || !mine.overlaps(spanOf(o, o.local.Addr())) {
			continue
		}
		if s.opt.reuseport && o.opt.reuseport {
			continue
		}
		if s.opt.reuseaddr && o.opt.reuseaddr && !(o.typ == sockStream && o.tcpState() == tcpListen) {
			continue
		}
		return true
	}
	return false
}
