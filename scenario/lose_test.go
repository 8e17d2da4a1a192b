package scenario

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/stdlib"
)

// The client sends with sendto and with send on a connected socket; the
// server prints what arrives, then answers twice.
const loseServer = `import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.168.1.1", 7100))
while True:
    data, addr = s.recvfrom(100)
    print(data)
    if data == b"end":
        break
s.sendto(b"bye 1", addr)
s.sendto(b"bye 2", addr)
`

const loseClient = `import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for m in [b"a 1", b"lose me 1", b"a 2", b"lose me 2"]:
    print(s.sendto(m, ("192.168.1.1", 7100)))
s.connect(("192.168.1.1", 7100))
for m in [b"lose me 3", b"a 3", b"end"]:
    print(s.send(m))
print(s.recv(100))
`

// on(sent(role, contains=...), lose(times=N)) loses exactly the first N
// datagrams the role sends with those bytes (sendto or send), each
// fault in turn, and nobody is told: the same on the kernel's network as
// under --sim, and the trace notes each loss on the sender's lifeline.
func TestLoseOnSent(t *testing.T) {
	dir := linkDir(t, map[string]string{"server.py": loseServer, "client.py": loseClient, "scenario.star": `
scenario(
    roles = [role("server", "server.py", host = "192.168.1.1"), role("client", "client.py", host = "192.168.1.2", after = ["server"])],
    faults = [
        on(sent("client", contains = b"lose me"), lose(times = 2)),
        on(sent("client", contains = b"me 3"), lose()),
        on(sent("server", contains = b"bye"), lose()),
    ],
)`})
	scs, err := Load(dir)
	require.NoError(t, err)
	for _, sim := range []bool{false, true} {
		res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Sim: sim, Seed: 1, Record: true})
		require.NoError(t, res.Err)
		assert.Equal(t, "3\n9\n3\n9\n9\n3\n3\nb'bye 2'\n", res.Role("client").Stdout, "sim %v: %s", sim, Report(res))
		assert.Equal(t, "b'a 1'\nb'a 2'\nb'a 3'\nb'end'\n", res.Role("server").Stdout, "sim %v: %s", sim, Report(res))
		var faults []string
		for _, e := range res.Events {
			if e.Kind == "fault" {
				faults = append(faults, e.Role+": "+e.Msg+" ("+e.Args+")")
			}
		}
		assert.Equal(t, []string{
			`client: lost: datagram (9 bytes) to server (lose() on client's send of "lose me")`,
			`client: lost: datagram (9 bytes) to server (lose() on client's send of "lose me")`,
			`client: lost: datagram (9 bytes) to server (lose() on client's send of "me 3")`,
			`server: lost: datagram (5 bytes) to client (lose() on server's send of "bye")`,
		}, faults, "sim %v", sim)
	}
}

// Roles that share a host: the loss is on the sender's lifeline, and
// names where the datagram went, on both networks.
func TestLoseOnASharedHost(t *testing.T) {
	local := func(text string) string { return strings.ReplaceAll(text, "192.168.1.1", "127.0.0.1") }
	dir := linkDir(t, map[string]string{"server.py": local(loseServer), "client.py": local(loseClient), "scenario.star": `
scenario(
    roles = [role("server", "server.py"), role("client", "client.py", after = ["server"])],
    faults = [on(sent("client", contains = b"a 2"), lose())],
)`})
	scs, err := Load(dir)
	require.NoError(t, err)
	for _, sim := range []bool{false, true} {
		res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Sim: sim, Seed: 1, Record: true})
		require.NoError(t, res.Err)
		assert.Equal(t, "b'a 1'\nb'lose me 1'\nb'lose me 2'\nb'lose me 3'\nb'a 3'\nb'end'\n", res.Role("server").Stdout, "sim %v: %s", sim, Report(res))
		var faults []string
		for _, e := range res.Events {
			if e.Kind == "fault" {
				faults = append(faults, e.Role+": "+e.Msg)
			}
		}
		assert.Equal(t, []string{"client: lost: datagram (3 bytes) to 127.0.0.1:7100"}, faults, "sim %v", sim)
	}
}

// lose() is written inside on(sent(...)), with a count of 1 or more; on
// the command line, lose ROLE contains=BYTES [times=N].
func TestLoseMistakesAndFlag(t *testing.T) {
	for _, c := range []struct{ faults, want string }{
		{`faults = [lose()]`, `scenario.star:1: lose() goes inside on(sent(role, contains=b"..."), lose())`},
		{`faults = [at("2s", lose())]`, `scenario.star:1: lose() goes inside on(sent(role, contains=b"..."), lose())`},
		{`faults = [on(sent("client", contains = b"x"), lose(times = 0))]`, `lose: times must be 1 or more datagrams, not 0`},
		{`faults = [on(connect("client", "server"), lose())]`, `on(connect(...), ...) takes refuse(), not lose(...)`},
		{`faults = [on(sent("nobody", contains = b"x"), lose())]`, `scenario.star:1: lose names "nobody", which is neither a role (server, client) nor a role's host`},
	} {
		_, err := Load(faultDir(t, c.faults))
		require.Error(t, err, c.faults)
		assert.Contains(t, err.Error(), c.want)
	}

	f, err := ParseFault(`lose client contains="ping 3" times=2`)
	require.NoError(t, err)
	assert.Equal(t, "lose", f.Kind)
	assert.Equal(t, 2, f.Times)
	assert.Equal(t, &Trigger{Kind: "sent", Role: "client", Contains: "ping 3"}, f.On)
	f, err = ParseFault(`lose server contains=PONG`)
	require.NoError(t, err)
	assert.Equal(t, 1, f.Times)
	assert.Equal(t, "PONG", f.On.Contains)
	for spec, want := range map[string]string{
		`lose client`:                        "lose takes one role and the bytes its lost datagrams carry",
		`lose client contains=x times=0`:     "times must be 1 or more datagrams, not 0",
		`lose client contains=x at=2s`:       "give it without at=",
		`lose client contains="x`:            `is not a quoted string`,
		`partition client server contains=x`: "contains= is lose's setting",
	} {
		_, err := ParseFault(spec)
		require.Error(t, err, spec)
		assert.Contains(t, err.Error(), want, spec)
	}
}
