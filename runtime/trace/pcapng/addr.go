package pcapng

import (
	"net/netip"
	"strconv"
	"strings"
)

// The events give addresses as Python prints them: ('host', port) for
// IPv4, ('host', port, flowinfo, scope_id) for IPv6. The kernel's (KLocal,
// KPeer) only tie the two ends together.

// parseTuple reads the address tuple at the start of s (an event's Local,
// Peer, or the Args of connect, which may go on after it).
func parseTuple(s string) (host string, port int, ok bool) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "(") || len(s) < 2 {
		return "", 0, false
	}
	q := s[1]
	if q != '\'' && q != '"' {
		return "", 0, false
	}
	end := strings.IndexByte(s[2:], q)
	if end < 0 {
		return "", 0, false
	}
	host, rest := s[2:2+end], s[3+end:]
	rest, ok = strings.CutPrefix(rest, ", ")
	if !ok {
		return "", 0, false
	}
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	port, err := strconv.Atoi(rest[:n])
	if err != nil || port > 65535 {
		return "", 0, false
	}
	return host, port, true
}

// hostAddr is a host as a script named it, made an address: a literal, or
// one of the names CPython knows without asking a resolver. v6 says the
// socket is AF_INET6, for "localhost".
func hostAddr(host string, v6 bool) (netip.Addr, bool) {
	switch host {
	case "localhost":
		if v6 {
			return netip.IPv6Loopback(), true
		}
		return netip.AddrFrom4([4]byte{127, 0, 0, 1}), true
	case "<broadcast>":
		return netip.AddrFrom4([4]byte{255, 255, 255, 255}), true
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.WithZone(""), true
}

// sockAddr is an event's address tuple as an address and port; ok only for
// a literal address and a port (0 is none yet).
func sockAddr(repr string) (netip.AddrPort, bool) {
	host, port, ok := parseTuple(repr)
	if !ok || port == 0 {
		return netip.AddrPort{}, false
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.AddrPort{}, false
	}
	return netip.AddrPortFrom(a.WithZone(""), uint16(port)), true
}

// specific is an address a packet can carry: not 0.0.0.0 or ::.
func specific(a netip.AddrPort) bool {
	return a.IsValid() && !a.Addr().IsUnspecified()
}

// sameFamily makes a and b both IPv4 when one is IPv4 and the other an
// IPv4-mapped IPv6 address (a dual-stack socket's view); ok when they
// then are of one family.
func sameFamily(a, b netip.AddrPort) (netip.AddrPort, netip.AddrPort, bool) {
	if a.Addr().Is4() != b.Addr().Is4() {
		a = netip.AddrPortFrom(a.Addr().Unmap(), a.Port())
		b = netip.AddrPortFrom(b.Addr().Unmap(), b.Port())
	}
	return a, b, a.Addr().Is4() == b.Addr().Is4()
}

// loopback is the loopback address of a's family.
func loopback(a netip.Addr) netip.Addr {
	if a.Is4() {
		return netip.AddrFrom4([4]byte{127, 0, 0, 1})
	}
	return netip.IPv6Loopback()
}

// kernelPort is the port of a kernel address ("127.0.0.1:5000",
// "[0000...0001]:5000"), 0 when it has none.
func kernelPort(k string) int {
	i := strings.LastIndexByte(k, ':')
	if i < 0 {
		return 0
	}
	n, _ := strconv.Atoi(k[i+1:])
	return n
}

// intArgs reads the leading integer arguments of Args ("1024, 2").
func intArgs(args string) []int {
	var out []int
	for _, a := range strings.Split(args, ", ") {
		n, err := strconv.Atoi(strings.TrimSpace(a))
		if err != nil {
			break
		}
		out = append(out, n)
	}
	return out
}

// bytesLiteral reads a Python bytes repr (b'\x01\x00'), as setsockopt's
// value shows in Args; ok is false for anything else.
func bytesLiteral(s string) ([]byte, bool) {
	if len(s) < 3 || s[0] != 'b' || (s[1] != '\'' && s[1] != '"') || s[len(s)-1] != s[1] {
		return nil, false
	}
	s = s[2 : len(s)-1]
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		if i+1 >= len(s) {
			return nil, false
		}
		i++
		switch s[i] {
		case 'x':
			if i+3 > len(s) {
				return nil, false
			}
			n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				return nil, false
			}
			out = append(out, byte(n))
			i += 2
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		default:
			out = append(out, s[i])
		}
	}
	return out, true
}
