package pcapng_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/trace"
	"sockstar/scenario"
	"sockstar/stdlib"
)

// Captures of real runs: the scenarios' own programs on real sockets.

// record runs a scenario directory, or a script as a scenario of one role.
func record(t *testing.T, target string) []trace.Event {
	t.Helper()
	var scs []*scenario.Scenario
	if fi, err := os.Stat(target); err == nil && fi.IsDir() {
		scs, err = scenario.Load(target)
		require.NoError(t, err)
	} else {
		scs = []*scenario.Scenario{scenario.FromFiles([]string{target})}
	}
	require.NotEmpty(t, scs)
	// A file with several scenarios: its first one.
	// Every byte, as --pcap keeps them.
	res := scenario.Run(context.Background(), scs[0], scenario.Options{Modules: stdlib.Modules(), Record: true, DataCap: 1 << 30})
	require.NoError(t, res.Err)
	scenario.Check(res, false)
	require.False(t, res.Failed(), scenario.Report(res))
	return res.Events
}

var tuple = regexp.MustCompile(`^\('([^']*)', (\d+)`)

func scriptAddr(t *testing.T, repr string) netip.AddrPort {
	m := tuple.FindStringSubmatch(repr)
	require.NotNil(t, m, "address %q", repr)
	port, _ := strconv.Atoi(m[2])
	return netip.AddrPortFrom(netip.MustParseAddr(m[1]), uint16(port))
}

// sent is what the scripts sent over TCP, per direction, as the trace has it.
func sent(t *testing.T, events []trace.Event) map[[2]netip.AddrPort][]byte {
	out := map[[2]netip.AddrPort][]byte{}
	for _, e := range events {
		if e.Kind == "call" && e.Proto == "tcp" && (e.Call == "send" || e.Call == "sendall") && e.Exc == "" {
			require.False(t, e.Trunc)
			k := [2]netip.AddrPort{scriptAddr(t, e.Local), scriptAddr(t, e.Peer)}
			out[k] = append(out[k], e.Data...)
		}
	}
	return out
}

const phone = "../../../scenarios/s1-phone"

func TestPhoneScenario(t *testing.T) {
	events := record(t, phone)
	section, pkts := decode(t, write(t, phone, events))
	assert.Contains(t, section.Comment, phone)
	require.GreaterOrEqual(t, len(pkts), 9)
	assert.Equal(t, []string{"SYN", "SYN,ACK", "ACK"}, flagList(pkts[:3]))
	assert.Equal(t, sent(t, events), streams(pkts))
	client, server := netip.MustParseAddrPort("127.0.0.1:32768"), netip.MustParseAddrPort("127.0.0.1:8080")
	assert.Equal(t, "hello", string(streams(pkts)[[2]netip.AddrPort{client, server}]))
	var fins []string
	for _, p := range pkts {
		assert.False(t, p.tcp.RST, p.comment)
		if p.tcp.FIN {
			fins = append(fins, p.comment)
		}
		assert.Regexp(t, `^(client|server): `, p.comment)
	}
	require.Len(t, fins, 2)
	assert.ElementsMatch(t, []string{"client: close() at client.star:9", "server: close() at server.star:15"}, fins)
	assert.Equal(t, "client: send(b'hello') at client.star:6", pkts[3].comment)
}

func TestUDPScenario(t *testing.T) {
	const dir = "../../../scenarios/s2-udp-time"
	events := record(t, dir)
	_, pkts := decode(t, write(t, dir, events))
	// What each end sent (the events are in the order the calls returned,
	// the packets in the order they started).
	want := map[netip.AddrPort]string{}
	for _, e := range events {
		if e.Kind == "call" && e.Proto == "udp" && e.Call == "sendto" {
			want[scriptAddr(t, e.Local)] = string(e.Data)
		}
	}
	require.Len(t, pkts, 2)
	require.Len(t, want, 2)
	for _, p := range pkts {
		require.NotNil(t, p.udp)
		assert.Equal(t, want[p.src], string(p.payload()))
	}
	assert.Equal(t, pkts[0].src, pkts[1].dst)
	assert.Equal(t, uint16(12345), pkts[0].dst.Port(), "the client asks first")
}

func TestRefusedScript(t *testing.T) {
	events := record(t, "testdata/refused.py")
	_, pkts := decode(t, write(t, "refused.py", events))
	require.Equal(t, []string{"SYN", "RST,ACK", "SYN", "RST,ACK"}, flagList(pkts))
	assert.Regexp(t, `^refused: connect\(\('127.0.0.1', \d+\)\) at .*refused.py:11$`, pkts[0].comment)
	assert.Regexp(t, `^refused: connect_ex\(`, pkts[2].comment)
	assert.Equal(t, pkts[0].dst, pkts[1].src)
}

const fileTransfer = "../../../scenarios/corpus/file_transfer.py"

// 256 000 bytes sent in chunks of 4096: segments of at most the MSS, all
// of it there, in order.
func TestFileTransfer(t *testing.T) {
	events := record(t, fileTransfer)
	_, pkts := decode(t, write(t, fileTransfer, events))
	var fins []string
	for _, p := range pkts {
		assert.LessOrEqual(t, len(p.payload()), 1460)
		assert.False(t, p.tcp.RST, p.comment)
		if p.tcp.FIN {
			fins = append(fins, p.comment)
		}
	}
	// Both ends close at the end of a with statement.
	assert.Len(t, fins, 2)
	for _, c := range fins {
		assert.Regexp(t, `: close\(\) at .*file_transfer.py:\d+$`, c)
	}
	want := sent(t, events)
	require.Len(t, want, 2)
	assert.Equal(t, want, streams(pkts))
}

// tshark, where it is installed, opens the captures with no warning and
// gives back what each side sent.
func TestTshark(t *testing.T) {
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark is not installed (apt-get install tshark): the captures are checked with gopacket only")
	}
	targets := []string{fileTransfer, "../../../scenarios/corpus/half_close.py"}
	// And every scenario of the catalog.
	dirs, err := filepath.Glob("../../../scenarios/*/scenario.star")
	require.NoError(t, err)
	for _, d := range dirs {
		targets = append(targets, filepath.Dir(d))
	}
	for _, target := range targets {
		t.Run(filepath.Base(target), func(t *testing.T) {
			events := record(t, target)
			path := filepath.Join(t.TempDir(), "run.pcapng")
			require.NoError(t, os.WriteFile(path, write(t, target, events), 0o644))

			// Expert info with every checksum checked: no warning, no error.
			expert := runTshark(t, tshark, "-r", path, "-q", "-z", "expert",
				"-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE")
			assert.NotRegexp(t, `(?m)^Errors \(`, expert)
			// The only warnings are the resets the programs really cause (s1-api's refused connect).
			for _, line := range warnings(expert) {
				if !strings.Contains(line, "Connection reset (RST)") {
					t.Errorf("tshark warns: %s", line)
				}
			}

			want := sent(t, events)
			got := map[[2]netip.AddrPort][]byte{}
			streams := strings.Fields(runTshark(t, tshark, "-r", path, "-T", "fields", "-e", "tcp.stream"))
			for _, n := range uniq(streams) {
				for k, v := range followRaw(t, runTshark(t, tshark, "-r", path, "-q", "-z", "follow,tcp,raw,"+n)) {
					got[k] = append(got[k], v...)
				}
			}
			assert.Equal(t, want, got)
		})
	}
	t.Run("ascii", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "phone.pcapng")
		require.NoError(t, os.WriteFile(path, write(t, phone, record(t, phone)), 0o644))
		out := runTshark(t, tshark, "-r", path, "-q", "-z", "follow,tcp,ascii,0")
		assert.Contains(t, out, "Node 0: 127.0.0.1:32768\nNode 1: 127.0.0.1:8080\n5\nhello\n\t5\nHELLO\n====")
	})
}

func runTshark(t *testing.T, tshark string, args ...string) string {
	t.Helper()
	cmd := exec.Command(tshark, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	return string(out)
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// followRaw reads `tshark -z follow,tcp,raw,N`: the two nodes, then the
// data as hex, a line per segment, the second node's indented by a tab.
func followRaw(t *testing.T, out string) map[[2]netip.AddrPort][]byte {
	t.Helper()
	var nodes [2]netip.AddrPort
	got := map[[2]netip.AddrPort][]byte{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "Node 0: "):
			nodes[0] = netip.MustParseAddrPort(strings.TrimPrefix(line, "Node 0: "))
		case strings.HasPrefix(line, "Node 1: "):
			nodes[1] = netip.MustParseAddrPort(strings.TrimPrefix(line, "Node 1: "))
		case nodes[1].IsValid() && line != "" && !strings.HasPrefix(line, "==="):
			from := 0
			if strings.HasPrefix(line, "\t") {
				from = 1
			}
			b, err := hex.DecodeString(strings.TrimPrefix(line, "\t"))
			require.NoError(t, err, line)
			k := [2]netip.AddrPort{nodes[from], nodes[1-from]}
			got[k] = append(got[k], b...)
		}
	}
	return got
}

// warnings are the entries of the Warns section of tshark's expert report.
func warnings(expert string) []string {
	var out []string
	in := false
	for _, line := range strings.Split(expert, "\n") {
		switch {
		case strings.HasPrefix(line, "Warns ("):
			in = true
		case in && strings.TrimSpace(line) == "":
			in = false
		case in && !strings.HasPrefix(line, "=") && !strings.Contains(line, "Frequency"):
			out = append(out, strings.TrimSpace(line))
		}
	}
	return out
}

const lossy = "testdata/lossy"

// recordSim runs a scenario on the simulated network with seed.
func recordSim(t *testing.T, dir string, seed uint64) []trace.Event {
	t.Helper()
	scs, err := scenario.Load(dir)
	require.NoError(t, err)
	res := scenario.Run(context.Background(), scs[0], scenario.Options{Modules: stdlib.Modules(), Record: true, DataCap: 1 << 30, Sim: true, Seed: seed})
	require.NoError(t, res.Err)
	scenario.Check(res, false)
	require.False(t, res.Failed(), scenario.Report(res))
	return res.Events
}

// countFaults counts the fault events of a protocol and kind, with data.
func countFaults(events []trace.Event, proto, what string) int {
	n := 0
	for _, e := range events {
		if e.Kind == "fault" && e.Proto == proto && e.Call == what && (proto == "udp" || e.N > 0) {
			n++
		}
	}
	return n
}

// A simulated run over a link that loses a third of the packets and
// copies a third of the datagrams (seed 1 does all of it): each lost
// packet is in the capture, commented, each retransmission too, and the
// streams are whole once the copies are left out.
func TestSimulatedLoss(t *testing.T) {
	events := recordSim(t, lossy, 1)
	capture := write(t, lossy, events)
	_, pkts := decode(t, capture) // checkStreams: what is sent again is what was sent
	count := func(proto, substr string) int {
		n := 0
		for _, p := range pkts {
			if (p.tcp != nil) == (proto == "tcp") && strings.Contains(p.comment, substr) {
				n++
			}
		}
		return n
	}
	require.Positive(t, countFaults(events, "tcp", "retransmitted"), "seed 1 loses TCP segments")
	assert.Equal(t, countFaults(events, "tcp", "retransmitted"), count("tcp", ": it got through after "))
	// A segment's first loss is on the packet the send made (maybe cut in
	// two where the network's segment ended), each later one on a copy.
	segments := map[[3]string]bool{}
	for _, e := range events {
		if e.Kind == "fault" && e.Proto == "tcp" && e.Call == "lost" && e.N > 0 {
			segments[[3]string{e.KLocal, strconv.FormatInt(e.TCPSeq, 10), strconv.Itoa(e.N)}] = true
		}
	}
	assert.Equal(t, countFaults(events, "tcp", "lost")-len(segments), count("tcp", " again (retransmission ")-count("tcp", ": it got through after "))
	firstLost := 0
	for _, p := range pkts {
		if p.tcp != nil && strings.Contains(p.comment, "[dropped by") && !strings.Contains(p.comment, " again (retransmission ") {
			firstLost++
		}
	}
	assert.GreaterOrEqual(t, firstLost, len(segments))
	assert.Positive(t, count("tcp", "[dropped by the simulated link (loss)]"))
	require.Positive(t, countFaults(events, "udp", "lost"))
	require.Positive(t, countFaults(events, "udp", "duplicated"))
	assert.Equal(t, countFaults(events, "udp", "lost"), count("udp", "[dropped by the simulated link (loss)]"))
	assert.Equal(t, countFaults(events, "udp", "duplicated"), count("udp", "[a copy the simulated link made (duplicate)]"))

	var first []pkt // each byte once: no copy sent again
	for _, p := range pkts {
		if p.tcp != nil && !strings.Contains(p.comment, " again (retransmission ") {
			first = append(first, p)
		}
	}
	want := sent(t, events)
	require.Len(t, want, 2)
	assert.Equal(t, want, streams(first))

	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark is not installed (apt-get install tshark): the capture is checked with gopacket only")
	}
	path := filepath.Join(t.TempDir(), "lossy.pcapng")
	require.NoError(t, os.WriteFile(path, capture, 0o644))
	// Wireshark's own analysis flags the copies, and only them.
	flagged := strings.Split(strings.TrimSpace(runTshark(t, tshark, "-r", path, "-Y", "tcp.analysis.retransmission", "-T", "fields", "-e", "frame.comment")), "\n")
	assert.Len(t, flagged, count("tcp", " again (retransmission "))
	for _, c := range flagged {
		assert.Contains(t, c, " again (retransmission ")
	}
	dropped := strings.Fields(runTshark(t, tshark, "-r", path, "-Y", `frame.comment contains "dropped by the simulated link"`, "-T", "fields", "-e", "frame.number"))
	assert.Len(t, dropped, count("tcp", "dropped by the simulated link")+count("udp", "dropped by the simulated link"))
	expert := runTshark(t, tshark, "-r", path, "-q", "-z", "expert", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE")
	assert.NotRegexp(t, `(?m)^Errors \(`, expert)
	assert.Empty(t, warnings(expert))
	// Reassembled, each stream is what was sent, once.
	got := map[[2]netip.AddrPort][]byte{}
	for k, v := range followRaw(t, runTshark(t, tshark, "-r", path, "-q", "-z", "follow,tcp,raw,0")) {
		got[k] = append(got[k], v...)
	}
	assert.Equal(t, want, got)
}
