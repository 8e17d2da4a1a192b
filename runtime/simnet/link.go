package simnet

import (
	"bytes"
	"math/rand/v2"
	"net/netip"
	"slices"
	"time"

	"sockstar/runtime/linux"
)

// Link is how packets travel from one host to another (one direction): a
// scenario's link(...), and its partitions.
type Link struct {
	Delay     time.Duration // added to every packet
	Jitter    time.Duration // a further delay drawn in [0, Jitter)
	Loss      float64       // the chance a packet is lost
	Duplicate float64       // the chance a datagram arrives twice (TCP drops copies)
	Rate      int64         // bits per second; 0: no limit
}

// linkState is a link as it stands: its shape, whether it is cut, and
// until when it is busy sending (the rate).
type linkState struct {
	Link
	down  bool
	busy  time.Duration
	held  bool     // hold(a, b): packets wait in the network until release
	heldq []func() // what release sends on, in order
}

type linkKey struct{ from, to netip.Addr }

// SetLink shapes the packets from host from to host to; from == to is the
// host's loopback. Call it before the run, or holding the baton.
func (n *Network) SetLink(from, to netip.Addr, l Link) {
	n.linkState(from, to).Link = l
}

// SetDown cuts (or heals) both directions between hosts a and b: a
// partition. A cut TCP connection retransmits with Linux's backoff and
// ends with ETIMEDOUT if the cut outlasts it; a datagram is lost.
func (n *Network) SetDown(a, b netip.Addr, down bool) {
	n.linkState(a, b).down = down
	n.linkState(b, a).down = down
	n.changed()
}

// PacketNote is what a link did to one packet: "lost", "retransmitted"
// (got through after Tries losses) or "duplicated".
type PacketNote struct {
	What     string
	Proto    string // "tcp" or "udp"
	From, To netip.AddrPort
	Size     int // the payload's bytes
	Tries    int
	// Why a packet was lost: "loss" (the link's chance), "partition", or
	// what LoseDatagram said.
	Why string
	// By is whom LoseDatagram named, or "".
	By string
	// A TCP segment's flags, and its sequence number as Wireshark shows it
	// (relative: the SYN is 0, the first byte of data 1), which is what
	// ties it to the segments a capture makes up (runtime/trace/pcapng).
	SYN, ACK, FIN, RST bool
	Seq                int64
}

// tcpNote is what a link did to seg, after tries losses.
func tcpNote(what, why string, seg segment, tries int) PacketNote {
	p := PacketNote{What: what, Proto: "tcp", From: seg.src, To: seg.dst, Size: len(seg.data), Tries: tries, Why: why,
		SYN: seg.syn, ACK: seg.ack, FIN: seg.fin, RST: seg.rst}
	if !seg.syn {
		p.Seq = 1 + seg.seq
	}
	return p
}

// SetOnPacket has fn told of every packet a link loses, copies or gets
// through after a loss: a trace shows them.
func (n *Network) SetOnPacket(fn func(PacketNote)) { n.onPacket = fn }

func (n *Network) note(p PacketNote) {
	if n.onPacket != nil {
		n.onPacket(p)
	}
}

// loseMark is a datagram a fault chose to lose: the next one host from
// sends with these bytes, for why, on by's behalf.
type loseMark struct {
	from    netip.Addr
	data    []byte
	why, by string
}

// LoseDatagram has the link lose the next datagram host from sends with
// exactly these bytes, noted as lost for why (PacketNote.By is by): a
// scenario's on(sent(...), lose()), decided by the sending role just
// before its send. Call it holding the baton.
func (n *Network) LoseDatagram(from netip.Addr, data []byte, why, by string) {
	n.losing = append(n.losing, loseMark{from, append([]byte(nil), data...), why, by})
}

// chosenLoss takes the mark LoseDatagram left for this datagram, if any.
func (n *Network) chosenLoss(from netip.Addr, data []byte) *loseMark {
	for i, m := range n.losing {
		if m.from == from && bytes.Equal(m.data, data) {
			n.losing = append(n.losing[:i], n.losing[i+1:]...)
			return &m
		}
	}
	return nil
}

// SetHold holds (or releases) the packets from host from to host to: they
// wait in the network, nothing lost, and go on in order on release.
func (n *Network) SetHold(from, to netip.Addr, held bool) {
	l := n.linkState(from, to)
	l.held = held
	if held {
		return
	}
	q := l.heldq
	l.heldq = nil
	for _, fn := range q {
		fn()
	}
	n.changed()
	n.runDue()
}

// held queues fn until the link from host from to host to is released,
// and reports whether it did (the link is held).
func (n *Network) held(from, to *host, fn func()) bool {
	l := n.links[linkKey{from.addr, to.addr}]
	if l == nil || !l.held {
		return false
	}
	l.heldq = append(l.heldq, fn)
	return true
}

// Reset resets every TCP connection between hosts a and b, both ends,
// as a RST the network makes up would (a scenario's reset(a, b)).
func (n *Network) Reset(a, b netip.Addr) {
	for _, pair := range [][2]netip.Addr{{a, b}, {b, a}} {
		h := n.hosts[pair[0]]
		if h == nil {
			continue
		}
		var hit []*socket
		for key, s := range h.conns {
			if s.tcp != nil && h.route(key.remote.Addr()) == n.hosts[pair[1]] && s.tcp.state != tcpTimeWait {
				hit = append(hit, s)
			}
		}
		// In the order the connections were made, not the map's.
		slices.SortFunc(hit, func(x, y *socket) int { return x.local.Compare(y.local)*2 + x.remote.Compare(y.remote) })
		for _, s := range hit {
			s.tcpReset()
		}
	}
	n.changed()
}

// SetRand gives the network the run's generator, from which every loss,
// copy and jitter is drawn; without one links have no chance in them.
func (n *Network) SetRand(r *rand.Rand) { n.rand = r }

func (n *Network) linkState(from, to netip.Addr) *linkState {
	if n.links == nil {
		n.links = map[linkKey]*linkState{}
	}
	k := linkKey{from, to}
	l := n.links[k]
	if l == nil {
		l = &linkState{}
		n.links[k] = l
	}
	return l
}

// chance draws whether something of probability p happens.
func (n *Network) chance(p float64) bool {
	if p <= 0 || n.rand == nil {
		return false
	}
	return p >= 1 || n.rand.Float64() < p
}

// carry is a packet of size bytes leaving from for to: when it arrives
// (from now), or why it is lost ("" when it is not); and whether a copy
// follows it.
func (n *Network) carry(from, to *host, size int) (after time.Duration, lost string, dup bool) {
	base := n.delay(from, to)
	l := n.links[linkKey{from.addr, to.addr}]
	if l == nil {
		return base, "", false
	}
	if l.down {
		return 0, "partition", false
	}
	if n.chance(l.Loss) {
		return 0, "loss", false
	}
	now := n.clock.Now()
	after = base + l.Delay
	if l.Rate > 0 {
		// The link sends one packet at a time: this one waits for those before it.
		l.busy = max(l.busy, now) + time.Duration(int64(size)*8*int64(time.Second)/l.Rate)
		after += l.busy - now
	}
	if l.Jitter > 0 && n.rand != nil {
		after += time.Duration(n.rand.Int64N(int64(l.Jitter)))
	}
	return after, "", n.chance(l.Duplicate)
}

// shaped reports whether packets from host from to host to may be lost:
// the connection's segments then go through its retransmission queue.
func (n *Network) shaped(from, to *host) bool {
	return n.links[linkKey{from.addr, to.addr}] != nil
}

// Linux's data retransmission: RTO from 200 ms (TCP_RTO_MIN, on a fast
// path), doubling to at most 120 s, 15 times (tcp_retries2), then the
// connection fails with ETIMEDOUT (about 924.6 s after the first loss).
const (
	dataRTO     = 200 * time.Millisecond
	maxRTO      = 120 * time.Second
	dataRetries = 15
)

// sendShaped sends seg over a link that may lose it. Segments leave in
// order: while one waits for its retransmission, those after it queue
// behind it, as TCP delivers a stream in order.
func (s *socket) sendShaped(dst *host, seg segment) {
	t := s.tcp
	if t == nil {
		return
	}
	if len(t.pipe) > 0 {
		t.pipe = append(t.pipe, seg)
		return
	}
	tries := 0
	if seg.syn && !seg.ack {
		tries = t.synTries // the SYN's own timer sends it again
	}
	s.tryShaped(dst, seg, tries)
}

// tryShaped is one transmission of seg, the head of the connection's
// queue; tries counts the ones lost before it.
func (s *socket) tryShaped(dst *host, seg segment, tries int) {
	t := s.tcp
	n := s.net
	for {
		if n.held(s.host, dst, func() {
			if t.state != tcpClosed && len(t.pipe) > 0 {
				s.tryShaped(dst, t.pipe[0], tries)
			}
		}) {
			if len(t.pipe) == 0 {
				t.pipe = append(t.pipe, seg)
			}
			return
		}
		after, lost, _ := n.carry(s.host, dst, len(seg.data)+40)
		if lost != "" {
			n.note(tcpNote("lost", lost, seg, tries))
			if seg.syn || seg.rst {
				return // a SYN has its own retransmission; a lost RST is gone
			}
			if len(t.pipe) == 0 {
				t.pipe = append(t.pipe, seg)
			}
			rto := min(dataRTO<<tries, maxRTO)
			n.timer(rto, func() {
				if t.state == tcpClosed || len(t.pipe) == 0 {
					return
				}
				if tries >= dataRetries {
					// The last retransmission's time is up too.
					t.pipe = nil
					s.err = linux.ETIMEDOUT
					s.tcpDone()
					n.changed()
					return
				}
				s.tryShaped(dst, t.pipe[0], tries+1)
			})
			return
		}
		if tries > 0 {
			n.note(tcpNote("retransmitted", "", seg, tries))
		}
		arrive := max(n.clock.Now()+after, t.lastArrival)
		t.lastArrival = arrive
		sent := seg // the loop moves seg on: the delivery keeps this one
		n.later(arrive-n.clock.Now(), func() { dst.tcpInput(sent) })
		if len(t.pipe) > 0 {
			t.pipe = t.pipe[1:]
		}
		if len(t.pipe) == 0 {
			return
		}
		seg, tries = t.pipe[0], 0
	}
}
