package pcapng

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"

	"sockstar/runtime/trace"
)

// What the simulated network did to packets comes as "fault" events that
// name one packet each (runtime/trace.Event: its flow in KLocal and KPeer,
// its size, and for TCP its relative sequence number and flags). The
// capture shows them so that Wireshark's own analysis sees them:
//
//   - a TCP segment the link lost is in the capture as it was first sent,
//     with a comment saying it was dropped and why; each time it is sent
//     again comes as a segment with the same sequence numbers at that time
//     (Wireshark flags it tcp.analysis.retransmission), commented too when
//     that copy was lost as well; until one gets through the receiver
//     acknowledges nothing past the hole;
//   - a lost datagram is there with a comment, a duplicated one twice;
//   - a reset the faults made (reset, limit_data, on(sent, reset)) is a
//     RST to each end of each connection between the two hosts.
//
// A lost bare ACK is left out: the capture makes its acknowledgements up
// from the reads, not from the network's.

// fault takes a fault event in the first pass.
func (b *builder) fault(e *trace.Event) {
	switch {
	case e.Call == "reset" && e.KLocal != "" && e.KPeer != "":
		b.at(e.T, prioSend, func() { b.injectReset(e) })
	case e.Call != "lost" && e.Call != "retransmitted" && e.Call != "duplicated":
	case e.Proto == "udp":
		b.udpNotes = append(b.udpNotes, e)
	case e.Proto == "tcp":
		if b.tcpNotes == nil {
			b.tcpNotes = map[[2]string][]*trace.Event{}
		}
		key := pairKey(e.KLocal, e.KPeer)
		b.tcpNotes[key] = append(b.tcpNotes[key], e)
	}
}

// segmentKey tells one segment from another, as the network sends it
// again: its sender, sequence number, size and flags.
type segmentKey struct {
	from          string
	seq           int64
	n             int
	syn, fin, rst bool
}

func pairKey(a, b string) [2]string {
	if b < a {
		return [2]string{b, a}
	}
	return [2]string{a, b}
}

// takeNotes gives c the notes on its packets so far: a note comes before
// the call that shows its connection (a send is recorded when it returns).
func (b *builder) takeNotes(c *conn, key [2]string) {
	notes := b.tcpNotes[key]
	if len(notes) == 0 {
		return
	}
	delete(b.tcpNotes, key)
	if c.tries == nil {
		c.tries, c.losses = map[*trace.Event]int{}, map[segmentKey]int{}
	}
	for _, n := range notes {
		// A note's try is how many times the same segment was lost before.
		k := segmentKey{n.KLocal, n.TCPSeq, n.N, hasFlag(n, "SYN"), hasFlag(n, "FIN"), hasFlag(n, "RST")}
		c.tries[n] = c.losses[k]
		if n.Call == "lost" {
			c.losses[k]++
		}
		c.notes = append(c.notes, n)
		if !c.original(n) && (n.N > 0 || hasFlag(n, "SYN") || hasFlag(n, "FIN")) {
			b.at(n.T, prioSend, func() { b.resend(c, n) })
		}
	}
}

// leftNotes gives the notes no call claimed (those after a connection's
// last call) to the last connection between their addresses.
func (b *builder) leftNotes() {
	keys := make([][2]string, 0, len(b.tcpNotes))
	for k := range b.tcpNotes {
		keys = append(keys, k)
	}
	// sort.Slice, not a slices instance of its own: the browser's module is smaller.
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+" "+keys[i][1] < keys[j][0]+" "+keys[j][1] })
	for _, k := range keys {
		if c := b.byPair[k]; c != nil {
			b.takeNotes(c, k)
		}
	}
}

// original reports whether n is about a packet's first sending, which the
// capture makes from the calls: a lost one is commented there. Every
// other note is a packet of its own: sent again, lost or through.
func (c *conn) original(n *trace.Event) bool {
	if n.Call != "lost" || c.tries[n] > 0 {
		return false
	}
	// A SYN-ACK is sent again when the SYN comes again: the capture's own
	// SYN-ACK is the one that got through.
	return !(hasFlag(n, "SYN") && hasFlag(n, "ACK"))
}

func hasFlag(n *trace.Event, f string) bool {
	for _, x := range strings.Split(n.TCPFlags, ", ") {
		if x == f {
			return true
		}
	}
	return false
}

// lostFirst is the note that side's first sending of the segment with
// flag (SYN, FIN or RST) was lost, or nil.
func (c *conn) lostFirst(side int, flag string) *trace.Event {
	for _, n := range c.notes {
		if c.original(n) && c.sideOf(n.KLocal) == side && hasFlag(n, flag) && n.N == 0 {
			return n
		}
	}
	return nil
}

// lostAt splits the data side sends from relative sequence number rel, n
// bytes: how many of them go in one segment, so that each range the link
// lost is a segment of its own, and the note when that segment is one.
func (c *conn) lostAt(side int, rel int64, n int) (int, *trace.Event) {
	k := n
	for _, x := range c.notes {
		if !c.original(x) || x.N == 0 || c.sideOf(x.KLocal) != side {
			continue
		}
		start, end := x.TCPSeq, x.TCPSeq+int64(x.N)
		switch {
		case rel >= start && rel < end:
			return int(min(int64(n), end-rel)), x
		case start > rel && start < rel+int64(k):
			k = int(start - rel)
		}
	}
	return k, nil
}

// dropped is the comment's note on a packet the link lost.
func dropped(n *trace.Event) string {
	why := n.Args
	if why == "" {
		why = "loss"
	}
	return " [dropped by the simulated link (" + why + ")]"
}

// dataSeg sends one segment of data from side, cut where the link lost a
// range, keeping the bytes a retransmission sends again.
func (b *builder) dataSeg(c *conn, side int, t int64, flags byte, data []byte, note string) {
	if len(c.notes) == 0 {
		b.seg(c, side, t, flags, data, note)
		return
	}
	h := &c.h[side]
	for len(data) > 0 {
		rel := int64(h.next - h.isn)
		k, lost := c.lostAt(side, rel, len(data))
		piece := data[:k]
		data = data[k:]
		fl, comment := flags, note
		if len(data) > 0 {
			fl &^= flagPSH
		}
		if lost != nil {
			comment += dropped(lost)
			h.holes = append(h.holes, rel)
		}
		h.stream = append(h.stream, piece...)
		b.seg(c, side, t, fl, piece, comment)
	}
}

// resend is a segment the network sent again, at the note's time: a copy
// of the first, lost one, with its sequence numbers.
func (b *builder) resend(c *conn, n *trace.Event) {
	side := c.sideOf(n.KLocal)
	if c.bad || side < 0 || c.reset {
		return
	}
	h := &c.h[side]
	var (
		seq   uint32
		flags byte = flagACK
		data  []byte
		opts  []byte
		what  string
		rel   int64 = -1
	)
	switch {
	case hasFlag(n, "SYN"):
		if c.established {
			return
		}
		// A connect's trace may come at its end only (create_connection):
		// its SYN went before what the network did to the handshake.
		b.syn(c, n.T)
		seq, flags, opts, what = h.isn, flagSYN, synOptions(c.mss), "its SYN"
		if side == 1 {
			flags |= flagACK
			what = "its SYN-ACK"
		}
	case hasFlag(n, "FIN"):
		if !h.fin {
			return
		}
		seq, flags, what, rel = h.finSeq, flagFIN|flagACK, "its FIN", int64(h.finSeq-h.isn)
	default:
		rel = n.TCPSeq
		if rel < 1 || rel-1+int64(n.N) > int64(len(h.stream)) {
			return // bytes the capture has not sent (yet)
		}
		data = h.stream[rel-1 : rel-1+int64(n.N)]
		seq, flags, what = h.isn+uint32(rel), flagACK|flagPSH, fmt.Sprintf("%d bytes", n.N)
	}
	tries := c.tries[n]
	var note string
	switch {
	case flags&flagSYN != 0 && side == 1:
		// A listener answers each SYN that comes; the first answer may be
		// the one lost.
		note = kernelNote(c.name(side), "answers the SYN")
	case flags&flagSYN != 0:
		// The SYN is sent again when no SYN-ACK came, lost or not.
		note = kernelNote(c.name(side), "sends its SYN again")
	default:
		note = kernelNote(c.name(side), fmt.Sprintf("sends %s again (retransmission %d)", what, tries))
	}
	switch {
	case n.Call == "lost":
		note += dropped(n)
	case flags&flagSYN != 0:
	default:
		note += fmt.Sprintf(": it got through after %d lost", tries)
	}
	if n.Call != "lost" {
		// The capture may have cut what the network sent as one segment.
		end := rel + max(int64(len(data)), 1)
		h.holes = slices.DeleteFunc(h.holes, func(x int64) bool { return x >= rel && x < end })
	}
	b.segAt(c, side, n.T, seq, flags, opts, data, note)
	if n.Call != "lost" && h.fin && !h.finAcked && len(h.holes) == 0 {
		// The FIN, or the data it waited behind, got through.
		b.seg(c, 1-side, n.T, flagACK, nil, kernelNote(c.name(1-side), "acknowledges the FIN"))
		h.finAcked = true
	}
}

// injectReset is a reset the faults made between two hosts: the network
// resets both ends of each connection between them, as a RST to each.
func (b *builder) injectReset(e *trace.Event) {
	x, err1 := netip.ParseAddr(e.KLocal)
	y, err2 := netip.ParseAddr(e.KPeer)
	if err1 != nil || err2 != nil {
		return
	}
	for _, c := range b.conns {
		if c.bad || !c.established || c.reset || (c.h[0].fin && c.h[1].fin) {
			continue
		}
		a0, a1 := c.addr[0].Addr().Unmap(), c.addr[1].Addr().Unmap()
		if !(a0 == x.Unmap() && a1 == y.Unmap()) && !(a0 == y.Unmap() && a1 == x.Unmap()) {
			continue
		}
		for side := range 2 {
			h := &c.h[side]
			b.segAt(c, side, e.T, h.next, flagRST|flagACK, nil, nil,
				fmt.Sprintf("the simulated network resets the connection (%s): a RST to %s", e.Msg, c.name(1-side)))
		}
		c.reset = true
	}
}

// udpFaults are what the link did to the datagram e sent: lost, or how
// many more copies it made. The notes it made came during the call.
func (b *builder) udpFaults(e *trace.Event, dst netip.AddrPort) (lost *trace.Event, copies int) {
	sk := sockKey{e.Role, e.FD}
	prev := b.lastUDP[sk]
	if b.lastUDP == nil {
		b.lastUDP = map[sockKey]int{}
	}
	b.lastUDP[sk] = e.Seq
	for _, n := range b.udpNotes {
		if n.Seq <= prev || n.Seq >= e.Seq || n.N != e.N || kernelPort(n.KLocal) != kernelPort(e.KLocal) ||
			(n.KPeer != e.KPeer && n.KPeer != dst.String()) {
			continue
		}
		switch n.Call {
		case "lost":
			lost = n
		case "duplicated":
			copies++
		}
	}
	return lost, copies
}
