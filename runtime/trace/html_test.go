package trace_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/trace"
)

// node is an element of the page, as encoding/xml reads it.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []*node    `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *node) hasClass(c string) bool {
	for _, f := range strings.Fields(n.attr("class")) {
		if f == c {
			return true
		}
	}
	return false
}

// all is every element under n (n included) that ok accepts.
func (n *node) all(ok func(*node) bool) []*node {
	var out []*node
	var walk func(*node)
	walk = func(x *node) {
		if ok(x) {
			out = append(out, x)
		}
		for _, c := range x.Nodes {
			walk(c)
		}
	}
	walk(n)
	return out
}

func (n *node) byID(id string) *node {
	if found := n.all(func(x *node) bool { return x.attr("id") == id }); len(found) == 1 {
		return found[0]
	}
	return nil
}

// title is the text of an element's <title> child.
func (n *node) title() string {
	for _, c := range n.Nodes {
		if c.XMLName.Local == "title" {
			return c.Text
		}
	}
	return ""
}

func (n *node) child(local string) *node {
	for _, c := range n.Nodes {
		if c.XMLName.Local == local {
			return c
		}
	}
	return nil
}

// page renders events and reads the page back, strictly: it must be
// well-formed.
func page(t *testing.T, title string, events []trace.Event) (*node, string) {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, trace.Render(&b, ".html", title, events))
	var root node
	require.NoError(t, xml.Unmarshal(b.Bytes(), &root), "the page is not well-formed")
	return &root, b.String()
}

// arrows are the arrows of a class in a view ("full" or "folded"); reached
// only those that end at a call of the run.
func arrows(root *node, view, class string, reached bool) []*node {
	svg := root.byID("v-" + view)
	if svg == nil {
		return nil
	}
	return svg.all(func(x *node) bool {
		return x.XMLName.Local == "g" && x.hasClass("msg") && x.hasClass(class) && !(reached && (x.hasClass("lost") || x.hasClass("outside")))
	})
}

func lanes(root *node, view string) []*node {
	svg := root.byID("v-" + view)
	if svg == nil {
		return nil
	}
	return svg.all(func(x *node) bool { return x.XMLName.Local == "g" && x.hasClass("lane") })
}

// line is an arrow's straight shaft: its two ends.
func line(t *testing.T, g *node) (x1, y1, x2, y2 float64) {
	t.Helper()
	for _, c := range g.Nodes {
		if c.XMLName.Local == "path" && c.hasClass("shaft") {
			d := strings.NewReplacer("M", "", "L", " ").Replace(c.attr("d"))
			f := strings.Fields(d)
			require.Len(t, f, 4, "a straight arrow: %q", c.attr("d"))
			v := make([]float64, 4)
			for i := range f {
				var err error
				v[i], err = strconv.ParseFloat(f[i], 64)
				require.NoError(t, err)
			}
			return v[0], v[1], v[2], v[3]
		}
	}
	t.Fatalf("no shaft in %v", g.attr("class"))
	return
}

// run builds a trace by hand: each call one event, on a clock that moves
// 10 µs between calls unless told otherwise.
type run struct {
	ev []trace.Event
	t  int64
}

func (r *run) add(e trace.Event) *trace.Event {
	if e.T == 0 {
		r.t += 10
		e.T = r.t
	} else {
		r.t = max(r.t, e.T)
	}
	if e.Kind == "" {
		e.Kind = "call"
	}
	if e.Thread == "" {
		e.Thread = "MainThread"
	}
	if e.Proto == "" && e.Kind == "call" {
		e.Proto = "tcp"
	}
	e.Seq = len(r.ev) + 1
	r.ev = append(r.ev, e)
	return &r.ev[len(r.ev)-1]
}

func (r *run) start(role string) { r.add(trace.Event{Role: role, Kind: "start", Args: role + ".py"}) }
func (r *run) end(role string)   { r.add(trace.Event{Role: role, Kind: "end", Result: "0"}) }

// send and recv move bytes between two kernel addresses; line is the
// script line.
func (r *run) send(role, local, peer, data string, line int) *trace.Event {
	return r.add(trace.Event{Role: role, Call: "sendall", Args: fmt.Sprintf("b'%s'", data), N: len(data), Data: []byte(data), KLocal: local, KPeer: peer, File: role + ".py", Line: line})
}

func (r *run) recv(role, local, peer, data string, line int) *trace.Event {
	return r.add(trace.Event{Role: role, Call: "recv", Args: "1024", N: len(data), Data: []byte(data), KLocal: local, KPeer: peer, File: role + ".py", Line: line})
}

const (
	srvAddr = "127.0.0.1:8080"
	cliAddr = "127.0.0.1:40000"
)

// phone is s1-phone by hand: connect, hello, HELLO, close.
func phone() *run {
	r := &run{}
	r.start("server")
	r.add(trace.Event{Role: "server", Call: "bind", Args: "('127.0.0.1', 8080)", KLocal: srvAddr, File: "server.py", Line: 6})
	r.add(trace.Event{Role: "server", Call: "listen", Args: "5", KLocal: srvAddr, File: "server.py", Line: 7})
	r.start("client")
	r.add(trace.Event{Role: "client", Call: "connect", Args: "('127.0.0.1', 8080)", KLocal: cliAddr, KPeer: srvAddr, File: "client.py", Line: 4, Dur: 5})
	r.add(trace.Event{Role: "server", Call: "accept", KLocal: srvAddr, KPeer: cliAddr, File: "server.py", Line: 8, T: r.t - 5, Dur: 8})
	r.send("client", cliAddr, srvAddr, "hello", 6)
	r.recv("server", srvAddr, cliAddr, "hello", 12)
	r.add(trace.Event{Role: "server", Kind: "print", Msg: "b'hello'", File: "server.py", Line: 13})
	r.send("server", srvAddr, cliAddr, "HELLO", 14)
	r.recv("client", cliAddr, srvAddr, "HELLO", 7)
	r.add(trace.Event{Role: "server", Call: "close", KLocal: srvAddr, KPeer: cliAddr, File: "server.py", Line: 15})
	r.add(trace.Event{Role: "client", Call: "close", KLocal: cliAddr, KPeer: srvAddr, File: "client.py", Line: 9})
	r.end("server")
	r.end("client")
	return r
}

func TestHTMLTwoRoles(t *testing.T) {
	root, _ := page(t, "phone", phone().ev)
	ls := lanes(root, "full")
	require.Len(t, ls, 2, "a lifeline per role")
	assert.Equal(t, "server", ls[0].attr("data-role"))
	assert.Equal(t, "client", ls[1].attr("data-role"))
	data := arrows(root, "full", "data", true)
	require.Len(t, data, 2, "an arrow per message")
	assert.Contains(t, data[0].title(), "client.py:6")
	assert.Contains(t, data[0].title(), "server.py:12")
	assert.Contains(t, data[0].title(), "68 65 6c 6c 6f", "the bytes in hex")
	assert.Contains(t, data[1].title(), "server.py:14")
	assert.Contains(t, data[1].title(), "client.py:7")
	assert.Len(t, arrows(root, "full", "connect", true), 1)
	fins := arrows(root, "full", "fin", false)
	assert.Len(t, fins, 2, "each close goes to the peer")
	assert.Nil(t, root.byID("v-folded"), "nothing to fold")
	// The server's lane is left of the client's: hello goes left, HELLO right.
	x1, y1, x2, y2 := line(t, data[0])
	assert.Less(t, x2, x1)
	assert.Greater(t, y2, y1, "slanted: the recv returned after the send began")
	x1, _, x2, _ = line(t, data[1])
	assert.Greater(t, x2, x1)
	notes := root.all(func(x *node) bool { return x.hasClass("note") && x.hasClass("print") })
	require.Len(t, notes, 1)
	assert.Contains(t, notes[0].title(), "server.py:13")
}

// Both ends send at once: each message is read after the other was sent,
// so the arrows cross.
func TestHTMLCrossingMessages(t *testing.T) {
	r := phone()
	r.ev = r.ev[:7] // up to the hello's send
	r.add(trace.Event{Role: "server", Call: "sendall", Args: "b'hi'", N: 2, Data: []byte("hi"), KLocal: srvAddr, KPeer: cliAddr, File: "server.py", Line: 20, T: r.t + 2})
	r.add(trace.Event{Role: "server", Call: "recv", Args: "1024", N: 5, Data: []byte("hello"), KLocal: srvAddr, KPeer: cliAddr, File: "server.py", Line: 21, T: r.t + 10, Dur: 40})
	r.add(trace.Event{Role: "client", Call: "recv", Args: "1024", N: 2, Data: []byte("hi"), KLocal: cliAddr, KPeer: srvAddr, File: "client.py", Line: 22, T: r.t + 10, Dur: 60})
	root, _ := page(t, "crossing", r.ev)
	data := arrows(root, "full", "data", true)
	require.Len(t, data, 2)
	ax1, ay1, ax2, ay2 := line(t, data[0])
	bx1, by1, bx2, by2 := line(t, data[1])
	assert.Greater(t, ay2, ay1)
	assert.Greater(t, by2, by1)
	// Opposite directions, each one's end below the other's start: they cross.
	assert.True(t, ax1 == bx2 && ax2 == bx1 || ax1 > ax2 != (bx1 > bx2))
	assert.Greater(t, ay2, by1)
	assert.Greater(t, by2, ay1)
}

// A send read by two recvs has one arrow, to the first, and a dotted
// continuation to the second; two sends read by one recv have two arrows.
func TestHTMLStreamOffsets(t *testing.T) {
	r := phone()
	r.ev = r.ev[:6] // connected
	r.send("client", cliAddr, srvAddr, "0123456789", 30)
	r.recv("server", srvAddr, cliAddr, "012345", 31)
	r.recv("server", srvAddr, cliAddr, "6789", 32)
	r.send("server", srvAddr, cliAddr, "ab", 33)
	r.send("server", srvAddr, cliAddr, "cd", 34)
	r.recv("client", cliAddr, srvAddr, "abcd", 35)
	root, _ := page(t, "offsets", r.ev)
	data := arrows(root, "full", "data", true)
	require.Len(t, data, 3)
	assert.Equal(t, "8", data[0].attr("data-to"), "the first recv")
	assert.Len(t, data[0].all(func(x *node) bool { return x.hasClass("more") }), 1, "and on to the second")
	assert.Contains(t, data[0].title(), "server.py:32")
	assert.Equal(t, data[1].attr("data-to"), data[2].attr("data-to"), "one recv read both")
	assert.Contains(t, data[2].title(), "stream bytes 2–3")
}

// Once both directions are shut, a socket has no peer address: its
// descriptor still says which connection it reads.
func TestHTMLPeerGone(t *testing.T) {
	r := phone()
	r.ev = r.ev[:6]
	for i := range r.ev {
		if r.ev[i].Role == "client" && r.ev[i].Kind == "call" {
			r.ev[i].FD = 4
		}
	}
	r.send("server", srvAddr, cliAddr, "bye", 20)
	r.add(trace.Event{Role: "server", Call: "close", KLocal: srvAddr, KPeer: cliAddr, File: "server.py", Line: 21})
	r.add(trace.Event{Role: "client", Call: "shutdown", Args: "1", KLocal: cliAddr, KPeer: srvAddr, FD: 4, File: "client.py", Line: 22})
	r.recv("client", cliAddr, "", "bye", 23).FD = 4
	r.recv("client", cliAddr, "", "", 24).FD = 4
	root, _ := page(t, "gone", r.ev)
	data := arrows(root, "full", "data", true)
	require.Len(t, data, 1)
	assert.Contains(t, data[0].title(), "client.py:23")
	var eof []*node
	for _, g := range arrows(root, "full", "fin", true) {
		if strings.Contains(g.title(), "client.py:24") {
			eof = append(eof, g)
		}
	}
	assert.Len(t, eof, 1, "the server's close is the end of file the client read")
}

func TestHTMLDatagrams(t *testing.T) {
	r := &run{}
	r.start("server")
	r.add(trace.Event{Role: "server", Proto: "udp", Call: "bind", Args: "('', 9999)", KLocal: "0.0.0.0:9999", File: "server.py", Line: 3})
	r.start("client")
	r.add(trace.Event{Role: "client", Proto: "udp", Call: "sendto", Args: "b'ping', ('127.0.0.1', 9999)", N: 4, Data: []byte("ping"), KLocal: "0.0.0.0:5000", KPeer: "127.0.0.1:9999", File: "client.py", Line: 4})
	r.add(trace.Event{Role: "server", Proto: "udp", Call: "recvfrom", Args: "1024", N: 4, Data: []byte("ping"), KLocal: "0.0.0.0:9999", KPeer: "127.0.0.1:5000", File: "server.py", Line: 5})
	r.add(trace.Event{Role: "client", Proto: "udp", Call: "sendto", Args: "b'again', ('127.0.0.1', 9999)", N: 5, Data: []byte("again"), KLocal: "0.0.0.0:5000", KPeer: "127.0.0.1:9999", File: "client.py", Line: 6})
	r.add(trace.Event{Role: "client", Proto: "udp", Call: "sendto", Args: "b'out', ('10.1.1.1', 53)", N: 3, Data: []byte("out"), KLocal: "0.0.0.0:5000", KPeer: "10.1.1.1:53", File: "client.py", Line: 7})
	root, _ := page(t, "udp", r.ev)
	got := arrows(root, "full", "dgram", false)
	require.Len(t, got, 3)
	assert.False(t, got[0].hasClass("lost"), "a wildcard-bound server gets it")
	assert.Contains(t, got[0].title(), "server.py:5")
	assert.True(t, got[1].hasClass("lost"), "nobody read it: %s", got[1].attr("class"))
	assert.True(t, got[2].hasClass("outside"), "no role of the run has 10.1.1.1:53")
	assert.Len(t, arrows(root, "full", "dgram", true), 1)
}

func TestHTMLNotes(t *testing.T) {
	r := phone()
	r.ev = r.ev[:6]
	r.add(trace.Event{Role: "client", Call: "connect", Args: "('127.0.0.1', 9)", Exc: "ConnectionRefusedError", Errno: 111, Msg: "[Errno 111] Connection refused", KLocal: "127.0.0.1:40001", File: "client.py", Line: 40})
	r.add(trace.Event{Role: "server", Call: "recv", Args: "1024", Exc: "TimeoutError", Msg: "timed out", KLocal: srvAddr, KPeer: cliAddr, File: "server.py", Line: 41, Dur: 3_000_000})
	r.add(trace.Event{Role: "client", Call: "close", KLocal: cliAddr, KPeer: srvAddr, File: "client.py", Line: 42})
	r.add(trace.Event{Role: "server", Call: "send", Args: "b'late'", Exc: "ConnectionResetError", Errno: 104, Msg: "[Errno 104] Connection reset by peer", KLocal: srvAddr, KPeer: cliAddr, File: "server.py", Line: 43})
	r.add(trace.Event{Role: "server", Kind: "end", Result: "1", Exc: "ConnectionResetError", Msg: "[Errno 104] Connection reset by peer"})
	r.add(trace.Event{Role: "client", Kind: "fault", Call: "lost", Args: "partition", Msg: "lost: tcp segment (6 bytes) to server",
		Proto: "tcp", KLocal: cliAddr, KPeer: srvAddr, N: 6, TCPSeq: 1, TCPFlags: "ACK"})
	root, _ := page(t, "notes", r.ev)
	note := func(class string) *node {
		found := root.byID("v-full").all(func(x *node) bool { return x.hasClass("note") && x.hasClass(class) })
		require.Len(t, found, 1, class)
		return found[0]
	}
	assert.Contains(t, note("refused").title(), "errno 111 (ECONNREFUSED)")
	assert.Contains(t, note("refused").title(), "client.py:40")
	assert.Contains(t, note("timeout").title(), "server.py:41")
	assert.Contains(t, note("error").title(), "errno 104 (ECONNRESET)")
	assert.Contains(t, note("bad").title(), "exit status 1")
	assert.Contains(t, note("fault").title(), "fault: lost: tcp segment (6 bytes) to server (partition)")
	rst := arrows(root, "full", "rst", true)
	require.Len(t, rst, 1, "the close reset the server's send")
	assert.Contains(t, rst[0].title(), "client.py:42")
	assert.Contains(t, rst[0].title(), "server.py:43")
	// Three seconds of nothing are cut short.
	cuts := root.all(func(x *node) bool { return x.hasClass("cut") })
	require.Len(t, cuts, 1)
	assert.Contains(t, cuts[0].title(), "3.00 s")
	h, err := strconv.ParseFloat(root.byID("v-full").attr("height"), 64)
	require.NoError(t, err)
	assert.Less(t, h, 800.0)
}

// Text from scripts is escaped, whatever it holds.
func TestHTMLEscapes(t *testing.T) {
	nasty := "</title></svg><script>alert(1)</script>]]> & \"q\" 'a' \x00\x1b\xff end"
	r := phone()
	r.ev = r.ev[:6]
	r.send("client", cliAddr, srvAddr, nasty, 6)
	r.recv("server", srvAddr, cliAddr, nasty, 7)
	r.add(trace.Event{Role: "server", Kind: "print", Msg: nasty})
	r.add(trace.Event{Role: "<b>x</b>", Kind: "start", Args: nasty})
	root, text := page(t, nasty, r.ev)
	scripts := root.all(func(x *node) bool { return x.XMLName.Local == "script" })
	assert.Len(t, scripts, 1, "only the page's own script")
	assert.NotContains(t, text, "<script>alert")
	assert.NotContains(t, text, "\x00")
	data := arrows(root, "full", "data", true)
	require.Len(t, data, 1)
	assert.Contains(t, data[0].title(), `text: b'</title></svg><script>alert(1)</script>]]> & "q" \'a\' \x00\x1b\xff end'`)
	assert.Contains(t, data[0].title(), "\nhex:  3c 2f 74")
	ls := lanes(root, "full")
	require.Len(t, ls, 3)
	assert.Equal(t, "<b>x</b>", ls[2].attr("data-role"))
}

// fifty is a server that serves fifty clients one after the other.
func fifty() *run {
	r := &run{}
	r.start("server")
	r.add(trace.Event{Role: "server", Call: "listen", Args: "5", KLocal: srvAddr, File: "server.py", Line: 7})
	r.start("client")
	for k := 0; k < 50; k++ {
		cli := fmt.Sprintf("127.0.0.1:%d", 40000+k)
		r.add(trace.Event{Role: "client", Call: "connect", Args: "('127.0.0.1', 8080)", KLocal: cli, KPeer: srvAddr, File: "client.py", Line: 4})
		r.add(trace.Event{Role: "server", Call: "accept", KLocal: srvAddr, KPeer: cli, File: "server.py", Line: 8})
		msg := fmt.Sprintf("client %d", k)
		r.send("client", cli, srvAddr, msg, 6)
		r.recv("server", srvAddr, cli, msg, 12)
		r.add(trace.Event{Role: "server", Kind: "print", Msg: "got " + msg, File: "server.py", Line: 13})
		r.send("server", srvAddr, cli, strings.ToUpper(msg), 14)
		r.recv("client", cli, srvAddr, strings.ToUpper(msg), 7)
		r.add(trace.Event{Role: "server", Call: "close", KLocal: srvAddr, KPeer: cli, File: "server.py", Line: 15})
		r.recv("client", cli, srvAddr, "", 8)
		r.add(trace.Event{Role: "client", Call: "close", KLocal: cli, KPeer: srvAddr, File: "client.py", Line: 9})
	}
	r.end("server")
	r.end("client")
	return r
}

func TestHTMLFoldsRepeatedConnections(t *testing.T) {
	root, _ := page(t, "fifty", fifty().ev)
	assert.Len(t, arrows(root, "full", "data", true), 100, "the full diagram has them all")
	folded := arrows(root, "folded", "data", true)
	assert.Len(t, folded, 6, "the first two and the last, both ways")
	bands := root.byID("v-folded").all(func(x *node) bool { return x.hasClass("band") })
	require.Len(t, bands, 1)
	assert.Equal(t, "47", bands[0].attr("data-connections"))
	assert.Equal(t, "94", bands[0].attr("data-messages"))
	assert.Contains(t, bands[0].title(), "47 connections like #2")
	assert.Len(t, lanes(root, "folded"), 2)
	fh, _ := strconv.ParseFloat(root.byID("v-folded").attr("height"), 64)
	uh, _ := strconv.ParseFloat(root.byID("v-full").attr("height"), 64)
	assert.Less(t, fh*5, uh, "folded, it is much shorter")
	// The EOF each client reads is the server's close.
	fins := arrows(root, "full", "fin", true)
	assert.Len(t, fins, 100)
	assert.Len(t, root.byID("v-full").all(func(x *node) bool { return x.hasClass("fin") && x.attr("data-to") != "" }), 50)
}

func TestHTMLDeterministic(t *testing.T) {
	for _, r := range []*run{phone(), fifty()} {
		_, a := page(t, "x", r.ev)
		_, b := page(t, "x", r.ev)
		assert.Equal(t, a, b)
	}
}

// A run that made no socket call still draws: its lifelines and prints.
func TestHTMLWithoutSockets(t *testing.T) {
	root, _ := page(t, "empty", nil)
	assert.Empty(t, lanes(root, "full"))
	r := &run{}
	r.start("hello")
	r.add(trace.Event{Role: "hello", Kind: "print", Msg: "hi", File: "hello.py", Line: 1})
	r.end("hello")
	root, _ = page(t, "hello", r.ev)
	assert.Len(t, lanes(root, "full"), 1)
	prints := root.all(func(x *node) bool { return x.hasClass("note") && x.hasClass("print") })
	require.Len(t, prints, 1)
	assert.Contains(t, prints[0].title(), "hello.py:1")
}
