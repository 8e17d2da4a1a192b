package pcapng_test

import (
	"bytes"
	"io"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/trace"
	"sockstar/runtime/trace/pcapng"
)

// What the tests read back, with gopacket: an independent reader of
// pcapng, IP, TCP and UDP.

type pkt struct {
	t        time.Time
	comment  string
	src, dst netip.AddrPort
	ip4      *layers.IPv4
	ip6      *layers.IPv6
	tcp      *layers.TCP
	udp      *layers.UDP
}

// flags is a TCP packet's flags as Wireshark lists them: "SYN", "SYN,ACK", "PSH,ACK".
func (p pkt) flags() string {
	if p.tcp == nil {
		return "UDP"
	}
	var s []string
	for _, f := range []struct {
		on   bool
		name string
	}{{p.tcp.FIN, "FIN"}, {p.tcp.SYN, "SYN"}, {p.tcp.RST, "RST"}, {p.tcp.PSH, "PSH"}, {p.tcp.ACK, "ACK"}} {
		if f.on {
			s = append(s, f.name)
		}
	}
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ","
		}
		out += x
	}
	return out
}

func (p pkt) payload() []byte {
	if p.tcp != nil {
		return p.tcp.Payload
	}
	return p.udp.Payload
}

func write(t *testing.T, title string, events []trace.Event) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, pcapng.Write(&b, title, events))
	return b.Bytes()
}

// decode reads a capture back, checking each packet decodes whole with
// right checksums, and the TCP streams as Wireshark's analysis does.
func decode(t *testing.T, capture []byte) (pcapgo.NgSectionInfo, []pkt) {
	t.Helper()
	r, err := pcapgo.NewNgReader(bytes.NewReader(capture), pcapgo.DefaultNgReaderOptions)
	require.NoError(t, err)
	require.Equal(t, layers.LinkTypeRaw, r.LinkType())
	var out []pkt
	for {
		data, ci, opts, err := r.ReadPacketDataWithOptions()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		require.Equal(t, ci.Length, ci.CaptureLength, "packet %d is cut", len(out)+1)
		p := gopacket.NewPacket(data, layers.LinkTypeRaw, gopacket.Default)
		require.Nil(t, p.ErrorLayer(), "packet %d: %v", len(out)+1, p.ErrorLayer())
		q := pkt{t: ci.Timestamp}
		if len(opts.Comments) > 0 {
			q.comment = opts.Comments[0]
		}
		var network gopacket.NetworkLayer
		var srcIP, dstIP netip.Addr
		if l, ok := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4); ok {
			q.ip4, network = l, l
			srcIP, _ = netip.AddrFromSlice(l.SrcIP.To4())
			dstIP, _ = netip.AddrFromSlice(l.DstIP.To4())
			checkIPv4Checksum(t, len(out)+1, l)
		}
		if l, ok := p.Layer(layers.LayerTypeIPv6).(*layers.IPv6); ok {
			q.ip6, network = l, l
			srcIP, _ = netip.AddrFromSlice(l.SrcIP)
			dstIP, _ = netip.AddrFromSlice(l.DstIP)
		}
		require.NotNil(t, network, "packet %d: no IP header", len(out)+1)
		var sport, dport uint16
		switch l := p.TransportLayer().(type) {
		case *layers.TCP:
			q.tcp, sport, dport = l, uint16(l.SrcPort), uint16(l.DstPort)
			c := *l
			require.NoError(t, c.SetNetworkLayerForChecksum(network))
			assert.Equal(t, l.Checksum, recomputed(t, &c, l.Payload, func() uint16 { return c.Checksum }), "packet %d: TCP checksum", len(out)+1)
		case *layers.UDP:
			q.udp, sport, dport = l, uint16(l.SrcPort), uint16(l.DstPort)
			c := *l
			require.NoError(t, c.SetNetworkLayerForChecksum(network))
			assert.Equal(t, l.Checksum, recomputed(t, &c, l.Payload, func() uint16 { return c.Checksum }), "packet %d: UDP checksum", len(out)+1)
		default:
			t.Fatalf("packet %d: neither TCP nor UDP", len(out)+1)
		}
		q.src, q.dst = netip.AddrPortFrom(srcIP, sport), netip.AddrPortFrom(dstIP, dport)
		out = append(out, q)
	}
	checkStreams(t, out)
	return r.SectionInfo(), out
}

// recomputed is the checksum gopacket computes for a layer.
func recomputed(t *testing.T, l gopacket.SerializableLayer, payload []byte, sum func() uint16) uint16 {
	t.Helper()
	buf := gopacket.NewSerializeBuffer()
	require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{ComputeChecksums: true}, l, gopacket.Payload(payload)))
	return sum()
}

func checkIPv4Checksum(t *testing.T, n int, l *layers.IPv4) {
	c := *l
	assert.Equal(t, l.Checksum, recomputed(t, &c, l.Payload, func() uint16 { return c.Checksum }), "packet %d: IPv4 checksum", n)
}

// checkStreams checks the TCP streams as Wireshark's analysis would:
// each direction opens with a SYN and runs on without a gap or overlap
// (no "previous segment not captured", no retransmission but those the
// simulated network made, which repeat bytes already sent and say so), no
// ack is of bytes not yet sent ("ACKed unseen segment") or goes back,
// only a SYN lacks ACK, and nothing follows a RST.
func checkStreams(t *testing.T, pkts []pkt) {
	t.Helper()
	type dir struct{ src, dst netip.AddrPort }
	next := map[dir]uint32{}
	lastAck := map[dir]uint32{}
	reset := map[dir]bool{}
	isn := map[dir]uint32{}
	data := map[dir][]byte{}
	for i, p := range pkts {
		if p.tcp == nil {
			continue
		}
		n := i + 1
		d, rev := dir{p.src, p.dst}, dir{p.dst, p.src}
		tcp := p.tcp
		if tcp.SYN && strings.Contains(p.comment, "SYN again") {
			require.Equal(t, isn[d], tcp.Seq, "packet %d: a SYN sent again has the first one's number", n)
			continue
		}
		if tcp.SYN {
			// A new connection (the same addresses may come again).
			next[d], isn[d], data[d] = tcp.Seq+1, tcp.Seq, nil
			delete(lastAck, d)
			reset[d], reset[rev] = false, false
			if tcp.ACK {
				require.Equal(t, next[rev], tcp.Ack, "packet %d: the SYN-ACK acks the SYN", n)
			} else {
				require.Zero(t, tcp.Ack, "packet %d: a SYN acks nothing", n)
			}
			continue
		}
		// A reset the simulated network makes is a RST to each end.
		injected := tcp.RST && strings.HasPrefix(p.comment, "the simulated network resets")
		require.False(t, reset[d] && !injected, "packet %d follows a RST", n)
		seq, opened := next[d]
		if !opened {
			// Only a refused connect's RST answers with no SYN of its own.
			require.True(t, tcp.RST && tcp.ACK, "packet %d: no SYN before it", n)
			require.Equal(t, next[rev], tcp.Ack, "packet %d: the RST acks the SYN", n)
			reset[d], reset[rev] = true, true
			continue
		}
		require.True(t, tcp.ACK, "packet %d lacks ACK", n)
		require.LessOrEqual(t, int32(tcp.Ack-next[rev]), int32(0), "packet %d acks bytes not sent", n)
		if last, ok := lastAck[d]; ok {
			require.GreaterOrEqual(t, int32(tcp.Ack-last), int32(0), "packet %d: ack goes back", n)
		}
		lastAck[d] = tcp.Ack
		if again := strings.Contains(p.comment, " again (retransmission "); again || tcp.Seq != seq {
			// Sent again: the same bytes at the same place.
			require.True(t, again, "packet %d: sequence number %d, want %d", n, tcp.Seq, seq)
			off := int(tcp.Seq - isn[d] - 1)
			if tcp.FIN {
				require.Equal(t, len(data[d]), off, "packet %d: a FIN sent again comes after the data", n)
			} else {
				require.LessOrEqual(t, off+len(tcp.Payload), len(data[d]), "packet %d sends again what was not sent", n)
				require.Equal(t, data[d][off:off+len(tcp.Payload)], []byte(tcp.Payload), "packet %d: bytes sent again", n)
			}
			continue
		}
		data[d] = append(data[d], tcp.Payload...)
		next[d] = seq + uint32(len(tcp.Payload))
		if tcp.FIN {
			next[d]++
		}
		if tcp.RST {
			reset[d], reset[rev] = true, true
		}
	}
}

// streams is the data of each direction, put together.
func streams(pkts []pkt) map[[2]netip.AddrPort][]byte {
	out := map[[2]netip.AddrPort][]byte{}
	for _, p := range pkts {
		k := [2]netip.AddrPort{p.src, p.dst}
		out[k] = append(out[k], p.payload()...)
	}
	return out
}

func flagList(pkts []pkt) []string {
	var out []string
	for _, p := range pkts {
		out = append(out, p.flags())
	}
	return out
}
