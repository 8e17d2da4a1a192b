package simnet

import (
	"net/netip"
	"slices"
	"syscall"
	"time"

	"sockstar/runtime/linux"
)

type tcpStateKind int

const (
	tcpClosed tcpStateKind = iota // new, bound, reset, or done
	tcpListen
	tcpSynSent
	tcpSynRecv     // the passive side before the handshake's last ACK
	tcpEstablished // either direction may already be shut: see the FIN flags
	tcpTimeWait    // a TIME_WAIT entry, which no descriptor holds
)

// Linux's TCP constants.
const (
	mssLoopback = 65483 // loopback's MTU of 65536 less headers and options
	mssLAN      = 1448  // Ethernet's MTU of 1500 less headers and timestamps
	synRetries  = 6     // net.ipv4.tcp_syn_retries
	initialRTO  = time.Second
	timeWaitLen = 60 * time.Second // TCP_TIMEWAIT_LEN
	finTimeout  = 60 * time.Second // net.ipv4.tcp_fin_timeout
)

// tcb is a TCP socket's protocol state. Bytes are counted from the start
// of each direction's stream: segments carry no loss, so a position is
// enough to order them.
type tcb struct {
	state tcpStateKind

	// A listener's queues: acceptq holds established connections not yet
	// accepted; halfOpen the handshakes under way, which hold a slot too.
	backlog  int
	acceptq  []*socket
	halfOpen []*socket
	listener *socket // a passive connection's listener, until accepted

	// A SYN_SENT socket's retransmissions; synGen tells a stale timer.
	synTries int
	synGen   int

	// Send side: sendq holds the bytes from sndUna on, not yet
	// acknowledged; sndNxt is the next byte to send; sndWnd the right edge
	// of the peer's advertised window.
	sendq          []byte
	sndUna, sndNxt int64
	sndWnd         int64
	finQueued      bool // shutdown(SHUT_WR) or close: FIN follows the data
	corked         bool // the last send had MSG_MORE
	finSent        bool
	finAcked       bool
	activeClose    bool // our FIN left before the peer's arrived: TIME_WAIT is ours

	// Receive side.
	recvq   []byte
	rcvNxt  int64
	rcvAdv  int64 // right edge of the window last advertised
	finRcvd bool  // SOCK_DONE

	mss int
	// lastArrival keeps this connection's segments in order even when the
	// network's Delay changes between them.
	lastArrival time.Duration
	// pipe holds the segments behind one a shaped link lost, the lost
	// one first, until its retransmission gets through (link.go).
	pipe []segment
}

// segment is one TCP segment.
type segment struct {
	src, dst           netip.AddrPort
	syn, ack, fin, rst bool
	data               []byte
	seq                int64 // where its data (or FIN) starts in the sender's stream
	ackNo, wnd         int64 // ack: bytes received; wnd: free space after them
	finAck             bool  // acknowledges the FIN
}

// sendSegment sends seg from s, in order after its earlier segments.
func (s *socket) sendSegment(seg segment) {
	h := s.host
	dst := h.route(seg.dst.Addr())
	if dst == nil {
		return
	}
	n := s.net
	if n.links != nil && n.shaped(h, dst) && s.tcp != nil {
		s.sendShaped(dst, seg)
		return
	}
	arrive := n.clock.Now() + n.delay(h, dst)
	if s.tcp != nil {
		arrive = max(arrive, s.tcp.lastArrival)
		s.tcp.lastArrival = arrive
	}
	if arrive <= n.clock.Now() {
		n.due = append(n.due, dueWork{to: dst, seg: seg})
		return
	}
	n.later(arrive-n.clock.Now(), func() { dst.tcpInput(seg) })
}

// sendReset answers seg, which found no connection, with a RST.
func (h *host) sendReset(seg segment) {
	if seg.rst {
		return
	}
	dst := h.route(seg.src.Addr())
	if dst == nil {
		return
	}
	rst := segment{src: seg.dst, dst: seg.src, rst: true}
	h.net.later(h.net.delay(h, dst), func() { dst.tcpInput(rst) })
}

// tcpInput is a segment arriving at the host: to its connection, to a
// listener if it is a SYN, or answered by a RST.
func (h *host) tcpInput(seg segment) {
	if s := h.conns[connKey{local: seg.dst, remote: seg.src}]; s != nil {
		s.tcpSegment(seg)
		return
	}
	if seg.syn && !seg.ack {
		if l := h.listener(seg.dst); l != nil {
			l.tcpSyn(seg)
			return
		}
	}
	h.sendReset(seg)
}

// listener is the socket listening on dst: one bound to the address
// itself before a wildcard one, an AF_INET one before an AF_INET6 one.
func (h *host) listener(dst netip.AddrPort) *socket {
	var best *socket
	bestScore := -1
	for _, s := range h.tcp.bound[dst.Port()] {
		if s.tcp.state != tcpListen || !spanOf(s, s.local.Addr()).accepts(dst.Addr()) {
			continue
		}
		score := 0
		if !s.local.Addr().IsUnspecified() {
			score += 4
		}
		if s.family == linux.AF_INET {
			score++
		}
		if score > bestScore {
			best, bestScore = s, score
		}
	}
	return best
}

// mssTo is the segment size between the host and dst.
func (h *host) mssTo(dst netip.Addr) int {
	if h.owns(dst) {
		return mssLoopback
	}
	return mssLAN
}

// window is the free receive space the socket advertises.
func (s *socket) window() int64 {
	return max(int64(s.opt.rcvbuf-len(s.tcp.recvq)), 0)
}

// ackSegment is an ACK from s carrying its receive window.
func (s *socket) ackSegment() segment {
	t := s.tcp
	t.rcvAdv = t.rcvNxt + s.window()
	return segment{src: s.local, dst: s.remote, ack: true, seq: t.sndNxt, ackNo: t.rcvNxt, wnd: s.window(), finAck: t.finRcvd}
}

// tcpSyn is a SYN reaching a listener: a slot for the connection, or the
// SYN is dropped and the client tries again later.
func (l *socket) tcpSyn(seg segment) {
	t := l.tcp
	if len(t.acceptq)+len(t.halfOpen) >= t.backlog+1 {
		return
	}
	c := &socket{net: l.net, host: l.host, family: l.family, typ: l.typ, proto: l.proto, opt: l.opt, ss: ssConnected}
	c.local, c.remote = seg.dst, seg.src
	c.bound, c.lockedAddr, c.lockedPort = true, true, l.lockedPort
	c.tcp = &tcb{state: tcpSynRecv, listener: l, mss: l.host.mssTo(seg.src.Addr())}
	c.tcp.sndWnd = seg.wnd
	t.halfOpen = append(t.halfOpen, c)
	l.host.conns[connKey{local: c.local, remote: c.remote}] = c
	l.host.tcp.add(c)
	synack := c.ackSegment()
	synack.syn = true
	c.sendSegment(synack)
}

// tcpSegment is a segment reaching its connection.
func (s *socket) tcpSegment(seg segment) {
	t := s.tcp
	if seg.rst {
		s.tcpReset()
		return
	}
	switch t.state {
	case tcpTimeWait:
		return
	case tcpSynSent:
		if seg.syn && seg.ack {
			t.state = tcpEstablished
			t.synGen++
			t.sndWnd = seg.wnd
			s.sendSegment(s.ackSegment())
		}
		return
	case tcpSynRecv:
		if seg.syn && !seg.ack {
			// The client's SYN again: our SYN-ACK was lost; send it again.
			synack := s.ackSegment()
			synack.syn = true
			s.sendSegment(synack)
			return
		}
		if !seg.ack {
			return
		}
		t.state = tcpEstablished
		l := t.listener
		l.tcp.halfOpen = slices.DeleteFunc(l.tcp.halfOpen, func(c *socket) bool { return c == s })
		l.tcp.acceptq = append(l.tcp.acceptq, s)
	}
	if seg.ack {
		s.tcpAck(seg)
	}
	if len(seg.data) > 0 {
		if t.finSent && s.shut&shutRcv != 0 {
			// Data after we closed for reading and said so: abort, as
			// tcp_rcv_state_process does in FIN_WAIT1/2.
			s.abort()
			return
		}
		t.recvq = append(t.recvq, seg.data...)
		t.rcvNxt += int64(len(seg.data))
	}
	if seg.fin && !t.finRcvd {
		t.finRcvd = true
		s.shut |= shutRcv
	}
	if len(seg.data) > 0 || seg.fin {
		s.sendSegment(s.ackSegment())
	}
	s.tcpMaybeFinish()
}

// tcpAck takes an acknowledgement: acknowledged bytes leave the send
// buffer, and the window may let more go.
func (s *socket) tcpAck(seg segment) {
	t := s.tcp
	if seg.ackNo < t.sndUna {
		return // older than what we know
	}
	if done := seg.ackNo - t.sndUna; done > 0 {
		t.sendq = t.sendq[done:]
		t.sndUna = seg.ackNo
	}
	t.sndWnd = seg.ackNo + seg.wnd
	if seg.finAck && t.finSent {
		t.finAcked = true
		if !t.finRcvd && !s.open {
			// An orphan in FIN_WAIT2 waits tcp_fin_timeout for the peer's FIN.
			s.net.timer(finTimeout, func() {
				if s.tcp.state == tcpEstablished && !s.tcp.finRcvd {
					s.tcpDone()
				}
			})
		}
	}
	s.tcpPush()
}

// tcpPush sends what the window allows, then the FIN once the data is out.
func (s *socket) tcpPush() {
	t := s.tcp
	if t.state != tcpEstablished {
		return
	}
	end := t.sndUna + int64(len(t.sendq))
	for t.sndNxt < end && t.sndNxt < t.sndWnd {
		n := min(int64(t.mss), end-t.sndNxt, t.sndWnd-t.sndNxt)
		if t.corked && n < int64(t.mss) && !t.finQueued {
			break
		}
		off := t.sndNxt - t.sndUna
		data := append([]byte(nil), t.sendq[off:off+n]...)
		seg := s.ackSegment()
		seg.data = data
		s.sendSegment(seg)
		t.sndNxt += n
	}
	if t.finQueued && !t.finSent && t.sndNxt == end {
		t.finSent = true
		t.activeClose = !t.finRcvd
		seg := s.ackSegment()
		seg.fin = true
		s.sendSegment(seg)
	}
}

// tcpMaybeFinish ends a connection both of whose FINs are through: into
// TIME_WAIT for the side that closed first, closed for the other.
func (s *socket) tcpMaybeFinish() {
	t := s.tcp
	if t.state != tcpEstablished || !t.finSent || !t.finAcked || !t.finRcvd {
		return
	}
	if t.activeClose {
		s.enterTimeWait()
	}
	s.tcpDone()
}

// enterTimeWait leaves a TIME_WAIT entry holding the four-tuple and the
// port for 60 s, as tcp_time_wait does.
func (s *socket) enterTimeWait() {
	tw := &socket{net: s.net, host: s.host, family: s.family, typ: s.typ, proto: s.proto, opt: s.opt,
		local: s.local, remote: s.remote, bound: true, tcp: &tcb{state: tcpTimeWait}}
	key := connKey{local: s.local, remote: s.remote}
	s.host.conns[key] = tw
	s.host.tcp.add(tw)
	s.net.timer(timeWaitLen, func() {
		if s.host.conns[key] == tw {
			delete(s.host.conns, key)
		}
		tw.unbind()
	})
}

// tcpDone is tcp_done: the connection is over; the socket keeps its
// port only while a descriptor holds it and bind() chose the port.
func (s *socket) tcpDone() {
	t := s.tcp
	if l := t.listener; t.state == tcpSynRecv && l != nil {
		l.tcp.halfOpen = slices.DeleteFunc(l.tcp.halfOpen, func(c *socket) bool { return c == s })
	}
	t.state = tcpClosed
	t.synGen++
	t.sendq = nil
	t.sndUna = t.sndNxt
	s.shut = shutBoth
	key := connKey{local: s.local, remote: s.remote}
	if s.host.conns[key] == s {
		delete(s.host.conns, key)
	}
	if !s.open || !s.lockedPort {
		s.unbind()
	}
}

// tcpReset is a RST reaching the connection (tcp_reset).
func (s *socket) tcpReset() {
	t := s.tcp
	switch {
	case t.state == tcpTimeWait:
		delete(s.host.conns, connKey{local: s.local, remote: s.remote})
		s.unbind()
		return
	case t.state == tcpSynSent:
		s.err = linux.ECONNREFUSED
	case t.state == tcpSynRecv:
		// The handshake dies before anyone saw it.
		s.tcpDone()
		return
	case t.finRcvd && !t.finSent:
		s.err = linux.EPIPE // CLOSE_WAIT
	default:
		s.err = linux.ECONNRESET
	}
	s.tcpDone()
}

// abort resets the connection from our side (close with unread data,
// SO_LINGER 0, a listener's unaccepted connections).
func (s *socket) abort() {
	if st := s.tcp.state; st == tcpEstablished || st == tcpSynRecv {
		seg := segment{src: s.local, dst: s.remote, rst: true, seq: s.tcp.sndNxt}
		s.sendSegment(seg)
	}
	s.tcpDone()
}

func (s *socket) tcpListen(backlog int) error {
	t := s.tcp
	if s.ss != ssUnconnected || (t.state != tcpClosed && t.state != tcpListen) {
		return linux.EINVAL
	}
	if t.state == tcpListen {
		t.backlog = backlog
		return nil
	}
	if !s.bound {
		if err := s.autobind(); err != nil {
			return linux.EADDRINUSE
		}
	}
	t.state = tcpListen
	if s.ports().bindConflict(s, s.local.Addr(), s.local.Port()) {
		t.state = tcpClosed
		return linux.EADDRINUSE
	}
	t.backlog = backlog
	return nil
}

func (s *socket) tcpAccept() (*socket, error) {
	t := s.tcp
	if t.state != tcpListen {
		return nil, linux.EINVAL
	}
	if len(t.acceptq) == 0 {
		return nil, linux.EAGAIN
	}
	c := t.acceptq[0]
	t.acceptq = t.acceptq[1:]
	c.tcp.listener = nil
	return c, nil
}

// stopListening is inet_csk_listen_stop: queued and half-open
// connections are reset.
func (s *socket) stopListening() {
	t := s.tcp
	for _, c := range t.acceptq {
		c.tcp.listener = nil
		c.abort()
	}
	t.acceptq = nil
	for _, c := range t.halfOpen {
		c.tcp.listener = nil
		c.abort()
	}
	t.halfOpen = nil
	t.state = tcpClosed
}

func (s *socket) tcpConnect(sa syscall.Sockaddr) error {
	t := s.tcp
	if sa == nil {
		return s.tcpDisconnect()
	}
	switch s.ss {
	case ssConnected:
		return linux.EISCONN
	case ssConnecting:
		switch t.state {
		case tcpSynSent:
			return linux.EALREADY
		case tcpClosed:
			// The attempt failed: tcp_disconnect makes the socket new again.
			s.ss = ssUnconnected
			s.shut = 0
			if err := s.sockError(); err != nil {
				return err
			}
			return linux.ECONNABORTED
		}
		s.ss = ssConnected
		return nil
	}
	if t.state != tcpClosed {
		return linux.EISCONN
	}
	ap, err := s.inetAddr(sa)
	if err != nil {
		return err
	}
	if s.family == linux.AF_INET6 && ap.Addr().Is4() && s.opt.v6only {
		return linux.ENETUNREACH
	}
	dst := ap.Addr()
	if dst.IsUnspecified() {
		dst = loopbackFor(dst)
	}
	if err := s.routeCheck(dst); err != nil {
		return err
	}
	if dst.IsMulticast() || s.host.isBroadcast(dst) {
		return linux.ENETUNREACH
	}
	if !s.bound {
		if err := s.autobind(); err != nil {
			return linux.EADDRNOTAVAIL
		}
	}
	if s.local.Addr().IsUnspecified() {
		s.setLocalAddr(s.host.sourceFor(dst))
	}
	s.remote = netip.AddrPortFrom(dst, ap.Port())
	t.state = tcpSynSent
	t.mss = s.host.mssTo(dst)
	t.synTries = 0
	t.synGen++
	s.ss = ssConnecting
	s.host.conns[connKey{local: s.local, remote: s.remote}] = s
	s.sendSyn()
	return linux.EINPROGRESS
}

// routeCheck is the route lookup's verdict on a destination: loopback
// only from its own source, IPv6 only where a host has it.
func (s *socket) routeCheck(dst netip.Addr) error {
	src := s.local.Addr()
	if !src.IsUnspecified() && isLoopback(src) && !s.host.owns(dst) {
		return linux.EINVAL
	}
	if dst.Is6() && !s.host.owns(dst) && s.net.hosts[dst] == nil {
		return linux.ENETUNREACH
	}
	return nil
}

// sendSyn sends the SYN and arms the retransmission: 1 s, doubling, six
// times, then ETIMEDOUT (127 s in all).
func (s *socket) sendSyn() {
	t := s.tcp
	seg := s.ackSegment()
	seg.ack = false
	seg.syn = true
	s.sendSegment(seg)
	gen := t.synGen
	rto := initialRTO << t.synTries
	s.net.timer(rto, func() {
		if t.synGen != gen || t.state != tcpSynSent {
			return
		}
		if t.synTries == synRetries {
			s.err = linux.ETIMEDOUT
			s.tcpDone()
			return
		}
		t.synTries++
		t.synGen++
		s.sendSyn()
	})
}

// tcpDisconnect is connect(AF_UNSPEC): tcp_disconnect.
func (s *socket) tcpDisconnect() error {
	t := s.tcp
	switch t.state {
	case tcpListen:
		s.stopListening()
	case tcpEstablished:
		if !(t.finSent && t.finAcked) || len(t.recvq) > 0 {
			s.abort()
		} else {
			s.tcpDone()
		}
	case tcpSynSent:
		s.tcpDone()
	}
	t.state = tcpClosed
	*t = tcb{}
	s.shut = 0
	s.ss = ssUnconnected
	s.remote = netip.AddrPort{}
	s.releaseAutobound()
	return nil
}

func (s *socket) tcpClose() {
	t := s.tcp
	switch t.state {
	case tcpListen:
		s.stopListening()
		s.unbind()
	case tcpSynSent, tcpClosed:
		s.tcpDone()
	case tcpEstablished:
		s.shut = shutBoth
		switch {
		case len(t.recvq) > 0, s.opt.lingerOn && s.opt.lingerSecs == 0:
			s.abort()
		default:
			t.recvq = nil
			t.finQueued = true
			s.tcpPush()
			s.tcpMaybeFinish()
			if t.state == tcpEstablished && t.finAcked && !t.finRcvd {
				s.net.timer(finTimeout, func() {
					if t.state == tcpEstablished && !t.finRcvd {
						s.tcpDone()
					}
				})
			}
		}
	}
}

func (s *socket) tcpShutdown(bits int) error {
	t := s.tcp
	switch t.state {
	case tcpListen:
		if bits&shutRcv != 0 {
			s.stopListening()
			s.ss = ssUnconnected
		}
		return nil
	case tcpSynSent:
		s.tcpDone()
		s.shut = 0
		s.ss = ssUnconnected
		return nil
	case tcpClosed:
		// inet_shutdown sets the bits all the same, then says ENOTCONN.
		s.shut |= bits
		return linux.ENOTCONN
	}
	s.shut |= bits
	if bits&shutSend != 0 && !t.finQueued {
		t.finQueued = true
		s.tcpPush()
		s.tcpMaybeFinish()
	}
	return nil
}

func (s *socket) tcpSend(p []byte, flags int, _ syscall.Sockaddr) (int, error) {
	t := s.tcp
	if flags&msgOOB != 0 {
		// Urgent data is not modelled.
		return 0, linux.EOPNOTSUPP
	}
	if t.state != tcpEstablished || t.finQueued {
		// Only ESTABLISHED and CLOSE_WAIT send (sk_stream_wait_connect).
		if s.err != 0 {
			return 0, s.sockError()
		}
		if t.state == tcpSynSent {
			return 0, linux.EAGAIN
		}
		return 0, linux.EPIPE
	}
	if s.err != 0 {
		return 0, s.sockError()
	}
	if s.shut&shutSend != 0 {
		return 0, linux.EPIPE
	}
	// MSG_MORE holds a short tail back until a send without it.
	t.corked = flags&linux.MSG_MORE != 0
	sent := 0
	for sent < len(p) {
		free := s.opt.sndbuf - len(t.sendq)
		if free <= 0 {
			break
		}
		n := min(len(p)-sent, free)
		t.sendq = append(t.sendq, p[sent:sent+n]...)
		sent += n
		s.tcpPush()
		// On loopback the segments arrive and are acknowledged while the
		// call copies, as the kernel processes them before send returns.
		s.net.runDue()
		if t.state != tcpEstablished || s.err != 0 {
			break
		}
	}
	if sent == 0 && len(p) > 0 {
		return 0, linux.EAGAIN
	}
	if !t.corked {
		s.tcpPush()
	}
	return sent, nil
}

func (s *socket) tcpRecv(p []byte, flags int) (int, error) {
	t := s.tcp
	if t.state == tcpListen {
		return 0, linux.ENOTCONN
	}
	if flags&msgOOB != 0 {
		// No urgent data ever arrives (it is not modelled).
		return 0, linux.EINVAL
	}
	if flags&msgErrqueue != 0 {
		return 0, linux.EAGAIN
	}
	if len(t.recvq) > 0 {
		n := min(len(p), len(t.recvq))
		if flags&msgTrunc == 0 {
			copy(p, t.recvq[:n])
		}
		if flags&msgPeek == 0 && n > 0 {
			t.recvq = t.recvq[n:]
			if len(t.recvq) == 0 {
				t.recvq = nil
			}
			s.windowUpdate()
		}
		return n, nil
	}
	switch {
	case t.finRcvd:
		return 0, nil
	case s.err != 0:
		return 0, s.sockError()
	case s.shut&shutRcv != 0:
		return 0, nil
	case t.state == tcpClosed:
		return 0, linux.ENOTCONN
	}
	return 0, linux.EAGAIN
}

// windowUpdate tells the peer about space reading freed, when that opens
// a closed window or grows it by a segment.
func (s *socket) windowUpdate() {
	t := s.tcp
	if t.state != tcpEstablished {
		return
	}
	right := t.rcvNxt + s.window()
	if right > t.rcvAdv && (t.rcvAdv <= t.rcvNxt || right-t.rcvAdv >= int64(min(t.mss, s.opt.rcvbuf/2))) {
		s.sendSegment(s.ackSegment())
	}
}

// recvSpaceChanged tells the peer of a window a larger SO_RCVBUF opened.
func (s *socket) recvSpaceChanged() {
	if s.tcp != nil {
		s.windowUpdate()
	}
}
