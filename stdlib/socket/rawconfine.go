package socket

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"net/netip"
	goruntime "runtime"
	"syscall"

	"go.starlark.net/starlark"

	"sockstar/runtime/linux"
	"sockstar/runtime/py"
)

// rawRefused is the PermissionError a scenario gives a raw packet it will
// not let out, naming why (what the script asked for, in its own terms).
func rawRefused(format string, args ...any) error {
	e := py.FromErrno(linux.EPERM)
	e.Strerror = starlark.String("Operation not permitted: " + fmt.Sprintf(format, args...))
	e.Args = starlark.Tuple{e.Errno, e.Strerror}
	return e
}

// rawRefusedAtOpen refuses, in a scenario that allows raw sockets, the
// kinds whose packets the run's address mapping cannot follow.
func rawRefusedAtOpen(h *Hooks, family, base, proto int) error {
	if h.RawReaches == nil {
		return nil
	}
	switch {
	case family == linux.AF_PACKET:
		return rawRefused("a scenario's roles cannot open packet sockets: their frames would bypass the run's address mapping")
	case family == linux.AF_INET6 && base == linux.SOCK_RAW:
		return rawRefused("a scenario's roles open raw sockets of AF_INET only: the run's hosts are IPv4")
	}
	return nil
}

// confineRaw keeps a packet of a scenario's raw socket inside the run. sa
// is the kernel's destination (already mapped, Hooks.Outbound), nil for a
// connected socket's send. With IP_HDRINCL the header the script wrote
// carries its own addresses, which the kernel sends as they are: they are
// mapped onto the kernel's, and the IP checksum and the UDP or TCP one
// (whose pseudo-header holds them) fixed. The destination must be one of
// the run's hosts and, for UDP and TCP, a port a socket of the run was
// bound to; anything else is refused. pkt is never written to (it may be
// a string's bytes); the packet to send is returned.
func (s *Socket) confineRaw(pkt []byte, sa syscall.Sockaddr) ([]byte, syscall.Sockaddr, error) {
	if goruntime.GOOS != "linux" {
		return pkt, sa, nil // raw sockets are the kernel's: none here, and none of this code
	}
	h := s.hooks
	if s.stype != linux.SOCK_RAW || h.RawReaches == nil || s.family != linux.AF_INET {
		return pkt, sa, nil
	}
	if sa = cmp.Or(sa, s.rawPeer); sa == nil {
		return pkt, nil, nil // not connected: the kernel refuses the send itself
	}
	dst, ok := sa.(*syscall.SockaddrInet4)
	if !ok {
		return pkt, sa, nil
	}
	hdrincl := s.proto == linux.IPPROTO_RAW
	if !hdrincl {
		var on int
		err := s.control(func(fd int) (err error) {
			on, err = s.ns.GetsockoptInt(fd, linux.IPPROTO_IP, linux.IP_HDRINCL)
			return err
		})
		if err != nil {
			return nil, nil, s.mapErr(err)
		}
		hdrincl = on != 0
	}
	if !hdrincl {
		// The kernel writes the header from the mapped destination; a UDP
		// or TCP header the script wrote has its virtual ports.
		out, err := s.confineTransport(pkt, s.proto, dst.Addr, nil)
		return out, sa, err
	}
	if len(pkt) < 20 || pkt[0]>>4 != 4 || int(pkt[0]&0xf)*4 < 20 || int(pkt[0]&0xf)*4 > len(pkt) {
		return nil, nil, py.FromErrno(linux.EINVAL) // a header the kernel could not read either
	}
	ihl := int(pkt[0]&0xf) * 4
	out := append([]byte(nil), pkt...)
	var vsrc, vdst [4]byte
	copy(vsrc[:], pkt[12:16])
	copy(vdst[:], pkt[16:20])
	kdst, err := h.Outbound(linux.AF_INET, &syscall.SockaddrInet4{Addr: vdst})
	if err != nil {
		return nil, nil, err
	}
	ksrc := vsrc
	if vsrc != [4]byte{} {
		k, err := h.Outbound(linux.AF_INET, &syscall.SockaddrInet4{Addr: vsrc})
		if err != nil {
			return nil, nil, err
		}
		ksrc = k.(*syscall.SockaddrInet4).Addr
	} else if h.Source != nil {
		// The kernel would fill in its own choice, 127.0.0.1 on loopback.
		if src, ok := h.Source(linux.AF_INET).(*syscall.SockaddrInet4); ok {
			ksrc = src.Addr
		}
	}
	to := kdst.(*syscall.SockaddrInet4).Addr
	copy(out[12:16], ksrc[:])
	copy(out[16:20], to[:])
	proto := int(pkt[9])
	if binary.BigEndian.Uint16(pkt[6:8])&0x1fff == 0 { // the fragment with the transport header
		addrs := [2][]byte{append(vsrc[:], vdst[:]...), append(ksrc[:], to[:]...)}
		if _, err := s.confineTransport(out[ihl:], proto, to, &addrs); err != nil {
			return nil, nil, err
		}
	} else if !h.RawReaches(&syscall.SockaddrInet4{Addr: to}) {
		return nil, nil, rawRefused("a raw packet to %s reaches no host of the scenario", s.virtualIP(to))
	}
	binary.BigEndian.PutUint16(out[10:12], 0)
	binary.BigEndian.PutUint16(out[10:12], ^checksumAdd(0, out[:ihl]))
	return out, &syscall.SockaddrInet4{Addr: to}, nil
}

// confineTransport checks that a raw packet's transport header t, going to
// the kernel address to, reaches inside the run, and maps a UDP or TCP
// header's virtual ports onto the kernel's, fixing its checksum for them
// and, given addrs (the pseudo-header's addresses before and after), for
// the addresses. t is written to only if addrs is given (a copy); else
// the mapped copy is returned.
func (s *Socket) confineTransport(t []byte, proto int, to [4]byte, addrs *[2][]byte) ([]byte, error) {
	h := s.hooks
	if !h.RawReaches(&syscall.SockaddrInet4{Addr: to}) {
		return nil, rawRefused("a raw packet to %s reaches no host of the scenario", s.virtualIP(to))
	}
	vport, ok := transportPort(proto, t)
	if !ok {
		return t, nil
	}
	vdst := s.virtualIP(to)
	k, err := h.Outbound(linux.AF_INET, &syscall.SockaddrInet4{Addr: vdst.As4(), Port: vport})
	if err != nil {
		return nil, err
	}
	kport := k.(*syscall.SockaddrInet4).Port
	if !h.RawReaches(&syscall.SockaddrInet4{Addr: to, Port: kport}) {
		return nil, rawRefused("a raw packet to %s port %d reaches no socket of the scenario", vdst, vport)
	}
	if addrs == nil {
		if kport == vport {
			return t, nil
		}
		t = append([]byte(nil), t...)
	}
	at := 6 // the UDP checksum
	if proto == linux.IPPROTO_TCP {
		at = 16
	}
	old := append([]byte(nil), t[:4]...)
	binary.BigEndian.PutUint16(t[2:4], uint16(kport))
	if addrs != nil {
		// The source port as the run maps it, so the receiver sees the one written.
		k, err := h.Outbound(linux.AF_INET, &syscall.SockaddrInet4{Addr: [4]byte(addrs[0][:4]), Port: int(binary.BigEndian.Uint16(t[0:2]))})
		if err != nil {
			return nil, err
		}
		binary.BigEndian.PutUint16(t[0:2], uint16(k.(*syscall.SockaddrInet4).Port))
	}
	if at+2 > len(t) {
		return t, nil
	}
	sum := binary.BigEndian.Uint16(t[at:])
	if proto == linux.IPPROTO_UDP && sum == 0 {
		return t, nil // a UDP datagram without a checksum
	}
	sum = adjustChecksum(sum, old, t[:4])
	if addrs != nil {
		sum = adjustChecksum(sum, addrs[0], addrs[1])
	}
	if sum == 0 && proto == linux.IPPROTO_UDP {
		sum = 0xffff // 0 would say "no checksum"
	}
	binary.BigEndian.PutUint16(t[at:], sum)
	return t, nil
}

// rawIn shows a packet a scenario's raw AF_INET socket received in the
// run's addresses: the IP header's addresses of the run's hosts, and a UDP
// or TCP header's ports, as the script's other sockets see them, the
// checksums fixed. Packets of others on the loopback are left as they are.
func (s *Socket) rawIn(data string) string {
	if goruntime.GOOS != "linux" {
		return data // raw sockets are the kernel's: none here, and none of this code
	}
	h := s.hooks
	if h.RawReaches == nil || h.Inbound == nil || s.family != linux.AF_INET || len(data) < 20 || data[0]>>4 != 4 {
		return data
	}
	ihl := int(data[0]&0xf) * 4
	if ihl < 20 || ihl > len(data) {
		return data
	}
	out := []byte(data)
	view := func(addr []byte, port int) ([4]byte, int) {
		v, ok := h.Inbound(linux.AF_INET, &syscall.SockaddrInet4{Addr: [4]byte(addr), Port: port}).(*syscall.SockaddrInet4)
		if !ok {
			return [4]byte(addr), port
		}
		return v.Addr, v.Port
	}
	old := append([]byte(nil), out[12:20]...)
	proto := int(out[9])
	t := out[ihl:]
	_, hasPorts := transportPort(proto, t)
	hasPorts = hasPorts && binary.BigEndian.Uint16(out[6:8])&0x1fff == 0
	var oldPorts []byte
	if hasPorts {
		oldPorts = append([]byte(nil), t[:4]...)
		for i, at := range []int{12, 16} {
			a, p := view(out[at:at+4], int(binary.BigEndian.Uint16(t[2*i:])))
			copy(out[at:at+4], a[:])
			binary.BigEndian.PutUint16(t[2*i:], uint16(p))
		}
	} else {
		for _, at := range []int{12, 16} {
			a, _ := view(out[at:at+4], 0)
			copy(out[at:at+4], a[:])
		}
	}
	if string(old) == string(out[12:20]) && (oldPorts == nil || string(oldPorts) == string(t[:4])) {
		return data
	}
	binary.BigEndian.PutUint16(out[10:12], 0)
	binary.BigEndian.PutUint16(out[10:12], ^checksumAdd(0, out[:ihl]))
	if hasPorts {
		at := 6
		if proto == linux.IPPROTO_TCP {
			at = 16
		}
		if at+2 <= len(t) {
			if sum := binary.BigEndian.Uint16(t[at:]); !(proto == linux.IPPROTO_UDP && sum == 0) {
				sum = adjustChecksum(adjustChecksum(sum, old, out[12:20]), oldPorts, t[:4])
				if sum == 0 && proto == linux.IPPROTO_UDP {
					sum = 0xffff
				}
				binary.BigEndian.PutUint16(t[at:], sum)
			}
		}
	}
	return string(out)
}

// transportPort is the destination port of a UDP or TCP header.
func transportPort(proto int, b []byte) (int, bool) {
	if (proto != linux.IPPROTO_UDP && proto != linux.IPPROTO_TCP) || len(b) < 4 {
		return 0, false
	}
	return int(binary.BigEndian.Uint16(b[2:4])), true
}

// virtualIP is the script's view of a kernel IPv4 address.
func (s *Socket) virtualIP(a [4]byte) netip.Addr {
	if s.hooks.Inbound != nil {
		if v, ok := s.hooks.Inbound(linux.AF_INET, &syscall.SockaddrInet4{Addr: a}).(*syscall.SockaddrInet4); ok {
			return netip.AddrFrom4(v.Addr)
		}
	}
	return netip.AddrFrom4(a)
}

// checksumAdd adds b's 16-bit words to the one's complement sum sum.
func checksumAdd(sum uint32, b []byte) uint16 {
	for i := 0; i+1 < len(b); i += 2 {
		sum += uint32(binary.BigEndian.Uint16(b[i:]))
	}
	if len(b)%2 == 1 {
		sum += uint32(b[len(b)-1]) << 8
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return uint16(sum)
}

// adjustChecksum updates a checksum for words old replaced by new
// (RFC 1624: HC' = ~(~HC + ~m + m')).
func adjustChecksum(check uint16, old, new []byte) uint16 {
	sum := uint32(^check)
	for i := 0; i+1 < len(old); i += 2 {
		sum += uint32(^binary.BigEndian.Uint16(old[i:]))
		sum += uint32(binary.BigEndian.Uint16(new[i:]))
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}
