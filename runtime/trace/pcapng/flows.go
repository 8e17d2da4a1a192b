package pcapng

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"

	"sockstar/runtime/trace"
)

// packet is one packet of the capture.
type packet struct {
	t       int64  // microseconds since the run started
	data    []byte // from the IP header on
	comment string
}

// action puts on the wire what one event shows, at its time: a call's
// start for what it sends, its return for what it saw arrive.
type action struct {
	t    int64
	prio int // at one microsecond, what is sent goes before what answers it
	do   func()
}

const (
	prioSend = iota
	prioSeen
)

// The constants of Linux that calls' arguments and results show.
const (
	shutWR      = 1
	shutRDWR    = 2
	msgPeek     = 2
	solSocket   = 1
	soLinger    = 13
	eagain      = 11
	etimedout   = 110
	econnrefuse = 111
	einprogress = 115
)

// builder turns a run's events into packets: a first pass ties each event
// to its connection and makes its actions, which then run in time order.
type builder struct {
	actions []action
	pkts    []packet

	conns     []*conn
	byPair    map[[2]string]*conn // by the kernel addresses of the two ends
	bySock    map[sockKey]sockRef // for calls that show no kernel peer (after a reset)
	listening map[int]bool        // kernel ports a script listened on
	ids       map[netip.Addr]uint16
	made      int // ISNs and ports made up for connection attempts

	// What the simulated network did to packets (faults.go): TCP notes
	// by kernel addresses until a call shows their connection; UDP ones,
	// and each socket's last datagram so far.
	tcpNotes map[[2]string][]*trace.Event
	udpNotes []*trace.Event
	lastUDP  map[sockKey]int
}

type sockKey struct {
	role string
	fd   int
}

type sockRef struct {
	c *conn
	k string
}

// conn is one TCP connection. Side 0 connected, side 1 accepted.
type conn struct {
	k         [2]string // the sides' kernel addresses
	oriented  bool      // a connect or accept fixed which side is which
	addr      [2]netip.AddrPort
	role      [2]string
	events    []connEvent
	connectEv *trace.Event
	connector *sockKey
	acceptEv  *trace.Event
	sends     map[string][]*pending // each side's sends, by its kernel address, in time order
	closedK   []string              // sides closed so far, in the first pass
	bad       bool                  // no addresses to show it with
	mss       int

	h                           [2]half
	synSent, established, reset bool
	last                        int64 // time of its last packet: its packets keep their order

	notes  []*trace.Event       // what the network did to its packets (faults.go)
	tries  map[*trace.Event]int // how many times a note's segment was lost before it
	losses map[segmentKey]int
}

type connEvent struct {
	e *trace.Event
	k string
}

// pending is a send, until its data is on the wire: at its time, or
// earlier when the peer reads it first (their times tie to the microsecond).
type pending struct {
	e    *trace.Event
	done bool
}

// half is one side's state as the packets go out.
type half struct {
	next  uint32 // the sequence number of its next byte, SYN or FIN
	ack   uint32 // the acknowledgement it sent last
	acked bool
	wire  int64 // bytes of data it has sent
	read  int64 // bytes its script has taken with recv

	opened, fin, closed bool
	usesFile            bool // makefile(): its reads are not in the trace, and its close may not end the connection
	lingerZero          bool // SO_LINGER 0: close resets

	// Kept only when the network lost some of the connection's packets:
	isn      uint32  // its SYN's sequence number
	finSeq   uint32  // its FIN's
	holes    []int64 // relative sequence numbers of data or FIN lost and not yet through: the peer acknowledges none past them
	stream   []byte  // the data it sent, for retransmissions
	finAcked bool
}

// delivered is how many bytes of data the side sent have reached the peer:
// all, or those before the first the network lost.
func (h *half) delivered() int64 {
	if len(h.holes) == 0 {
		return h.wire
	}
	return min(h.wire, slices.Min(h.holes)-1)
}

func packets(events []trace.Event) []packet {
	b := &builder{
		byPair:    map[[2]string]*conn{},
		bySock:    map[sockKey]sockRef{},
		listening: map[int]bool{},
		ids:       map[netip.Addr]uint16{},
	}
	for i := range events {
		b.event(&events[i])
	}
	b.leftNotes()
	for _, c := range b.conns {
		c.resolve()
	}
	sort.SliceStable(b.actions, func(i, j int) bool {
		if b.actions[i].t != b.actions[j].t {
			return b.actions[i].t < b.actions[j].t
		}
		return b.actions[i].prio < b.actions[j].prio
	})
	for _, a := range b.actions {
		a.do()
	}
	// A connection's packets may have waited for their cause; the capture
	// is in time order.
	sort.SliceStable(b.pkts, func(i, j int) bool { return b.pkts[i].t < b.pkts[j].t })
	return b.pkts
}

func (b *builder) at(t int64, prio int, do func()) {
	b.actions = append(b.actions, action{t, prio, do})
}

func (b *builder) event(e *trace.Event) {
	switch {
	case e.Kind == "end":
		role, t := e.Role, e.T
		b.at(t, prioSend, func() { b.roleEnds(role, t) })
	case e.Kind == "fault":
		b.fault(e)
	case e.Kind != "call" || e.Proto == "unix":
	case e.Proto == "udp":
		if isSend(e.Call) && e.Exc == "" {
			b.datagram(e)
		}
	case e.Proto == "tcp":
		if e.Call == "listen" {
			b.listening[kernelPort(e.KLocal)] = true
			return
		}
		b.tcp(e)
	}
}

func isSend(call string) bool { return call == "send" || call == "sendall" || call == "sendto" }
func isRecv(call string) bool { return call == "recv" || call == "recvfrom" }

// attempt is what a connect call did on the wire.
type attempt int

const (
	notConnect attempt = iota
	connected          // the handshake is done
	inProgress         // non-blocking: the SYN is out
	refused            // the SYN was answered by a RST
	timedOut           // the SYN went unanswered
	failed             // nothing was sent
)

func connectKind(e *trace.Event) attempt {
	switch e.Call {
	case "connect", "create_connection":
		switch {
		case e.Exc == "":
			return connected
		case e.Exc == "ConnectionRefusedError":
			return refused
		case e.Exc == "BlockingIOError" && e.Errno == einprogress:
			return inProgress
		case e.Exc == "TimeoutError" || e.Exc == "timeout":
			return timedOut
		}
		return failed
	case "connect_ex":
		if e.Exc != "" {
			return failed
		}
		switch e.Result {
		case "0":
			return connected
		case fmt.Sprint(econnrefuse):
			return refused
		case fmt.Sprint(einprogress):
			return inProgress
		case fmt.Sprint(eagain), fmt.Sprint(etimedout):
			return timedOut
		}
		return failed
	}
	return notConnect
}

func (b *builder) tcp(e *trace.Event) {
	kind := connectKind(e)
	switch kind {
	case refused, timedOut:
		b.attempt(e, kind)
		return
	case failed:
		return
	}
	c, k := b.connOf(e, kind)
	if c == nil {
		return
	}
	c.events = append(c.events, connEvent{e, k})
	b.actionsFor(c, k, e, kind)
	if e.Call == "close" {
		c.closedK = append(c.closedK, k)
		delete(b.bySock, sockKey{e.Role, e.FD})
	}
}

// connOf finds the connection an event belongs to, and which end made
// it (by its kernel address), or starts a connection.
func (b *builder) connOf(e *trace.Event, kind attempt) (*conn, string) {
	kl, kp := e.KLocal, e.KPeer
	sk := sockKey{e.Role, e.FD}
	if kernelPort(kl) == 0 || kernelPort(kp) == 0 {
		ref, ok := b.bySock[sk]
		if !ok || (kl != "" && kl != ref.k) {
			return nil, ""
		}
		return ref.c, ref.k
	}
	key := [2]string{kl, kp}
	if kp < kl {
		key = [2]string{kp, kl}
	}
	c := b.byPair[key]
	// The same two addresses again are a new connection when a new socket
	// connects, or a connection is accepted again.
	switch {
	case c == nil:
	case kind == connected || kind == inProgress:
		if c.connector != nil && (*c.connector != sk || c.closed(kl)) {
			c = nil
		}
	case e.Call == "accept":
		if c.acceptEv != nil {
			c = nil
		}
	}
	if c == nil {
		c = b.newConn(kl, kp)
		b.byPair[key] = c
	}
	switch {
	case kind == connected || kind == inProgress:
		c.orient(kl, kp)
		if c.connector == nil {
			c.connector, c.connectEv = &sk, e
		}
	case e.Call == "accept":
		c.orient(kp, kl)
		c.acceptEv = e
	}
	b.bySock[sk] = sockRef{c, kl}
	b.takeNotes(c, key)
	return c, kl
}

func (b *builder) newConn(kl, kp string) *conn {
	n := len(b.conns)
	c := &conn{k: [2]string{kl, kp}}
	// Until a connect or accept says, the end that listened accepted; or
	// else the one with the lower port (the kernel picks high ones).
	pl, pp := kernelPort(kl), kernelPort(kp)
	if (b.listening[pl] && !b.listening[pp]) || (b.listening[pl] == b.listening[pp] && pl < pp) {
		c.k = [2]string{kp, kl}
	}
	c.h[0].next, c.h[1].next = isn(2*n), isn(2*n+1)
	c.h[0].isn, c.h[1].isn = c.h[0].next, c.h[1].next
	b.conns = append(b.conns, c)
	return c
}

// isn is an initial sequence number: made up, but the same from run to run.
func isn(n int) uint32 { return uint32(uint64(n+1) * 0x9E3779B97F4A7C15 >> 32) }

func (c *conn) orient(connector, acceptor string) {
	if c.oriented {
		return
	}
	c.oriented = true
	c.k = [2]string{connector, acceptor}
}

func (c *conn) closed(k string) bool {
	for _, x := range c.closedK {
		if x == k {
			return true
		}
	}
	return false
}

func (c *conn) sideOf(k string) int {
	switch k {
	case c.k[0]:
		return 0
	case c.k[1]:
		return 1
	}
	return -1
}

// name is who a side is in a comment: its role, or its address when no
// role of the run has it.
func (c *conn) name(side int) string {
	if c.role[side] != "" {
		return c.role[side]
	}
	return c.addr[side].String()
}

// resolve gives the connection its addresses as the scripts see them: the
// connecting side's view first (its two addresses are of one family), the
// accepting side's where that lacks one.
func (c *conn) resolve() {
	var view [2][2]netip.AddrPort // each side's own address and its peer's
	for _, ce := range c.events {
		i := c.sideOf(ce.k)
		if i < 0 {
			continue
		}
		if c.role[i] == "" {
			c.role[i] = ce.e.Role
		}
		for j, repr := range [2]string{ce.e.Local, ce.e.Peer} {
			if a, ok := sockAddr(repr); ok && specific(a) && !view[i][j].IsValid() {
				view[i][j] = a
			}
		}
	}
	a0, a1 := view[0][0], view[0][1]
	if !a0.IsValid() {
		a0 = view[1][1]
	}
	if !a1.IsValid() {
		a1 = view[1][0]
	}
	var ok bool
	c.addr[0], c.addr[1], ok = sameFamily(a0, a1)
	c.bad = !ok || !a0.IsValid() || !a1.IsValid()
	c.mss = mss4
	if c.addr[0].Addr().Is6() {
		c.mss = mss6
	}
}

func (b *builder) actionsFor(c *conn, k string, e *trace.Event, kind attempt) {
	start, end := e.T, e.T+e.Dur
	switch {
	case kind == connected:
		b.at(start, prioSend, func() { b.syn(c, start) })
		b.at(end, prioSeen, func() { b.establish(c, end) })
	case kind == inProgress:
		b.at(start, prioSend, func() { b.syn(c, start) })
	case e.Exc == "ConnectionResetError" || e.Exc == "BrokenPipeError":
		b.at(end, prioSeen, func() { b.peerResets(c, k, end, e) })
	case e.Exc != "":
	case e.Call == "accept":
		b.at(end, prioSeen, func() { b.establish(c, end) })
	case isSend(e.Call):
		p := &pending{e: e}
		if c.sends == nil {
			c.sends = map[string][]*pending{}
		}
		c.sends[k] = append(c.sends[k], p)
		b.at(start, prioSend, func() { b.send(c, k, start, p) })
	case isRecv(e.Call):
		b.at(end, prioSeen, func() { b.recv(c, k, end, e) })
	case e.Call == "shutdown":
		if a := intArgs(e.Args); len(a) == 1 && (a[0] == shutWR || a[0] == shutRDWR) {
			b.at(start, prioSend, func() {
				if side := b.side(c, k, start); side >= 0 {
					b.fin(c, side, start, callNote(e))
				}
			})
		}
	case e.Call == "close":
		b.at(start, prioSend, func() {
			if side := b.side(c, k, start); side >= 0 {
				b.closeSide(c, side, start, callNote(e), false)
			}
		})
	case e.Call == "makefile":
		b.at(start, prioSend, func() {
			if side := c.sideOf(k); side >= 0 {
				c.h[side].usesFile = true
			}
		})
	case e.Call == "setsockopt":
		if zero, ok := lingerZero(e.Args); ok {
			b.at(start, prioSend, func() {
				if side := c.sideOf(k); side >= 0 {
					c.h[side].lingerZero = zero
				}
			})
		}
	}
}

// lingerZero reads setsockopt(SOL_SOCKET, SO_LINGER, struct linger): ok
// when it is that call, zero when it turns lingering on for 0 seconds.
func lingerZero(args string) (zero, ok bool) {
	a := intArgs(args)
	if len(a) != 2 || a[0] != solSocket || a[1] != soLinger {
		return false, false
	}
	_, v, _ := cutArgs(args, 2)
	l, isBytes := bytesLiteral(v)
	if !isBytes || len(l) != 8 {
		return false, false
	}
	onoff, secs := binary.LittleEndian.Uint32(l), binary.LittleEndian.Uint32(l[4:])
	return onoff != 0 && secs == 0, true
}

// cutArgs splits off the first n arguments of Args.
func cutArgs(args string, n int) (string, string, bool) {
	rest := args
	for i := 0; i < n; i++ {
		j := indexComma(rest)
		if j < 0 {
			return args, "", false
		}
		rest = rest[j+2:]
	}
	return args[:len(args)-len(rest)], rest, true
}

func indexComma(s string) int {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == ',' && s[i+1] == ' ' {
			return i
		}
	}
	return -1
}

// side is the side k is, after the handshake: anything a connection
// does comes after it, even when the trace lacks it or it came late.
func (b *builder) side(c *conn, k string, t int64) int {
	side := c.sideOf(k)
	if c.bad || side < 0 {
		return -1
	}
	b.establish(c, t)
	return side
}

func (b *builder) syn(c *conn, t int64) {
	if c.bad || c.synSent {
		return
	}
	c.synSent = true
	c.h[0].opened = true
	note := kernelNote(c.name(0), "connects (the connect is not in the trace)")
	if e := c.connectEv; e != nil {
		note = callNote(e)
	}
	if lost := c.lostFirst(0, "SYN"); lost != nil {
		note += dropped(lost)
	}
	b.seg(c, 0, t, flagSYN, nil, note)
}

func (b *builder) establish(c *conn, t int64) {
	if c.bad || c.established || c.reset {
		return
	}
	b.syn(c, t)
	c.established = true
	c.h[1].opened = true
	note := "answers the SYN"
	if e := c.acceptEv; e != nil {
		note += "; " + where(e) + " accepts it"
	}
	b.seg(c, 1, t, flagSYN|flagACK, nil, kernelNote(c.name(1), note))
	note = kernelNote(c.name(0), "completes the handshake")
	if e := c.connectEv; e != nil {
		note = callNote(e) + " returns"
	}
	b.seg(c, 0, t, flagACK, nil, note)
}

func (b *builder) send(c *conn, k string, t int64, p *pending) {
	side := b.side(c, k, t)
	if side < 0 || p.done {
		return
	}
	p.done = true
	data, cutNote := payload(p.e)
	b.data(c, side, t, data, callNote(p.e)+cutNote)
}

// sendEarly puts on the wire, now, the sends of side whose bytes a read
// of the peer's shows before their own time came (a tie in time): those
// that start with the bytes still missing, if they start within a
// millisecond.
func (b *builder) sendEarly(c *conn, side int, t int64, missing []byte) []byte {
	for _, p := range c.sends[c.k[side]] {
		if len(missing) == 0 || p.e.T > t+1000 {
			break
		}
		if p.done {
			continue
		}
		data, _ := payload(p.e)
		n := min(len(data), len(missing))
		if string(data[:n]) != string(missing[:n]) {
			break
		}
		b.send(c, c.k[side], t, p)
		missing = missing[n:]
	}
	return missing
}

// data sends bytes from side, an MSS at a time.
func (b *builder) data(c *conn, side int, t int64, data []byte, note string) {
	h, p := &c.h[side], &c.h[1-side]
	if c.reset || h.fin || len(data) == 0 {
		return
	}
	n := (len(data) + c.mss - 1) / c.mss
	for i := 0; i < n; i++ {
		seg := data[i*c.mss : min((i+1)*c.mss, len(data))]
		flags := byte(flagACK)
		if i == n-1 {
			flags |= flagPSH
		}
		comment := note
		if n > 1 {
			comment += fmt.Sprintf(" [segment %d of %d]", i+1, n)
		}
		b.dataSeg(c, side, t, flags, seg, comment)
	}
	h.wire += int64(len(data))
	if p.closed {
		b.rst(c, 1-side, t, kernelNote(c.name(1-side), "resets: data came to a socket its script closed"))
	}
}

func (b *builder) recv(c *conn, k string, t int64, e *trace.Event) {
	side := b.side(c, k, t)
	if side < 0 || c.reset {
		return
	}
	h, p := &c.h[side], &c.h[1-side]
	args := intArgs(e.Args)
	if e.N == 0 {
		if len(args) > 0 && args[0] == 0 {
			return // recv(0) asks for nothing, and says nothing of the peer
		}
		if !p.fin {
			b.fin(c, 1-side, t, kernelNote(c.name(1-side), "closes (not in the trace): "+callNote(e)+" returned b''"))
		}
		return
	}
	data, _ := payload(e)
	upto := h.read + int64(len(data))
	if missing := min(upto-p.wire, int64(len(data))); missing > 0 && !p.fin {
		rest := b.sendEarly(c, 1-side, t, data[int64(len(data))-missing:])
		b.data(c, 1-side, t, rest,
			kernelNote(c.name(1-side), fmt.Sprintf("sends %d bytes that no traced call sent, and %s reads", len(rest), callNote(e))))
	}
	if len(args) < 2 || args[1]&msgPeek == 0 {
		h.read = upto
	}
	if !h.acked || h.ack != p.next {
		b.seg(c, side, t, flagACK, nil, callNote(e))
	}
}

func (b *builder) fin(c *conn, side int, t int64, note string) {
	h := &c.h[side]
	if c.reset || h.fin {
		return
	}
	lost := c.lostFirst(side, "FIN")
	if lost != nil {
		note += dropped(lost)
		h.holes = append(h.holes, int64(h.next-h.isn))
	}
	h.finSeq = h.next
	b.seg(c, side, t, flagFIN|flagACK, nil, note)
	h.fin = true
	if len(h.holes) == 0 {
		// A FIN lost, or behind lost data, is acknowledged when what was
		// lost gets through (faults.go).
		b.seg(c, 1-side, t, flagACK, nil, kernelNote(c.name(1-side), "acknowledges the FIN"))
		h.finAcked = true
	}
}

func (b *builder) rst(c *conn, side int, t int64, note string) {
	if c.reset {
		return
	}
	if lost := c.lostFirst(side, "RST"); lost != nil {
		note += dropped(lost)
	}
	b.seg(c, side, t, flagRST|flagACK, nil, note)
	c.reset = true
}

// closeSide is a close, or a role's end: a FIN, or a RST when data came
// that its script never read or it set SO_LINGER 0, as Linux does.
func (b *builder) closeSide(c *conn, side int, t int64, note string, atEnd bool) {
	h, p := &c.h[side], &c.h[1-side]
	if h.closed || (h.usesFile && !atEnd) {
		// A file from makefile() keeps the connection open after close().
		return
	}
	h.closed = true
	unread := p.delivered() - h.read
	switch {
	case c.reset:
	case h.lingerZero:
		b.rst(c, side, t, note+" with SO_LINGER 0: the kernel resets")
	case unread > 0 && !h.usesFile:
		b.rst(c, side, t, fmt.Sprintf("%s with %d bytes unread: the kernel resets", note, unread))
	default:
		b.fin(c, side, t, note)
	}
}

func (b *builder) peerResets(c *conn, k string, t int64, e *trace.Event) {
	side := c.sideOf(k)
	if c.bad || side < 0 || c.reset {
		return
	}
	if e.Exc == "BrokenPipeError" && c.h[side].fin {
		return // its own shutdown, nothing from the peer
	}
	b.establish(c, t)
	b.rst(c, 1-side, t, kernelNote(c.name(1-side), "resets: "+callNote(e)+" raised "+e.Exc))
}

// roleEnds closes the sockets a role left open: its process is gone.
func (b *builder) roleEnds(role string, t int64) {
	for _, c := range b.conns {
		for side := range 2 {
			if c.role[side] == role && c.h[side].opened && !c.h[side].closed && !c.bad {
				b.closeSide(c, side, t, kernelNote(role, "closes the socket: the role ended"), true)
			}
		}
	}
}

// seg sends one TCP segment from side, acknowledging all the peer sent.
func (b *builder) seg(c *conn, side int, t int64, flags byte, data []byte, note string) {
	h := &c.h[side]
	var opts []byte
	if flags&flagSYN != 0 {
		opts = synOptions(c.mss)
	}
	b.segAt(c, side, t, h.next, flags, opts, data, note)
	h.next += uint32(len(data))
	if flags&(flagSYN|flagFIN) != 0 {
		h.next++
	}
}

// segAt sends a segment from side with sequence number seq: what the peer
// sent is acknowledged, up to the first of it that the network lost.
func (b *builder) segAt(c *conn, side int, t int64, seq uint32, flags byte, opts, data []byte, note string) {
	h, p := &c.h[side], &c.h[1-side]
	t = max(t, c.last)
	c.last = t
	var ack uint32
	if flags&flagACK != 0 {
		ack = p.next
		if len(p.holes) > 0 {
			ack = p.isn + uint32(slices.Min(p.holes))
		}
		h.ack, h.acked = ack, true
	}
	src, dst := c.addr[side], c.addr[1-side]
	b.emit(t, src, dst, protoTCP, tcpSegment(src, dst, seq, ack, flags, opts, data), note)
}

func (b *builder) emit(t int64, src, dst netip.AddrPort, proto byte, seg []byte, note string) {
	id := b.ids[src.Addr()]
	b.ids[src.Addr()] = id + 1
	b.pkts = append(b.pkts, packet{t: t, data: ipPacket(src.Addr(), dst.Addr(), proto, id, seg), comment: note})
}

// attempt is a connect that made no connection: its SYN, and the RST
// that refused it.
func (b *builder) attempt(e *trace.Event, kind attempt) {
	host, port, ok := parseTuple(e.Args)
	if !ok || port == 0 {
		return
	}
	src, _ := sockAddr(e.Local)
	v6 := src.Addr().Is6() || (!src.IsValid() && strings.Contains(host, ":"))
	a, ok := hostAddr(host, v6)
	if !ok {
		return
	}
	dst := netip.AddrPortFrom(a, uint16(port))
	b.made++
	if !src.IsValid() {
		src = netip.AddrPortFrom(netip.IPv4Unspecified(), uint16(49152+b.made%16384))
	}
	src = netip.AddrPortFrom(b.source(src.Addr(), dst.Addr(), e.Host), src.Port())
	src, dst, ok = sameFamily(src, dst)
	if !ok {
		return
	}
	seq := isn(1<<20 + b.made)
	start, end := e.T, e.T+e.Dur
	b.at(start, prioSend, func() {
		b.emit(start, src, dst, protoTCP, tcpSegment(src, dst, seq, 0, flagSYN, synOptions(mssOf(src)), nil), callNote(e))
	})
	if kind == refused {
		b.at(end, prioSeen, func() {
			b.emit(end, dst, src, protoTCP, tcpSegment(dst, src, 0, seq+1, flagRST|flagACK, nil, nil),
				kernelNote(dst.String(), "refuses the connection, no socket listens there ("+callNote(e)+")"))
		})
	}
}

func mssOf(a netip.AddrPort) int {
	if a.Addr().Is4() {
		return mss4
	}
	return mss6
}

// source is the address a packet leaves from when the socket is bound to
// 0.0.0.0 or :: (its Local shows no host): the role's host in a scenario,
// or loopback for a loopback peer, as the kernel picks.
func (b *builder) source(local, dst netip.Addr, host string) netip.Addr {
	if !local.IsUnspecified() {
		return local
	}
	if h, err := netip.ParseAddr(host); err == nil && h.Is4() == dst.Unmap().Is4() {
		return h
	}
	if dst.IsLoopback() || dst.Unmap().IsLoopback() {
		return loopback(dst)
	}
	return local
}

// datagram is a UDP send: one datagram.
func (b *builder) datagram(e *trace.Event) {
	src, ok := sockAddr(e.Local)
	if !ok {
		return
	}
	dst, ok := sockAddr(e.Peer)
	if !ok {
		// sendto names its peer as the script did: maybe by name.
		host, port, isTuple := parseTuple(e.Peer)
		a, known := hostAddr(host, src.Addr().Is6())
		if !isTuple || !known || port == 0 {
			return
		}
		dst = netip.AddrPortFrom(a, uint16(port))
	}
	src = netip.AddrPortFrom(b.source(src.Addr(), dst.Addr(), e.Host), src.Port())
	src, dst, ok = sameFamily(src, dst)
	if !ok {
		return
	}
	data, note := payload(e)
	limit := maxUDP4
	if src.Addr().Is6() {
		limit = maxUDP6
	}
	if len(data) > limit {
		data, note = data[:limit], note+fmt.Sprintf(" [cut to the %d bytes a datagram holds]", limit)
	}
	t := e.T
	lost, copies := b.udpFaults(e, dst)
	if lost != nil {
		note += dropped(lost)
	}
	b.at(t, prioSend, func() {
		b.emit(t, src, dst, protoUDP, udpDatagram(src, dst, data), callNote(e)+note)
		for range copies {
			b.emit(t, src, dst, protoUDP, udpDatagram(src, dst, data), callNote(e)+note+" [a copy the simulated link made (duplicate)]")
		}
	})
}

// payload is the bytes a call moved: all of them, or those the recorder
// kept padded with zeros to their number.
func payload(e *trace.Event) ([]byte, string) {
	if len(e.Data) >= e.N {
		return e.Data[:e.N], ""
	}
	d := make([]byte, e.N)
	copy(d, e.Data)
	return d, fmt.Sprintf(" [the trace kept %d of the %d bytes: zeros stand for the rest]", len(e.Data), e.N)
}

// callNote names a packet's call: "client: send(b'hi') at client.py:6".
func callNote(e *trace.Event) string {
	return fmt.Sprintf("%s: %s", who(e), where(e))
}

// where is a call and its place in the script: "recv(1024) at server.py:12".
func where(e *trace.Event) string {
	args := e.Args
	if isSend(e.Call) && !strings.HasPrefix(args, "b'") && !strings.HasPrefix(args, `b"`) {
		// The trace keeps a send's bytes in Data, not in its Args.
		args = strings.TrimSuffix(bytesRepr(e.Data, e.N)+", "+args, ", ")
	}
	s := e.Call + "(" + args + ")"
	if e.File != "" {
		s += fmt.Sprintf(" at %s:%d", e.File, e.Line)
	}
	return s
}

func who(e *trace.Event) string {
	if e.Thread != "" && e.Thread != "MainThread" {
		return e.Role + " (" + e.Thread + ")"
	}
	return e.Role
}

// kernelNote is a packet the kernel sends of itself: "server: kernel answers the SYN".
func kernelNote(name, what string) string { return name + ": kernel " + what }

// bytesRepr is the start of data as Python prints bytes, enough to know
// the packet by: b'hello', b'GET / HTTP/1.0\r\n'...
func bytesRepr(data []byte, n int) string {
	const most = 40
	s := trace.QuoteBytes(string(data[:min(len(data), most)]))
	if n > most {
		s += "..."
	}
	return s
}
