package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/trace"
)

// tcpPackets reads a capture's TCP segments back with gopacket (the
// capture itself is checked in runtime/trace/pcapng).
func tcpPackets(t *testing.T, path string) []*layers.TCP {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	r, err := pcapgo.NewNgReader(f, pcapgo.DefaultNgReaderOptions)
	require.NoError(t, err)
	var out []*layers.TCP
	for {
		data, _, err := r.ReadPacketData()
		if err == io.EOF {
			return out
		}
		require.NoError(t, err)
		p := gopacket.NewPacket(data, r.LinkType(), gopacket.Default)
		require.Nil(t, p.ErrorLayer())
		if tcp, ok := p.Layer(layers.LayerTypeTCP).(*layers.TCP); ok {
			out = append(out, tcp)
		}
	}
}

func readEvents(t *testing.T, path string) []trace.Event {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []trace.Event
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 4<<20)
	for sc.Scan() {
		var e trace.Event
		require.NoError(t, json.Unmarshal(sc.Bytes(), &e))
		out = append(out, e)
	}
	return out
}

func TestRunPcapOfAScenario(t *testing.T) {
	out := filepath.Join(t.TempDir(), "phone.pcapng")
	r := sockstar(t, "", "run", "--pcap", out, "../../../scenarios/s1-phone")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "[client] server back res:<b'HELLO'>")
	pkts := tcpPackets(t, out)
	require.GreaterOrEqual(t, len(pkts), 9)
	assert.True(t, pkts[0].SYN && !pkts[0].ACK)
	var data []string
	for _, p := range pkts {
		if len(p.Payload) > 0 {
			data = append(data, string(p.Payload))
		}
	}
	assert.Equal(t, []string{"hello", "HELLO"}, data)
}

// With a capture asked for, the recorder keeps every byte: the trace
// written beside it too, and the capture carries them all.
func TestRunPcapKeepsAllData(t *testing.T) {
	dir := t.TempDir()
	out, events := filepath.Join(dir, "run.pcapng"), filepath.Join(dir, "run.jsonl")
	r := sockstar(t, "", "run", "--pcap="+out, "--trace", events, "../../../scenarios/corpus/file_transfer.py")
	require.Equal(t, 0, r.code, r.stderr)
	sent := 0
	for _, e := range readEvents(t, events) {
		if e.Proto == "tcp" && (e.Call == "send" || e.Call == "sendall") && e.Exc == "" {
			assert.False(t, e.Trunc)
			assert.Len(t, e.Data, e.N)
			sent += e.N
		}
	}
	assert.Greater(t, sent, 256000)
	carried := 0
	for _, p := range tcpPackets(t, out) {
		carried += len(p.Payload)
	}
	assert.Equal(t, sent, carried)
}

func TestRunPcapChecksBeforeRunning(t *testing.T) {
	r := sockstar(t, "", "run", "--pcap", filepath.Join(t.TempDir(), "no", "such", "dir.pcapng"), "hello.star")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "sockstar: error: cannot write the capture:")
	assert.Empty(t, r.stdout, "nothing ran")
	r = sockstar(t, "", "run", "--pcap")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--pcap needs a file: --pcap FILE.pcapng")
	r = sockstar(t, "", "run", "--trace", filepath.Join(t.TempDir(), "run.pcapng"), "hello.star")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "packets are written by --pcap FILE.pcapng")
}
