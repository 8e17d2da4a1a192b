package trace_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/trace"
	"sockstar/scenario"
	"sockstar/stdlib"
)

// record runs a scenario in-process and returns what it did.
func record(t *testing.T, sc *scenario.Scenario) []trace.Event {
	t.Helper()
	res := scenario.Run(context.Background(), sc, scenario.Options{Modules: stdlib.Modules(), Record: true})
	require.NoError(t, res.Err)
	if res.Skipped != "" {
		t.Skip(res.Skipped)
	}
	require.False(t, res.TimedOut, "%s", scenario.Report(res))
	return res.Events
}

func isSendCall(c string) bool { return c == "send" || c == "sendall" || c == "sendto" }
func isRecvCall(c string) bool { return c == "recv" || c == "recvfrom" }

func port(addr string) string { return addr[strings.LastIndexByte(addr, ':')+1:] }

// reached counts, without the renderer's help, the messages a role of the
// run got: a stream send whose first byte some recv of the other end read
// (the ends found by their kernel addresses), and each datagram received
// that a role of the run sent.
func reached(events []trace.Event) int {
	// A socket whose peer has gone lacks the peer's address: the last one
	// its descriptor had stands in.
	events = append([]trace.Event(nil), events...)
	type fd struct {
		role string
		n    int
	}
	peer := map[fd]string{}
	for i := range events {
		e := &events[i]
		if e.Kind != "call" || e.Proto == "udp" || e.FD <= 0 {
			continue
		}
		if e.KPeer == "" {
			e.KPeer = peer[fd{e.Role, e.FD}]
		}
		peer[fd{e.Role, e.FD}] = e.KPeer
		if e.Call == "close" {
			delete(peer, fd{e.Role, e.FD})
		}
	}
	type end struct{ local, peer string }
	read := map[end]int{}
	for _, e := range events {
		if e.Kind == "call" && e.Proto != "udp" && isRecvCall(e.Call) && e.Exc == "" {
			read[end{e.KLocal, e.KPeer}] += e.N
		}
	}
	sent := map[end]int{}
	n := 0
	for _, e := range events {
		if e.Kind != "call" || e.Exc != "" || e.KLocal == "" || e.KPeer == "" {
			continue
		}
		switch {
		case e.Proto != "udp" && isSendCall(e.Call) && e.N > 0:
			k := end{e.KLocal, e.KPeer}
			if sent[k] < read[end{e.KPeer, e.KLocal}] {
				n++
			}
			sent[k] += e.N
		case e.Proto == "udp" && isRecvCall(e.Call):
			for _, s := range events {
				if s.Proto == "udp" && isSendCall(s.Call) && s.Exc == "" && port(s.KLocal) == port(e.KPeer) && string(s.Data) == string(e.Data) {
					n++
					break
				}
			}
		}
	}
	return n
}

// checkPage checks the properties every diagram has: one lifeline per role,
// one arrow per message a role got, each naming the script lines that sent
// and got it.
func checkPage(t *testing.T, root *node, events []trace.Event) {
	t.Helper()
	bySeq := map[string]*trace.Event{}
	roles := map[string]bool{}
	for i := range events {
		bySeq[strconv.Itoa(events[i].Seq)] = &events[i]
		roles[events[i].Role] = true
	}
	own := map[string]int{}
	for _, l := range lanes(root, "full") {
		assert.True(t, roles[l.attr("data-role")], "a lane of no role: %q", l.attr("data-role"))
		if l.attr("data-thread") == "" {
			own[l.attr("data-role")]++
		}
	}
	for r := range roles {
		assert.Equal(t, 1, own[r], "one lifeline for role %s", r)
	}
	got := append(arrows(root, "full", "data", true), arrows(root, "full", "dgram", true)...)
	assert.Len(t, got, reached(events), "an arrow per message that reached a role")
	for _, g := range got {
		for _, at := range []string{"data-from", "data-to"} {
			e := bySeq[g.attr(at)]
			require.NotNil(t, e, "%s=%q names no event", at, g.attr(at))
			if e.File != "" {
				assert.Contains(t, g.title(), fmt.Sprintf("%s:%d", filepath.Base(e.File), e.Line))
			}
		}
	}
}

// TestHTMLScenarios draws every scenario of the catalog.
func TestHTMLScenarios(t *testing.T) {
	dirs, err := scenario.Find([]string{"../../scenarios"})
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, dir := range dirs {
		scs, err := scenario.Load(dir)
		require.NoError(t, err)
		for _, sc := range scs {
			t.Run(sc.Name, func(t *testing.T) {
				t.Parallel()
				events := record(t, sc)
				root, _ := page(t, sc.Name, events)
				checkPage(t, root, events)
			})
		}
	}
}

// clients runs a scenario of the catalog with n clients.
func clients(t *testing.T, dir string, port string, n int) []trace.Event {
	scs, err := scenario.Load(filepath.Join("../../scenarios", dir))
	require.NoError(t, err)
	sc := scs[0]
	for _, r := range sc.Roles {
		r.Args = []string{port, strconv.Itoa(n)}
	}
	return record(t, sc)
}

// checkFolded checks a diagram of many alike connections: the folded view
// keeps a few lanes and a band for the others; the full one has them all.
func checkFolded(t *testing.T, root *node, lanesAtMost, foldedAtLeast int) {
	t.Helper()
	require.NotNil(t, root.byID("v-folded"), "alike connections fold")
	assert.LessOrEqual(t, len(lanes(root, "folded")), lanesAtMost)
	bands := root.byID("v-folded").all(func(x *node) bool { return x.hasClass("band") })
	require.NotEmpty(t, bands)
	folded, messages := 0, 0
	for _, b := range bands {
		n, err := strconv.Atoi(b.attr("data-connections"))
		require.NoError(t, err)
		folded += n
		n, err = strconv.Atoi(b.attr("data-messages"))
		require.NoError(t, err)
		messages += n
	}
	assert.GreaterOrEqual(t, folded, foldedAtLeast)
	shown := len(arrows(root, "folded", "data", true))
	assert.Equal(t, len(arrows(root, "full", "data", true)), shown+messages, "what the bands hold and what they leave")
}

// A select() server with twelve clients at once, in the catalog's scripts.
// (Fifty at once overflow the scripts' listen(5) backlog: the kernel then
// drops connection requests and the clients retry seconds later.)
func TestHTMLManyClients(t *testing.T) {
	events := clients(t, "select-echo", "50008", 12)
	root, _ := page(t, "select-echo", events)
	checkPage(t, root, events)
	checkFolded(t, root, 2, 9)
}

// threads is a threaded server with fifty clients at once, each client a
// thread and each served by a thread.
func threads(n int) *run {
	r := &run{}
	r.start("server")
	r.add(trace.Event{Role: "server", Call: "listen", Args: "5", KLocal: srvAddr, File: "server.py", Line: 7})
	r.start("client")
	cli := func(k int) string { return fmt.Sprintf("127.0.0.1:%d", 40000+k) }
	thr := func(k int, what string) string { return fmt.Sprintf("Thread-%d (%s)", k+1, what) }
	for k := 0; k < n; k++ {
		r.add(trace.Event{Role: "client", Thread: thr(k, "client"), Call: "create_connection", Args: "('127.0.0.1', 8080)", KLocal: cli(k), KPeer: srvAddr, File: "client.py", Line: 4})
		r.add(trace.Event{Role: "server", Call: "accept", KLocal: srvAddr, KPeer: cli(k), File: "server.py", Line: 8})
	}
	for line := 0; line < 3; line++ {
		for k := 0; k < n; k++ {
			msg := fmt.Sprintf("client %d line %d", k, line)
			r.send("client", cli(k), srvAddr, msg, 6).Thread = thr(k, "client")
			r.recv("server", srvAddr, cli(k), msg, 12).Thread = thr(k, "handle")
			r.send("server", srvAddr, cli(k), strings.ToUpper(msg), 14).Thread = thr(k, "handle")
			r.recv("client", cli(k), srvAddr, strings.ToUpper(msg), 7).Thread = thr(k, "client")
		}
	}
	for k := 0; k < n; k++ {
		r.add(trace.Event{Role: "client", Thread: thr(k, "client"), Call: "close", KLocal: cli(k), KPeer: srvAddr, File: "client.py", Line: 9})
		r.recv("server", srvAddr, cli(k), "", 12).Thread = thr(k, "handle")
		r.add(trace.Event{Role: "server", Thread: thr(k, "handle"), Call: "close", KLocal: srvAddr, KPeer: cli(k), File: "server.py", Line: 15})
	}
	r.end("server")
	r.end("client")
	return r
}

func TestHTMLFiftyThreads(t *testing.T) {
	events := threads(50).ev
	root, _ := page(t, "threads", events)
	checkPage(t, root, events)
	assert.Len(t, lanes(root, "full"), 102, "each role, and each thread of each")
	// Each role's own lane, and a thread each side for three clients.
	checkFolded(t, root, 8, 47)
	// A thread's lane sits next to the lane it talks with.
	ls := lanes(root, "full")
	assert.Equal(t, "Thread-1 (handle)", ls[2].attr("data-thread"))
	assert.Equal(t, "Thread-1 (client)", ls[3].attr("data-thread"))
}
