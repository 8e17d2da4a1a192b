package pcapng_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/trace"
)

// What the simulated network did to packets, as its fault events say it:
// written by hand here, from a simulated run in TestSimulatedLoss.

// packetFault is a fault event on one TCP segment from one end to the
// other: lost (why) or retransmitted, at time t.
func (r *run) packetFault(t int64, from, to end, what, why string, seq int64, n int, flags string) {
	r.events = append(r.events, trace.Event{Seq: len(r.events) + 1, T: t, Role: from.role, Thread: "MainThread",
		Kind: "fault", Call: what, Args: why, Msg: what + ": a packet", Proto: from.proto,
		KLocal: from.kl, KPeer: to.kl, N: n, TCPSeq: seq, TCPFlags: flags})
}

// A segment lost twice, then through: the capture has it as first sent,
// commented, then each copy at its time with the same sequence numbers;
// the receiver acknowledges nothing past it until it is through.
func TestLostSegmentSentAgain(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789"), 300)
	var r run
	connected(&r) // connect at 100 µs, accept at 200 µs
	// A bare ACK lost before, at the same sequence number, is no loss of the data.
	r.packetFault(200, client, server, "lost", "loss", 1, 0, "ACK")
	// The network's MSS is 1448: its first segment is lost, at the send's time.
	r.packetFault(300, client, server, "lost", "loss", 1, 1448, "ACK")
	r.call(client, "sendall", "", 3, moved(big)) // at 300 µs
	r.call(server, "send", "b'ok'", 7, moved([]byte("ok")))
	r.call(client, "recv", "1024", 4, moved([]byte("ok")))
	r.packetFault(200_300, client, server, "lost", "partition", 1, 1448, "ACK")
	r.packetFault(600_300, client, server, "retransmitted", "", 1, 1448, "ACK")
	r.t = 700_000
	r.call(server, "recv", "4096", 6, moved(big))
	r.call(client, "close", "", 5)
	r.call(server, "recv", "1024", 8, moved(nil))
	r.call(server, "close", "", 9)

	_, pkts := decode(t, write(t, "lossy", r.events))
	assert.Equal(t, []string{
		"SYN", "SYN,ACK", "ACK",
		"ACK", "ACK", "ACK", "PSH,ACK", // 3000 bytes: 1448 (lost) + 12 + 1460 + 80
		"PSH,ACK", // the server's "ok", its ack short of the lost bytes
		"ACK",     // the client reads it
		"PSH,ACK", // the lost segment again, lost again
		"PSH,ACK", // and again, through
		"ACK",     // the server reads it all
		"FIN,ACK", "ACK",
		"FIN,ACK", "ACK",
	}, flagList(pkts))
	isn := pkts[0].tcp.Seq
	assert.Equal(t, []int{1448, 12, 1460, 80}, []int{len(pkts[3].payload()), len(pkts[4].payload()), len(pkts[5].payload()), len(pkts[6].payload())})
	assert.Equal(t, "client: sendall(b'0123456789012345678901234567890123456789'...) at client.py:3 [segment 1 of 3] [dropped by the simulated link (loss)]", pkts[3].comment)
	assert.NotContains(t, pkts[4].comment, "dropped")

	// The server acknowledges the connection's first byte only: that was lost.
	assert.Equal(t, isn+1, pkts[7].tcp.Ack)

	for i, want := range []string{
		"client: kernel sends 1448 bytes again (retransmission 1) [dropped by the simulated link (partition)]",
		"client: kernel sends 1448 bytes again (retransmission 2): it got through after 2 lost",
	} {
		p := pkts[9+i]
		assert.Equal(t, want, p.comment)
		assert.Equal(t, isn+1, p.tcp.Seq)
		assert.Equal(t, big[:1448], []byte(p.tcp.Payload))
	}
	// Their times are the network's: 200 ms and 600 ms after the first.
	assert.Equal(t, int64(200_000), pkts[9].t.Sub(pkts[3].t).Microseconds())
	assert.Equal(t, int64(600_000), pkts[10].t.Sub(pkts[3].t).Microseconds())
	// Then the server acknowledges all of it.
	assert.Equal(t, isn+1+uint32(len(big)), pkts[11].tcp.Ack)
	assert.Equal(t, "server: recv(4096) at server.py:6", pkts[11].comment)
}

// A lost FIN is acknowledged when it gets through, not when it is sent.
func TestLostFinSentAgain(t *testing.T) {
	var r run
	connected(&r)
	r.packetFault(300, client, server, "lost", "loss", 1, 0, "FIN, ACK")
	r.call(client, "close", "", 5)
	r.packetFault(200_300, client, server, "retransmitted", "", 1, 0, "FIN, ACK")
	r.t = 300_000
	r.call(server, "recv", "1024", 8, moved(nil))
	r.call(server, "close", "", 9)

	_, pkts := decode(t, write(t, "lossy", r.events))
	require.Equal(t, []string{"SYN", "SYN,ACK", "ACK", "FIN,ACK", "FIN,ACK", "ACK", "FIN,ACK", "ACK"}, flagList(pkts))
	assert.Equal(t, "client: close() at client.py:5 [dropped by the simulated link (loss)]", pkts[3].comment)
	assert.Equal(t, "client: kernel sends its FIN again (retransmission 1): it got through after 1 lost", pkts[4].comment)
	assert.Equal(t, pkts[3].tcp.Seq, pkts[4].tcp.Seq)
	assert.Equal(t, "server: kernel acknowledges the FIN", pkts[5].comment)
	assert.Equal(t, pkts[4].tcp.Seq+1, pkts[5].tcp.Ack)
}

// A lost SYN: the SYN, commented, then the one sent again a second later.
func TestLostSyn(t *testing.T) {
	var r run
	r.packetFault(100, client, server, "lost", "loss", 0, 0, "SYN")
	r.packetFault(1_000_100, client, server, "retransmitted", "", 0, 0, "SYN")
	// connect takes a second and a little more; accept returns with it.
	r.call(client, "connect", "('10.0.0.1', 8080)", 2, func(e *trace.Event) { e.Dur = 1_010_000 })
	r.t = 1_010_100
	r.call(server, "accept", "", 5, result("(<socket fd=4>, ('10.0.0.2', 40000))"))

	_, pkts := decode(t, write(t, "lossy", r.events))
	require.Equal(t, []string{"SYN", "SYN", "SYN,ACK", "ACK"}, flagList(pkts))
	assert.Equal(t, "client: kernel sends its SYN again", pkts[1].comment)
	assert.Contains(t, pkts[0].comment, "[dropped by the simulated link (loss)]")
	assert.Equal(t, pkts[0].tcp.Seq, pkts[1].tcp.Seq)
	assert.Equal(t, int64(1_000_000), pkts[1].t.Sub(pkts[0].t).Microseconds())
}

// A datagram lost is commented; one duplicated is there twice.
func TestLostAndDuplicatedDatagrams(t *testing.T) {
	var r run
	c := end{"client", "client.py", 3, "udp", "('10.0.0.2', 5000)", "('10.0.0.1', 9999)", "10.0.0.2:5000", "10.0.0.1:9999"}
	s := end{"server", "server.py", 3, "udp", "('10.0.0.1', 9999)", "('10.0.0.2', 5000)", "10.0.0.1:9999", "10.0.0.2:5000"}
	r.packetFault(100, c, s, "lost", "loss", 0, 4, "")
	r.call(c, "sendto", "b'ping', ('10.0.0.1', 9999)", 4, moved([]byte("ping")))
	r.call(c, "sendto", "b'ping', ('10.0.0.1', 9999)", 4, moved([]byte("ping")))
	r.packetFault(300, c, s, "duplicated", "", 0, 4, "")
	r.call(c, "sendto", "b'ping', ('10.0.0.1', 9999)", 4, moved([]byte("ping")))
	r.call(s, "sendto", "b'PING', ('10.0.0.2', 5000)", 6, moved([]byte("PING")))

	_, pkts := decode(t, write(t, "lossy", r.events))
	require.Equal(t, []string{"UDP", "UDP", "UDP", "UDP", "UDP"}, flagList(pkts))
	assert.Equal(t, "client: sendto(b'ping', ('10.0.0.1', 9999)) at client.py:4 [dropped by the simulated link (loss)]", pkts[0].comment)
	assert.Equal(t, "client: sendto(b'ping', ('10.0.0.1', 9999)) at client.py:4", pkts[1].comment)
	assert.Equal(t, "client: sendto(b'ping', ('10.0.0.1', 9999)) at client.py:4", pkts[2].comment)
	assert.Equal(t, "client: sendto(b'ping', ('10.0.0.1', 9999)) at client.py:4 [a copy the simulated link made (duplicate)]", pkts[3].comment)
	assert.Equal(t, pkts[2].t, pkts[3].t)
	assert.Equal(t, "server: sendto(b'PING', ('10.0.0.2', 5000)) at server.py:6", pkts[4].comment)
}

// A reset the faults made is a RST to each end, before the errors it
// causes; nothing more comes of them.
func TestInjectedReset(t *testing.T) {
	var r run
	connected(&r)
	r.call(client, "sendall", "", 3, moved([]byte("hello")))
	r.events = append(r.events, trace.Event{Seq: len(r.events) + 1, T: 2_000_000, Role: "client", Thread: "MainThread",
		Kind: "fault", Call: "reset", Msg: "reset: client - server", KLocal: "10.0.0.2", KPeer: "10.0.0.1"})
	r.t = 1_999_900
	r.call(server, "recv", "1024", 6, moved(nil), raised("ConnectionResetError", 104))
	r.call(client, "recv", "1024", 4, raised("ConnectionResetError", 104))

	_, pkts := decode(t, write(t, "reset", r.events))
	require.Equal(t, []string{"SYN", "SYN,ACK", "ACK", "PSH,ACK", "RST,ACK", "RST,ACK"}, flagList(pkts))
	assert.Equal(t, "the simulated network resets the connection (reset: client - server): a RST to server", pkts[4].comment)
	assert.Equal(t, "the simulated network resets the connection (reset: client - server): a RST to client", pkts[5].comment)
	assert.Equal(t, pkts[4].dst, pkts[5].src)
	assert.Equal(t, int64(2_000_000), pkts[4].t.UnixMicro())
}

// Fault events that name no packet, or a packet the capture does not
// show (a bare ACK), change nothing in it.
func TestFaultsWithoutPacketsChangeNothing(t *testing.T) {
	var r run
	connected(&r)
	r.call(client, "sendall", "", 3, moved([]byte("hello")))
	r.call(server, "recv", "1024", 6, moved([]byte("hello")))
	r.call(client, "close", "", 5)
	r.call(server, "recv", "1024", 8, moved(nil))
	r.call(server, "close", "", 9)
	plain := write(t, "run", r.events)

	var with []trace.Event
	for i, e := range r.events {
		with = append(with, e)
		if i == 2 {
			with = append(with,
				trace.Event{Kind: "fault", Call: "partition", Msg: "partition: client | server", T: e.T, KLocal: "10.0.0.2", KPeer: "10.0.0.1"},
				trace.Event{Kind: "fault", Call: "lost", Args: "loss", Msg: "lost: tcp ack to server", T: e.T, Proto: "tcp",
					KLocal: client.kl, KPeer: server.kl, TCPSeq: 1, TCPFlags: "ACK"},
				trace.Event{Kind: "fault", Call: "retransmitted", Msg: "retransmitted after 1 lost: tcp ack to server", T: e.T + 200_000, Proto: "tcp",
					KLocal: client.kl, KPeer: server.kl, TCPSeq: 1, TCPFlags: "ACK"},
				trace.Event{Kind: "fault", Call: "heal", Msg: "heal: client - server", T: e.T + 1, KLocal: "10.0.0.2", KPeer: "10.0.0.1"})
		}
	}
	for i := range with {
		with[i].Seq = i + 1
	}
	assert.Equal(t, plain, write(t, "run", with))
	_, pkts := decode(t, plain)
	for _, p := range pkts {
		assert.False(t, strings.Contains(p.comment, "simulated"), p.comment)
	}
}
