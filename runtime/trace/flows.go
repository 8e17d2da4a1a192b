package trace

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
)

// The HTML diagram's model, worked out from the events alone: the lanes
// (a role, or a thread of a role), the connections, and the messages
// between lanes, each tied to the call that sent it and the call that got it.

// lane is one lifeline.
type lane struct {
	role, thread string
	main         bool   // the role's own lane: its start, end and MainThread
	rank         int    // the role's place in the order roles started
	args         string // the role's command line, from its first start
}

// conn is one stream connection (TCP or AF_UNIX) between two ends. Side 0
// is the end that connected, side 1 the end that accepted; an end is known
// by its kernel addresses (KLocal, KPeer).
type conn struct {
	id    int
	proto string
	addr  [2]string // the kernel address of each side
	up    [2]int    // the connect and the accept, -1 when not seen
	lane  [2]int    // the lane each side was last used from, -1 when none
	first int64     // when its first event happened
	// evs are its events, in the order they were recorded.
	evs []int
}

type msgKind int

const (
	msgConnect msgKind = iota // connect to the accept that took it
	msgData                   // stream bytes: a send to the recv that read them
	msgDgram                  // a UDP datagram: a sendto to its recvfrom
	msgFin                    // shutdown or close to the peer's end of file
	msgRst                    // a close the peer's call saw as a reset
)

// msg is one arrow.
type msg struct {
	kind msgKind
	from int // the event that sent it
	to   int // the event that got it, -1 when none in the run did
	// toLane is where an arrow that no call got ends: the peer's lane, or -1
	// when the peer is not part of the run.
	toLane int
	conn   int // the connection's id, 0 for a datagram
	color  int
	off    int   // the stream offset of its first byte
	more   []int // later recvs that read the rest of its bytes
}

// model is everything the diagram draws, before any layout.
type model struct {
	ev     []Event
	lanes  []*lane
	laneOf []int // the lane of each event
	conns  []*conn
	connOf []int // the connection of each event: its id, 0 for none
	side   []int // the side of its connection each event was made on
	msgs   []*msg
	// arrowEnd marks the events an arrow starts or ends at.
	arrowEnd []bool
}

func isStream(e *Event) bool { return e.Proto == "tcp" || e.Proto == "unix" }

func isConnect(e *Event) bool {
	switch e.Call {
	case "connect", "create_connection":
		return e.Exc == ""
	case "connect_ex":
		return e.Exc == "" && e.Result == "0"
	}
	return false
}

// newModel works out lanes, connections and messages.
func newModel(events []Event) *model {
	// A copy: the model fills in what a call's event lacked.
	m := &model{ev: append([]Event(nil), events...)}
	n := len(events)
	m.laneOf = make([]int, n)
	m.connOf = make([]int, n)
	m.side = make([]int, n)
	m.arrowEnd = make([]bool, n)
	m.makeLanes()
	m.makeConns()
	m.streamMessages()
	m.datagrams()
	for _, g := range m.msgs {
		m.arrowEnd[g.from] = true
		if g.to >= 0 {
			m.arrowEnd[g.to] = true
		}
		for _, r := range g.more {
			m.arrowEnd[r] = true
		}
	}
	return m
}

// makeLanes gives each role a lane, and each of its threads that makes
// socket calls one more when it has several such threads. Thread lanes go
// next to the lanes they talk with (see orderLanes).
func (m *model) makeLanes() {
	rank := map[string]int{}
	for i, r := range roleOrder(m.ev) {
		rank[r] = i
	}
	threads := map[string]map[string]bool{}
	for _, e := range m.ev {
		if e.Kind == "call" && e.Thread != "" {
			if threads[e.Role] == nil {
				threads[e.Role] = map[string]bool{}
			}
			threads[e.Role][e.Thread] = true
		}
	}
	// calls says which threads get a lane of their own.
	calls := func(k laneKey) bool {
		return k.thread != "MainThread" && len(threads[k.role]) > 1 && threads[k.role][k.thread]
	}
	index := map[laneKey]int{}
	add := func(k laneKey, main bool) int {
		if i, ok := index[k]; ok {
			return i
		}
		index[k] = len(m.lanes)
		m.lanes = append(m.lanes, &lane{role: k.role, thread: k.thread, main: main, rank: rank[k.role]})
		return index[k]
	}
	for i, e := range m.ev {
		main := add(laneKey{e.Role, ""}, true)
		if e.Kind == "start" && m.lanes[main].args == "" {
			m.lanes[main].args = e.Args
		}
		m.laneOf[i] = main
		if e.Kind != "start" && e.Kind != "end" && calls(laneKey{e.Role, e.Thread}) {
			m.laneOf[i] = add(laneKey{e.Role, e.Thread}, false)
		}
	}
}

type laneKey struct{ role, thread string }

// makeConns ties the two ends of each stream connection together. Kernel
// addresses are reused (a second run, a port freed and taken again), so a
// connection is the latest one on its pair of addresses whose side is
// still free.
func (m *model) makeConns() {
	type end struct{ c, side int }
	open := map[[2]string]*conn{}
	ends := map[[2]string]end{}
	newConn := func(key [2]string, proto string, t int64) *conn {
		c := &conn{id: len(m.conns) + 1, proto: proto, addr: key, up: [2]int{-1, -1}, lane: [2]int{-1, -1}, first: t}
		m.conns = append(m.conns, c)
		open[key] = c
		return c
	}
	// A socket whose peer is gone has no peer address left (getpeername
	// fails once both directions are shut): its descriptor tells which
	// end it is, until it is closed.
	type fdKey struct {
		role string
		fd   int
	}
	byFD := map[fdKey][2]string{}
	for i := range m.ev {
		e := &m.ev[i]
		if e.Kind != "call" || !isStream(e) || e.KLocal == "" {
			continue
		}
		fk := fdKey{e.Role, e.FD}
		if e.KPeer == "" {
			if a, ok := byFD[fk]; ok && a[0] == e.KLocal && e.FD > 0 {
				e.KPeer = a[1]
			} else {
				continue
			}
		}
		if e.Call == "close" {
			delete(byFD, fk)
		} else if e.FD > 0 {
			byFD[fk] = [2]string{e.KLocal, e.KPeer}
		}
		self := [2]string{e.KLocal, e.KPeer}
		if e.KLocal == e.KPeer {
			continue // a socketpair's ends look alike: which is which is unknown
		}
		var c *conn
		side := -1
		switch {
		case isConnect(e) || e.Call == "accept" && e.Exc == "":
			side = 0
			key := self
			if e.Call == "accept" {
				side, key = 1, [2]string{e.KPeer, e.KLocal}
			}
			c = open[key]
			if c == nil || c.up[side] >= 0 {
				c = newConn(key, e.Proto, e.T)
			}
			c.up[side] = i
			ends[self] = end{c.id, side}
			ends[[2]string{e.KPeer, e.KLocal}] = end{c.id, 1 - side}
		default:
			if x, ok := ends[self]; ok {
				c, side = m.conns[x.c-1], x.side
			} else {
				// A connection made before the run or outside it: the first
				// end seen is side 0.
				c = newConn(self, e.Proto, e.T)
				side = 0
				ends[self] = end{c.id, 0}
				ends[[2]string{e.KPeer, e.KLocal}] = end{c.id, 1}
			}
		}
		m.connOf[i], m.side[i] = c.id, side
		c.lane[side] = m.laneOf[i]
		c.evs = append(c.evs, i)
		if e.T < c.first {
			c.first = e.T
		}
	}
}

// causal sorts events by when they took effect: a send, a close or a
// connect when it began (its bytes may be got before it returns), any
// other call when it returned.
func (m *model) causal(evs []int) []int {
	at := func(i int) int64 {
		e := &m.ev[i]
		if isSend(e.Call) || e.Call == "close" || e.Call == "shutdown" || isConnect(e) {
			return e.T
		}
		return doneTime(e)
	}
	out := append([]int(nil), evs...)
	sort.SliceStable(out, func(a, b int) bool { return at(out[a]) < at(out[b]) })
	return out
}

// sentBytes is how many bytes a call moved: none when it raised.
func sentBytes(e *Event) int {
	if e.Exc != "" {
		return 0
	}
	return e.N
}

// span is a run of stream bytes a call moved.
type span struct{ ev, off, n int }

// isReset reports a call that failed because the peer's end was gone.
func isReset(e *Event) bool {
	switch e.Errno {
	case 32, 103, 104: // EPIPE, ECONNABORTED, ECONNRESET
		return true
	}
	return e.Exc == "ConnectionResetError" || e.Exc == "BrokenPipeError" || e.Exc == "ConnectionAbortedError"
}

// shutsWrite reports a shutdown that ends the sending direction (SHUT_WR,
// SHUT_RDWR): the peer then reads end of file.
func shutsWrite(e *Event) bool {
	a := strings.TrimSpace(e.Args)
	return e.Exc == "" && (a == "1" || a == "2" || strings.HasSuffix(a, "SHUT_WR") || strings.HasSuffix(a, "SHUT_RDWR"))
}

// streamMessages draws, per connection: its set-up, each send to the recv
// that read its first byte (matched by stream offset in each direction),
// the shutdown or close that ended a direction to the recv that read end
// of file, and a close to the calls it reset.
func (m *model) streamMessages() {
	for _, c := range m.conns {
		color := (c.id - 1) % paletteSize
		if c.up[0] >= 0 {
			g := &msg{kind: msgConnect, from: c.up[0], to: c.up[1], toLane: c.lane[1], conn: c.id, color: color}
			if c.up[1] < 0 {
				g.toLane = m.owner(m.ev[c.up[0]].KPeer)
			}
			m.msgs = append(m.msgs, g)
		}
		// In the order things happened, not the order they were recorded: a
		// call is recorded when it returns, so a receive can be recorded
		// before the send that it got.
		c.evs = m.causal(c.evs)
		var sent, got [2][]span
		var sentN, gotN [2]int
		fin, closed := [2]int{-1, -1}, [2]int{-1, -1}
		var eofs [2][]int
		for _, i := range c.evs {
			e, s := &m.ev[i], m.side[i]
			switch {
			case isSend(e.Call):
				sent[s] = append(sent[s], span{i, sentN[s], sentBytes(e)})
				sentN[s] += sentBytes(e)
			case isRecv(e.Call) && e.Exc == "" && e.N > 0:
				// What side s reads, side 1-s sent: index by the sender.
				got[1-s] = append(got[1-s], span{i, gotN[1-s], e.N})
				gotN[1-s] += e.N
			case isRecv(e.Call) && e.Exc == "":
				eofs[1-s] = append(eofs[1-s], i)
			case e.Call == "shutdown" && shutsWrite(e) && fin[s] < 0:
				fin[s] = i
			case e.Call == "close" && e.Exc == "":
				closed[s] = i
				if fin[s] < 0 {
					fin[s] = i
				}
			}
			if isReset(e) && closed[1-s] >= 0 {
				m.msgs = append(m.msgs, &msg{kind: msgRst, from: closed[1-s], to: i, conn: c.id, color: color})
			}
		}
		for d := 0; d < 2; d++ {
			m.matchStream(c, d, sent[d], got[d], color)
			if fin[d] >= 0 {
				g := &msg{kind: msgFin, from: fin[d], to: -1, toLane: c.lane[1-d], conn: c.id, color: color}
				if len(eofs[d]) > 0 {
					g.to = eofs[d][0]
				}
				m.msgs = append(m.msgs, g)
			}
		}
	}
}

// matchStream ties each send of one direction to the recvs that read its
// bytes: the arrow ends at the first, the others are its continuation.
func (m *model) matchStream(c *conn, d int, sends, recvs []span, color int) {
	j := 0
	for _, s := range sends {
		if s.n == 0 {
			continue // nothing moved: no arrow
		}
		g := &msg{kind: msgData, from: s.ev, to: -1, toLane: c.lane[1-d], conn: c.id, color: color, off: s.off}
		for j < len(recvs) && recvs[j].off+recvs[j].n <= s.off {
			j++
		}
		for k := j; k < len(recvs) && recvs[k].off < s.off+s.n; k++ {
			if g.to < 0 {
				g.to = recvs[k].ev
			} else {
				g.more = append(g.more, recvs[k].ev)
			}
		}
		m.msgs = append(m.msgs, g)
	}
}

// datagrams ties each UDP datagram sent to the recvfrom that got it: the
// first one not yet matched from that source to that destination, with
// the same bytes.
func (m *model) datagrams() {
	type flow struct{ src, dst string }
	var pending []int
	colors := map[flow]int{}
	next := len(m.conns)
	all := make([]int, len(m.ev))
	for i := range all {
		all[i] = i
	}
	for _, i := range m.causal(all) {
		e := &m.ev[i]
		if e.Kind != "call" || e.Proto != "udp" || e.Exc != "" || e.KLocal == "" || e.KPeer == "" {
			continue
		}
		switch {
		case isSend(e.Call):
			pending = append(pending, i)
		case isRecv(e.Call):
			for k, s := range pending {
				se := &m.ev[s]
				if sameAddr(se.KLocal, e.KPeer) && sameAddr(se.KPeer, e.KLocal) && se.N == e.N && bytes.Equal(se.Data, e.Data) {
					f := flow{se.KLocal, se.KPeer}
					if se.KLocal > se.KPeer {
						f = flow{se.KPeer, se.KLocal}
					}
					col, ok := colors[f]
					if !ok {
						col = next % paletteSize
						colors[f] = col
						next++
					}
					m.msgs = append(m.msgs, &msg{kind: msgDgram, from: s, to: i, color: col})
					pending = append(pending[:k], pending[k+1:]...)
					break
				}
			}
		}
	}
	// The datagrams no recvfrom got end at their destination's lane.
	for _, s := range pending {
		m.msgs = append(m.msgs, &msg{kind: msgDgram, from: s, to: -1, toLane: m.owner(m.ev[s].KPeer), color: next % paletteSize})
	}
	sort.SliceStable(m.msgs, func(a, b int) bool { return m.msgs[a].from < m.msgs[b].from })
}

// owner is the lane of the socket bound to a kernel address (a listening
// socket, a UDP server), -1 when no role of the run has it.
func (m *model) owner(addr string) int {
	found := -1
	for i := range m.ev {
		e := &m.ev[i]
		if e.Kind == "call" && e.KLocal != "" && sameAddr(e.KLocal, addr) && (e.KPeer == "" || e.Call == "listen" || e.Call == "bind") {
			found = m.laneOf[i]
			if e.KLocal == addr {
				return found
			}
		}
	}
	return found
}

// sameAddr compares two kernel addresses, a wildcard host (0.0.0.0, ::)
// matching any host on the same port: a socket bound to ” sees its own
// address as the wildcard, its peers see the host's.
func sameAddr(a, b string) bool {
	if a == b {
		return true
	}
	ha, pa, ok1 := splitAddr(a)
	hb, pb, ok2 := splitAddr(b)
	return ok1 && ok2 && pa == pb && (wildcard(ha) || wildcard(hb))
}

func splitAddr(a string) (host, port string, ok bool) {
	i := strings.LastIndexByte(a, ':')
	if i < 0 || strings.HasPrefix(a, "unix:") {
		return "", "", false
	}
	if _, err := strconv.Atoi(a[i+1:]); err != nil {
		return "", "", false
	}
	return a[:i], a[i+1:], true
}

func wildcard(host string) bool {
	return host == "0.0.0.0" || strings.Trim(host, "[0]") == ""
}

// orderLanes puts the roles' own lanes first, in the order the roles
// started, then the thread lanes by connection, each next to the lane it
// talks with, so that the arrows of concurrent conversations stay short
// and do not cross.
func (m *model) orderLanes() []int {
	var order []int
	placed := make([]bool, len(m.lanes))
	place := func(l int) {
		if l >= 0 && !placed[l] {
			placed[l] = true
			order = append(order, l)
		}
	}
	for l, ln := range m.lanes {
		if ln.main {
			place(l)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return m.lanes[order[a]].rank < m.lanes[order[b]].rank })
	for _, c := range m.conns {
		var ls []int
		seen := map[int]bool{}
		for _, i := range c.evs {
			if l := m.laneOf[i]; !seen[l] {
				seen[l] = true
				ls = append(ls, l)
			}
		}
		sort.SliceStable(ls, func(a, b int) bool { return m.lanes[ls[a]].rank < m.lanes[ls[b]].rank })
		for _, l := range ls {
			place(l)
		}
	}
	for l := range m.lanes {
		place(l)
	}
	return order
}
