package trace_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/trace"
)

// A tiny run: a client connects to a server, sends, and the server reads.
func sample() []trace.Event {
	r := trace.New(8)
	srv := &trace.Source{R: r, Role: "server"}
	cli := &trace.Source{R: r, Role: "client"}
	srv.Add(trace.Event{Kind: "start", Thread: "MainThread", Args: "server.py"})
	srv.Add(trace.Event{Kind: "call", Thread: "MainThread", Call: "accept", Result: "(<socket fd=4>, ('10.0.0.2', 32768))",
		KLocal: "127.0.0.1:80", KPeer: "127.0.0.1:5000", File: "server.py", Line: 7})
	cli.Add(trace.Event{Kind: "call", Thread: "MainThread", Call: "connect", Args: "('10.0.0.1', 80)",
		KLocal: "127.0.0.1:5000", KPeer: "127.0.0.1:80", File: "client.py", Line: 3})
	cli.Add(trace.Event{Kind: "call", Thread: "MainThread", Call: "sendall", Data: []byte("hello, world\n"), N: 13,
		KLocal: "127.0.0.1:5000", KPeer: "127.0.0.1:80", File: "client.py", Line: 4})
	srv.Add(trace.Event{Kind: "call", Thread: "MainThread", Call: "recv", Args: "1024", Data: []byte("hello, w"), N: 8,
		KLocal: "127.0.0.1:80", KPeer: "127.0.0.1:5000", File: "server.py", Line: 8})
	srv.Add(trace.Event{Kind: "call", Thread: "MainThread", Call: "recv", Args: "1024", Exc: "ConnectionResetError",
		Errno: 104, Msg: "[Errno 104] Connection reset by peer", KLocal: "127.0.0.1:80", KPeer: "127.0.0.1:5000", File: "server.py", Line: 9})
	srv.Add(trace.Event{Kind: "end", Thread: "MainThread", Result: "1", Exc: "ConnectionResetError"})
	return r.Events()
}

func TestRecorderNumbersAndCaps(t *testing.T) {
	events := sample()
	for i, e := range events {
		assert.Equal(t, i+1, e.Seq)
	}
	send := events[3]
	assert.Equal(t, "hello, w", string(send.Data), "data is capped at the recorder's DataCap")
	assert.True(t, send.Trunc)
	assert.Equal(t, 13, send.N)
}

func TestText(t *testing.T) {
	var b strings.Builder
	require.NoError(t, trace.Text(&b, sample()))
	assert.Equal(t, `[server] start server.py
[server] accept() -> (<socket>, ('10.0.0.2', 32768))  server.py:7
[server] recv b'hello, w' (8 bytes) <- client  server.py:8
[server] recv(1024) raised ConnectionResetError: [Errno 104] Connection reset by peer  server.py:9
[server] end, exit status 1 (ConnectionResetError)
[client] connect(('10.0.0.1', 80)) to server  client.py:3
[client] sendall b'hello, w'... (13 bytes) -> server  client.py:4
`, b.String())
}

func TestMermaid(t *testing.T) {
	var b strings.Builder
	require.NoError(t, trace.Mermaid(&b, sample()))
	assert.Equal(t, `sequenceDiagram
    participant server
    participant client
    client->>server: connect
    client->>server: b'hello, w'... (13)
    Note over server: recv raised ConnectionResetError [Errno 104] Connection reset by peer
`, b.String())
}

func TestJSONLines(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, trace.JSONLines(&b, sample()))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, 7)
	var e trace.Event
	require.NoError(t, json.Unmarshal([]byte(lines[3]), &e))
	assert.Equal(t, "sendall", e.Call)
	assert.Equal(t, "hello, w", string(e.Data))
	assert.Equal(t, "client.py", e.File)
}

func TestCheckPath(t *testing.T) {
	assert.NoError(t, trace.CheckPath("run.txt"))
	err := trace.CheckPath("run.pdf")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown trace format ".pdf"`)
	assert.Contains(t, err.Error(), ".jsonl")
}
