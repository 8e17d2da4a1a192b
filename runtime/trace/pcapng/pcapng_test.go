package pcapng_test

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/trace"
)

// A run written by hand: its events as the recorder would have them.

type end struct {
	role, file  string
	fd          int
	proto       string
	local, peer string // as the script sees them
	kl, kp      string // as the kernel has them
}

var (
	client = end{"client", "client.py", 3, "tcp", "('10.0.0.2', 40000)", "('10.0.0.1', 8080)", "127.9.9.2:51000", "127.9.9.1:8080"}
	server = end{"server", "server.py", 4, "tcp", "('10.0.0.1', 8080)", "('10.0.0.2', 40000)", "127.9.9.1:8080", "127.9.9.2:51000"}

	clientAddr = netip.MustParseAddrPort("10.0.0.2:40000")
	serverAddr = netip.MustParseAddrPort("10.0.0.1:8080")
)

type run struct {
	events []trace.Event
	t      int64
}

// call records a call of one end, 100 µs after the last, taking 10 µs.
func (r *run) call(at end, call, args string, line int, opts ...func(*trace.Event)) {
	r.t += 100
	e := trace.Event{
		Seq: len(r.events) + 1, T: r.t, Dur: 10, Role: at.role, Thread: "MainThread", Kind: "call",
		Call: call, Args: args, File: at.file, Line: line,
		FD: at.fd, Proto: at.proto, Local: at.local, Peer: at.peer, KLocal: at.kl, KPeer: at.kp,
	}
	for _, o := range opts {
		o(&e)
	}
	r.events = append(r.events, e)
}

func (r *run) end(role string) {
	r.t += 100
	r.events = append(r.events, trace.Event{Seq: len(r.events) + 1, T: r.t, Role: role, Thread: "MainThread", Kind: "end", Result: "0"})
}

func moved(b []byte) func(*trace.Event) {
	return func(e *trace.Event) { e.Data, e.N = b, len(b) }
}

func raised(exc string, errno int) func(*trace.Event) {
	return func(e *trace.Event) { e.Exc, e.Errno = exc, errno }
}

func result(r string) func(*trace.Event) {
	return func(e *trace.Event) { e.Result = r }
}

func noPeer(e *trace.Event) { e.Peer, e.KPeer = "", "" }

func connected(r *run) {
	r.call(client, "connect", "('10.0.0.1', 8080)", 2)
	r.call(server, "accept", "", 5, result("(<socket fd=4>, ('10.0.0.2', 40000))"))
}

func TestConnectSendReadClose(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789"), 400)
	var r run
	connected(&r)
	r.call(client, "sendall", "b'0123456789...'", 3, moved(big))
	r.call(server, "recv", "4096", 6, moved(big))
	r.call(server, "send", "b'ok'", 7, moved([]byte("ok")))
	r.call(client, "recv", "1024", 4, moved([]byte("ok")))
	r.call(client, "close", "", 5)
	r.call(server, "recv", "1024", 8, moved(nil))
	r.call(server, "close", "", 9)

	section, pkts := decode(t, write(t, "scenarios/s1-phone", r.events))
	assert.Contains(t, section.Comment, "scenarios/s1-phone")
	assert.Equal(t, []string{
		"SYN", "SYN,ACK", "ACK", // connect
		"ACK", "ACK", "PSH,ACK", // 4000 bytes: 1460 + 1460 + 1080
		"ACK",            // the server reads them
		"PSH,ACK",        // "ok"
		"ACK",            // the client reads it
		"FIN,ACK", "ACK", // the client closes
		"FIN,ACK", "ACK", // the server reads b'' and closes
	}, flagList(pkts))
	for i, p := range pkts {
		want := [2]netip.AddrPort{clientAddr, serverAddr}
		if p.src == serverAddr {
			want = [2]netip.AddrPort{serverAddr, clientAddr}
		}
		assert.Equal(t, want, [2]netip.AddrPort{p.src, p.dst}, "packet %d", i+1)
	}
	assert.Equal(t, []int{1460, 1460, 1080}, []int{len(pkts[3].tcp.Payload), len(pkts[4].tcp.Payload), len(pkts[5].tcp.Payload)})
	got := streams(pkts)
	assert.Equal(t, big, got[[2]netip.AddrPort{clientAddr, serverAddr}])
	assert.Equal(t, []byte("ok"), got[[2]netip.AddrPort{serverAddr, clientAddr}])

	// The SYN offers the MSS and a window scale.
	require.Len(t, pkts[0].tcp.Options, 3)
	assert.Equal(t, []byte{0x05, 0xb4}, pkts[0].tcp.Options[0].OptionData) // 1460

	// Times are the calls': the SYN when connect starts, a send's data when
	// it starts, a read's ACK when recv returns.
	assert.Equal(t, time.Unix(0, 100_000).UTC(), pkts[0].t.UTC())
	assert.Equal(t, time.Unix(0, 300_000).UTC(), pkts[3].t.UTC())
	assert.Equal(t, time.Unix(0, 410_000).UTC(), pkts[6].t.UTC())

	assert.Equal(t, "client: connect(('10.0.0.1', 8080)) at client.py:2", pkts[0].comment)
	assert.Equal(t, "server: kernel answers the SYN; accept() at server.py:5 accepts it", pkts[1].comment)
	assert.Equal(t, "client: sendall(b'0123456789...') at client.py:3 [segment 2 of 3]", pkts[4].comment)
	assert.Equal(t, "server: recv(4096) at server.py:6", pkts[6].comment)
	assert.Equal(t, "client: close() at client.py:5", pkts[9].comment)
	assert.Equal(t, "server: kernel acknowledges the FIN", pkts[10].comment)
}

func TestShutdownAndHalfClose(t *testing.T) {
	var r run
	connected(&r)
	r.call(client, "sendall", "b'req'", 3, moved([]byte("req")))
	r.call(client, "shutdown", "1", 4)
	r.call(server, "recv", "1024", 6, moved([]byte("req")))
	r.call(server, "recv", "1024", 6, moved(nil))
	r.call(server, "sendall", "b'answer'", 7, moved([]byte("answer")))
	r.call(server, "close", "", 8)
	r.call(client, "recv", "1024", 5, moved([]byte("answer")))
	r.call(client, "recv", "1024", 5, moved(nil))
	r.call(client, "close", "", 6)

	_, pkts := decode(t, write(t, "half", r.events))
	assert.Equal(t, []string{
		"SYN", "SYN,ACK", "ACK",
		"PSH,ACK",        // req
		"FIN,ACK", "ACK", // shutdown(SHUT_WR), acknowledged at once (with the data)
		"PSH,ACK",        // answer
		"FIN,ACK", "ACK", // the server closes
	}, flagList(pkts))
	assert.Equal(t, "client: shutdown(1) at client.py:4", pkts[4].comment)
}

func TestResets(t *testing.T) {
	t.Run("close with unread data", func(t *testing.T) {
		var r run
		connected(&r)
		r.call(client, "sendall", "b'hello?'", 3, moved([]byte("hello?")))
		r.call(server, "close", "", 6)
		r.call(client, "sendall", "b'more'", 4, moved([]byte("more")))
		_, pkts := decode(t, write(t, "", r.events))
		assert.Equal(t, []string{"SYN", "SYN,ACK", "ACK", "PSH,ACK", "RST,ACK"}, flagList(pkts))
		assert.Equal(t, serverAddr, pkts[4].src)
		assert.Equal(t, "server: close() at server.py:6 with 6 bytes unread: the kernel resets", pkts[4].comment)
	})
	t.Run("data to a closed socket", func(t *testing.T) {
		var r run
		connected(&r)
		r.call(server, "close", "", 6)
		r.call(client, "sendall", "b'late'", 4, moved([]byte("late")))
		r.call(client, "recv", "1024", 5, raised("ConnectionResetError", 104), noPeer)
		_, pkts := decode(t, write(t, "", r.events))
		assert.Equal(t, []string{"SYN", "SYN,ACK", "ACK", "FIN,ACK", "ACK", "PSH,ACK", "RST,ACK"}, flagList(pkts))
		assert.Equal(t, "server: kernel resets: data came to a socket its script closed", pkts[6].comment)
	})
	t.Run("SO_LINGER 0", func(t *testing.T) {
		var r run
		connected(&r)
		r.call(server, "setsockopt", `1, 13, b'\x01\x00\x00\x00\x00\x00\x00\x00'`, 6)
		r.call(server, "close", "", 7)
		_, pkts := decode(t, write(t, "", r.events))
		assert.Equal(t, []string{"SYN", "SYN,ACK", "ACK", "RST,ACK"}, flagList(pkts))
	})
	t.Run("ConnectionResetError alone", func(t *testing.T) {
		var r run
		connected(&r)
		r.call(client, "recv", "1024", 5, raised("ConnectionResetError", 104), noPeer)
		_, pkts := decode(t, write(t, "", r.events))
		assert.Equal(t, []string{"SYN", "SYN,ACK", "ACK", "RST,ACK"}, flagList(pkts))
		assert.Equal(t, serverAddr, pkts[3].src)
		assert.Equal(t, "server: kernel resets: client: recv(1024) at client.py:5 raised ConnectionResetError", pkts[3].comment)
	})
}

func TestRefusedConnect(t *testing.T) {
	var r run
	lone := client
	lone.peer, lone.kp = "", ""
	r.call(lone, "connect", "('10.0.0.1', 9)", 2, raised("ConnectionRefusedError", 111))
	six := end{"client", "client.py", 5, "tcp", "('::1', 41000, 0, 0)", "", "[00000000000000000000000000000001]:41000", ""}
	r.call(six, "connect_ex", "('localhost', 9)", 3, result("111"))
	_, pkts := decode(t, write(t, "", r.events))
	require.Equal(t, []string{"SYN", "RST,ACK", "SYN", "RST,ACK"}, flagList(pkts))
	assert.Equal(t, clientAddr, pkts[0].src)
	assert.Equal(t, netip.MustParseAddrPort("10.0.0.1:9"), pkts[0].dst)
	assert.Equal(t, pkts[0].tcp.Seq+1, pkts[1].tcp.Ack)
	assert.Equal(t, pkts[0].dst, pkts[1].src)
	assert.NotNil(t, pkts[2].ip6)
	assert.Equal(t, netip.MustParseAddrPort("[::1]:9"), pkts[2].dst)
	assert.Equal(t, "client: connect(('10.0.0.1', 9)) at client.py:2", pkts[0].comment)
	assert.Contains(t, pkts[1].comment, "no socket listens there")
}

func TestUDP(t *testing.T) {
	var r run
	udpClient := end{"client", "client.py", 3, "udp", "('0.0.0.0', 5000)", "", "0.0.0.0:5000", ""}
	udpServer := end{"server", "server.py", 4, "udp", "('127.0.0.1', 9999)", "", "127.0.0.1:9999", ""}
	r.call(udpClient, "sendto", "b'time?', ('localhost', 9999)", 4, moved([]byte("time?")), func(e *trace.Event) {
		e.Peer, e.KPeer = "('localhost', 9999)", "127.0.0.1:9999"
	})
	r.call(udpServer, "recvfrom", "1024", 5, moved([]byte("time?")), func(e *trace.Event) { e.Peer = "('127.0.0.1', 5000)" })
	r.call(udpServer, "sendto", "b'', ('127.0.0.1', 5000)", 6, func(e *trace.Event) { e.Peer = "('127.0.0.1', 5000)" })
	connectedUDP := end{"client", "client.py", 3, "udp", "('127.0.0.1', 5000)", "('127.0.0.1', 9999)", "127.0.0.1:5000", "127.0.0.1:9999"}
	r.call(connectedUDP, "connect", "('127.0.0.1', 9999)", 7)
	r.call(connectedUDP, "send", "b'again'", 8, moved([]byte("again")))
	r.call(connectedUDP, "sendto", "b'lost'", 9, moved([]byte("lost")), raised("OSError", 90))

	_, pkts := decode(t, write(t, "", r.events))
	require.Equal(t, []string{"UDP", "UDP", "UDP"}, flagList(pkts))
	c, s := netip.MustParseAddrPort("127.0.0.1:5000"), netip.MustParseAddrPort("127.0.0.1:9999")
	assert.Equal(t, [][2]netip.AddrPort{{c, s}, {s, c}, {c, s}}, [][2]netip.AddrPort{{pkts[0].src, pkts[0].dst}, {pkts[1].src, pkts[1].dst}, {pkts[2].src, pkts[2].dst}})
	assert.Equal(t, "time?", string(pkts[0].payload()))
	assert.Empty(t, pkts[1].payload())
	assert.Equal(t, "again", string(pkts[2].payload()))
	assert.Equal(t, "client: send(b'again') at client.py:8", pkts[2].comment)
}

func TestIPv6(t *testing.T) {
	c6 := end{"client", "c.py", 3, "tcp", "('::1', 40000, 0, 0)", "('::1', 8080, 0, 0)", "[01]:51000", "[01]:8080"}
	s6 := end{"server", "s.py", 4, "tcp", "('::1', 8080, 0, 0)", "('::1', 40000, 0, 0)", "[01]:8080", "[01]:51000"}
	var r run
	r.call(c6, "connect", "('::1', 8080)", 2)
	r.call(s6, "accept", "", 5)
	r.call(c6, "sendall", "b'x'", 3, moved(bytes.Repeat([]byte("x"), 3000)))
	r.call(s6, "recv", "4096", 6, moved(bytes.Repeat([]byte("x"), 3000)))
	_, pkts := decode(t, write(t, "", r.events))
	assert.Equal(t, []string{"SYN", "SYN,ACK", "ACK", "ACK", "ACK", "PSH,ACK", "ACK"}, flagList(pkts))
	for _, p := range pkts {
		assert.NotNil(t, p.ip6)
	}
	assert.Equal(t, []int{1440, 1440, 120}, []int{len(pkts[3].tcp.Payload), len(pkts[4].tcp.Payload), len(pkts[5].tcp.Payload)})
}

// What the trace lacks is made up from what the other end shows.
func TestFilledIn(t *testing.T) {
	t.Run("bytes read that no traced call sent", func(t *testing.T) {
		var r run
		connected(&r)
		r.call(client, "makefile", "'rwb'", 3)
		r.call(server, "recv", "1024", 6, moved([]byte("GET / HTTP/1.0\r\n\r\n")))
		r.call(client, "close", "", 4) // the file keeps the connection
		r.end("client")
		r.call(server, "recv", "1024", 7, moved(nil))
		_, pkts := decode(t, write(t, "", r.events))
		assert.Equal(t, []string{"SYN", "SYN,ACK", "ACK", "PSH,ACK", "ACK", "FIN,ACK", "ACK"}, flagList(pkts))
		assert.Equal(t, "GET / HTTP/1.0\r\n\r\n", string(pkts[3].payload()))
		assert.Equal(t, clientAddr, pkts[3].src)
		assert.Equal(t, "client: kernel sends 18 bytes that no traced call sent, and server: recv(1024) at server.py:6 reads", pkts[3].comment)
		assert.Equal(t, "client: kernel closes the socket: the role ended", pkts[5].comment)
	})
	t.Run("a read that comes before its send", func(t *testing.T) {
		var r run
		connected(&r)
		r.call(server, "recv", "1024", 6, moved([]byte("hi")))
		r.call(client, "sendall", "b'hi there'", 3, moved([]byte("hi there")))
		_, pkts := decode(t, write(t, "", r.events))
		assert.Equal(t, "hi there", string(streams(pkts)[[2]netip.AddrPort{clientAddr, serverAddr}]))
	})
	t.Run("a traced send after untraced ones", func(t *testing.T) {
		var r run
		connected(&r)
		r.call(client, "makefile", "'wb'", 3)
		r.call(server, "recv", "1024", 6, moved([]byte("A\n")))
		r.call(client, "sendall", "b'B\\n'", 4, moved([]byte("B\n")))
		r.call(server, "recv", "1024", 7, moved([]byte("B\n")))
		_, pkts := decode(t, write(t, "", r.events))
		assert.Equal(t, []string{"SYN", "SYN,ACK", "ACK", "PSH,ACK", "ACK", "PSH,ACK", "ACK"}, flagList(pkts))
		assert.Equal(t, "A\nB\n", string(streams(pkts)[[2]netip.AddrPort{clientAddr, serverAddr}]))
		assert.Contains(t, pkts[3].comment, "no traced call sent")
		assert.Equal(t, `client: sendall(b'B\n') at client.py:4`, pkts[5].comment)
	})
	t.Run("a send's bytes in Data only", func(t *testing.T) {
		var r run
		connected(&r)
		r.call(client, "send", "", 3, moved([]byte("it's\n\x00")))
		r.call(client, "sendall", "", 4, moved(bytes.Repeat([]byte("x"), 50)))
		_, pkts := decode(t, write(t, "", r.events))
		require.Len(t, pkts, 5)
		assert.Equal(t, `client: send(b"it's\n\x00") at client.py:3`, pkts[3].comment)
		assert.Equal(t, "client: sendall(b'"+strings.Repeat("x", 40)+"'...) at client.py:4", pkts[4].comment)
	})
	t.Run("data the recorder cut", func(t *testing.T) {
		var r run
		connected(&r)
		r.call(client, "sendall", "b'abc...'", 3, func(e *trace.Event) { e.Data, e.N, e.Trunc = []byte("abc"), 6, true })
		_, pkts := decode(t, write(t, "", r.events))
		require.Len(t, pkts, 4)
		assert.Equal(t, []byte("abc\x00\x00\x00"), pkts[3].payload())
		assert.Contains(t, pkts[3].comment, "the trace kept 3 of the 6 bytes: zeros stand for the rest")
	})
	t.Run("no connect or accept", func(t *testing.T) {
		var r run
		r.call(client, "sendall", "b'x'", 3, moved([]byte("x")))
		_, pkts := decode(t, write(t, "", r.events))
		assert.Equal(t, []string{"SYN", "SYN,ACK", "ACK", "PSH,ACK"}, flagList(pkts))
		assert.Equal(t, clientAddr, pkts[0].src, "the end with the lower kernel port accepted")
	})
	t.Run("AF_UNIX is left out", func(t *testing.T) {
		var r run
		unix := end{"a", "a.py", 3, "unix", "''", "''", "unix:@", "unix:@"}
		r.call(unix, "sendall", "b'x'", 3, moved([]byte("x")))
		_, pkts := decode(t, write(t, "", r.events))
		assert.Empty(t, pkts)
	})
}

func TestCommentsAreUTF8AndBounded(t *testing.T) {
	var r run
	connected(&r)
	r.call(client, "send", "b'"+strings.Repeat("\\xff", 3000)+"'", 3, moved([]byte{0xff}))
	_, pkts := decode(t, write(t, "電話 \xff", r.events))
	require.Len(t, pkts, 4)
	assert.LessOrEqual(t, len(pkts[3].comment), 4000)
	assert.True(t, strings.HasPrefix(pkts[3].comment, "client: send(b'\\xff"))
}
