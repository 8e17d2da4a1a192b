//go:build linux

package scenario

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/stdlib"
)

// A role's raw socket (allow = ["raw"]) reaches the run's hosts and only
// them: a datagram with its own IP header (IP_HDRINCL) written in virtual
// addresses reaches the other role's UDP socket, its checksum still right;
// an ICMP echo to the other host is answered from its virtual address; a
// packet to an address off the LAN, or to a port no socket of the run has,
// is refused before anything is sent; packet and raw IPv6 sockets, which
// the mapping cannot follow, are refused.
func TestRawSocketsReachOnlyTheRun(t *testing.T) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_RAW, syscall.IPPROTO_ICMP)
	if err != nil {
		t.Skipf("raw sockets need CAP_NET_RAW: %v", err)
	}
	syscall.Close(fd)

	dir := t.TempDir()
	for name, text := range map[string]string{
		"receiver.py": `import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("0.0.0.0", 5005))
data, addr = u.recvfrom(100)
print(data, addr)
`,
		"sender.py": `import socket, struct

def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

def ip(src, dst, proto, payload):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0, 64, proto, 0,
                    socket.inet_aton(src), socket.inet_aton(dst))
    return h + payload

def udp(src, dst, sport, dport, data):
    n = 8 + len(data)
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 17, n)
    c = csum(pseudo + struct.pack("!HHHH", sport, dport, n, 0) + data)
    return struct.pack("!HHHH", sport, dport, n, c) + data

def try_send(what, s, pkt, addr):
    try:
        s.sendto(pkt, addr)
        print(what, "sent")
    except PermissionError as e:
        print(what, "refused", e.errno, e.strerror)

r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
r.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
try_send("off the LAN", r, ip("192.168.1.1", "10.0.0.1", 17, udp("192.168.1.1", "10.0.0.1", 4000, 5005, b"out")), ("192.168.1.2", 0))
try_send("unbound port", r, ip("192.168.1.1", "192.168.1.2", 17, udp("192.168.1.1", "192.168.1.2", 4000, 9, b"nobody")), ("192.168.1.2", 0))

icmp = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
echo = struct.pack("!BBHHH", 8, 0, 0, 0x5353, 1) + b"ping"
echo = echo[:2] + struct.pack("!H", csum(echo)) + echo[4:]
try_send("echo off the LAN", icmp, echo, ("10.0.0.1", 0))
c = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
c.connect(("10.0.0.1", 0))
try:
    c.send(echo)
    print("connected send sent")
except PermissionError as e:
    print("connected send refused", e.errno)
icmp.sendto(echo, ("192.168.1.2", 0))
while True:
    reply, addr = icmp.recvfrom(200)
    ihl = (reply[0] & 15) * 4
    kind, _, _, ident = struct.unpack("!BBHH", reply[ihl:ihl + 6])
    if kind == 0 and ident == 0x5353:
        print("echo reply from", addr[0], "header", socket.inet_ntoa(reply[12:16]), "to", socket.inet_ntoa(reply[16:20]), csum(reply[:ihl]))
        break

for family, kind in [(socket.AF_PACKET, socket.SOCK_RAW), (socket.AF_INET6, socket.SOCK_RAW)]:
    try:
        socket.socket(family, kind, 0 if family == socket.AF_PACKET else socket.IPPROTO_ICMPV6)
        print(family, "opened")
    except PermissionError as e:
        print(family, "refused", e.errno)

r.sendto(ip("192.168.1.1", "192.168.1.2", 17, udp("192.168.1.1", "192.168.1.2", 4000, 5005, b"raw hello")), ("192.168.1.2", 0))
`,
		"scenario.star": `scenario(allow = ["raw"], roles = [
    role("receiver", "receiver.py", host = "192.168.1.2", daemon = True),
    role("sender", "sender.py", host = "192.168.1.1")])`,
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	scs, err := Load(dir)
	require.NoError(t, err)
	var outside []string
	opts := Options{Modules: stdlib.Modules()}
	opts.observe = func(sa syscall.Sockaddr) {
		if a, ok := sa.(*syscall.SockaddrInet4); ok && a.Addr[0] != 127 {
			outside = append(outside, "off loopback")
		}
	}
	res := Run(context.Background(), scs[0], opts)
	require.NoError(t, res.Err, Report(res))
	assert.Equal(t, `off the LAN refused 1 Operation not permitted: a raw packet to 10.0.0.1 reaches no host of the scenario
unbound port refused 1 Operation not permitted: a raw packet to 192.168.1.2 port 9 reaches no socket of the scenario
echo off the LAN refused 1 Operation not permitted: a raw packet to 10.0.0.1 reaches no host of the scenario
connected send refused 1
echo reply from 192.168.1.2 header 192.168.1.2 to 192.168.1.1 0
17 refused 1
10 refused 1
`, res.Role("sender").Stdout, Report(res))
	assert.Equal(t, "b'raw hello' ('192.168.1.1', 4000)\n", res.Role("receiver").Stdout, Report(res))
	assert.Empty(t, outside)
}
