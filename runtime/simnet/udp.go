package simnet

import (
	"net/netip"
	"syscall"

	"sockstar/runtime/linux"
)

// Datagram limits: the largest payload of an IPv4 and an IPv6 datagram,
// and what each queued datagram costs the receive buffer beyond its bytes
// (the sk_buff's truesize).
const (
	udpMax4     = 65507
	udpMax6     = 65527
	udpOverhead = 768
	udpTooLarge = 0xffff
)

type udpSock struct {
	recvq     []datagram
	charged   int // receive buffer in use
	connected bool
}

type datagram struct {
	data []byte
	from netip.AddrPort
}

// udpDest reads a sendto or connect address; sa nil is no address.
func (s *socket) udpDest(sa syscall.Sockaddr) (netip.AddrPort, error) {
	if a, ok := sa.(*syscall.SockaddrInet4); ok && s.family == linux.AF_INET6 {
		// udpv6_sendmsg sends a sockaddr_in as IPv4.
		if s.opt.v6only {
			return netip.AddrPort{}, linux.ENETUNREACH
		}
		return netip.AddrPortFrom(netip.AddrFrom4(a.Addr), uint16(a.Port)), nil
	}
	ap, err := s.inetAddr(sa)
	if err != nil {
		return ap, err
	}
	if s.family == linux.AF_INET6 && ap.Addr().Is4() && s.opt.v6only {
		return ap, linux.ENETUNREACH
	}
	return ap, nil
}

func (s *socket) udpConnect(sa syscall.Sockaddr) error {
	u := s.udp
	if sa == nil {
		// AF_UNSPEC: udp_disconnect.
		u.connected = false
		s.remote = netip.AddrPort{}
		s.releaseAutobound()
		return nil
	}
	if _, ok := sa.(*syscall.SockaddrInet4); ok && s.family == linux.AF_INET6 && s.opt.v6only {
		// ip6_datagram_connect takes a sockaddr_in as IPv4, but not here.
		return linux.EAFNOSUPPORT
	}
	ap, err := s.udpDest(sa)
	if err != nil {
		return err
	}
	if err := s.autobind(); err != nil {
		return err
	}
	dst := ap.Addr()
	if dst.IsUnspecified() {
		dst = loopbackFor(dst)
	}
	if err := s.routeCheck(dst); err != nil {
		return err
	}
	if s.host.isBroadcast(dst) && !s.opt.broadcast {
		return linux.EACCES
	}
	if s.local.Addr().IsUnspecified() {
		// The route's source address becomes the bound one.
		s.setLocalAddr(s.host.sourceFor(dst))
	}
	s.remote = netip.AddrPortFrom(dst, ap.Port())
	u.connected = true
	return nil
}

func (s *socket) udpSend(p []byte, flags int, to syscall.Sockaddr) (int, error) {
	// Taken first: a send that fails leaves no mark for a later one.
	chosen := s.net.chosenLoss(s.host.addr, p)
	if err := s.autobind(); err != nil {
		return 0, err
	}
	if len(p) > udpTooLarge {
		return 0, linux.EMSGSIZE
	}
	if flags&msgOOB != 0 {
		return 0, linux.EOPNOTSUPP
	}
	var dst netip.AddrPort
	if to != nil {
		ap, err := s.udpDest(to)
		if err != nil {
			return 0, err
		}
		if ap.Port() == 0 {
			return 0, linux.EINVAL
		}
		a := ap.Addr()
		if a.IsUnspecified() {
			a = loopbackFor(a)
		}
		dst = netip.AddrPortFrom(a, ap.Port())
	} else {
		if !s.udp.connected {
			return 0, linux.EDESTADDRREQ
		}
		dst = s.remote
	}
	if err := s.routeCheck(dst.Addr()); err != nil {
		return 0, err
	}
	bcast := s.host.isBroadcast(dst.Addr())
	if bcast && !s.opt.broadcast {
		return 0, linux.EACCES
	}
	limit := udpMax4
	if !dst.Addr().Is4() {
		limit = udpMax6
	}
	if len(p) > limit {
		return 0, linux.EMSGSIZE
	}
	if s.err != 0 {
		return 0, s.sockError()
	}
	if s.shut&shutSend != 0 {
		return 0, linux.EPIPE
	}
	src := s.local.Addr()
	if src.IsUnspecified() {
		src = s.host.sourceFor(dst.Addr())
	}
	from := netip.AddrPortFrom(src, s.local.Port())
	data := append([]byte(nil), p...)
	n := s.net
	if bcast {
		for _, h := range n.lan(s.host.addr) {
			n.later(n.delay(s.host, h), func() { h.udpBroadcast(data, from, dst.Port()) })
		}
		return len(p), nil
	}
	h := s.host.route(dst.Addr())
	if h == nil || dst.Addr().IsMulticast() {
		// Nobody has the address (or nobody joined the group): the
		// datagram is lost.
		return len(p), nil
	}
	back := s.host
	deliver := func() {
		if !h.udpInput(data, from, dst) {
			// ICMP port unreachable, back to the sender.
			if after, lost, _ := n.carry(h, back, 28); lost == "" {
				n.later(after, func() { back.udpUnreachable(from, dst) })
			}
		}
	}
	send := func() {
		after, lost, dup := n.carry(back, h, len(data)+28)
		by := ""
		if chosen != nil && lost == "" {
			lost, by, dup = chosen.why, chosen.by, false
		}
		if lost != "" {
			n.note(PacketNote{What: "lost", Proto: "udp", From: from, To: dst, Size: len(data), Why: lost, By: by})
			return
		}
		n.later(after, deliver)
		if dup {
			n.note(PacketNote{What: "duplicated", Proto: "udp", From: from, To: dst, Size: len(data)})
			n.later(after, deliver)
		}
	}
	if !n.held(back, h, send) { // a held datagram goes on at release
		send() // a lost one is gone: nobody knows
	}
	return len(p), nil
}

// udpLookup is the socket a datagram from src to dst goes to: the best
// match (specific address, connected to src), the newest among equals.
func (h *host) udpLookup(src, dst netip.AddrPort) *socket {
	var best *socket
	bestScore := -1
	for _, s := range h.udp.bound[dst.Port()] {
		if !spanOf(s, s.local.Addr()).accepts(dst.Addr()) {
			continue
		}
		score := 0
		if s.udp.connected {
			if s.remote != src {
				continue
			}
			score += 4
		}
		if !s.local.Addr().IsUnspecified() {
			score += 4
		}
		if s.family == linux.AF_INET && dst.Addr().Is4() {
			score++
		}
		if score >= bestScore {
			best, bestScore = s, score
		}
	}
	return best
}

// udpInput delivers a unicast datagram; false when no socket has the
// port.
func (h *host) udpInput(data []byte, from, dst netip.AddrPort) bool {
	s := h.udpLookup(from, dst)
	if s == nil {
		return false
	}
	s.udpQueue(data, from)
	return true
}

// udpBroadcast delivers a broadcast datagram to every socket bound to
// the port on a wildcard or the broadcast address.
func (h *host) udpBroadcast(data []byte, from netip.AddrPort, port uint16) {
	for _, s := range h.udp.bound[port] {
		a := s.local.Addr()
		if !(a.IsUnspecified() && spanOf(s, a).all4) && !h.isBroadcast(a) {
			continue
		}
		if s.udp.connected && s.remote != from {
			continue
		}
		s.udpQueue(data, from)
	}
}

// udpQueue queues a datagram unless the receive buffer is already over
// its size, as __udp_enqueue_schedule_skb drops.
func (s *socket) udpQueue(data []byte, from netip.AddrPort) {
	u := s.udp
	if u.charged > s.opt.rcvbuf {
		return
	}
	u.charged += len(data) + udpOverhead
	u.recvq = append(u.recvq, datagram{data: data, from: from})
}

// udpUnreachable is an ICMP port unreachable for a datagram from src to
// dst: a socket connected to dst learns ECONNREFUSED.
func (h *host) udpUnreachable(src, dst netip.AddrPort) {
	s := h.udpLookup(dst, src)
	if s != nil && s.udp.connected && s.remote == dst {
		s.err = linux.ECONNREFUSED
	}
}

func (s *socket) udpRecv(p []byte, flags int) (int, syscall.Sockaddr, error) {
	u := s.udp
	if flags&msgErrqueue != 0 {
		return 0, nil, linux.EAGAIN
	}
	if s.err != 0 {
		return 0, nil, s.sockError()
	}
	if len(u.recvq) == 0 {
		return 0, nil, linux.EAGAIN
	}
	d := u.recvq[0]
	n := copy(p, d.data)
	if flags&msgPeek == 0 {
		u.recvq[0] = datagram{}
		u.recvq = u.recvq[1:]
		u.charged -= len(d.data) + udpOverhead
	}
	if flags&msgTrunc != 0 {
		n = len(d.data)
	}
	return n, s.sockaddr(d.from), nil
}

func (s *socket) udpShutdown(bits int) error {
	s.shut |= bits
	if !s.udp.connected {
		return linux.ENOTCONN
	}
	return nil
}

func (s *socket) udpClose() {
	s.unbind()
	s.udp.recvq = nil
}
