package simnet

import (
	"net/netip"
	"syscall"

	"sockstar/runtime/linux"
)

// inetAddr reads sa for an inet socket as Linux's bind/connect/sendto
// would: the wrong family is EAFNOSUPPORT, a sockaddr too short for the
// socket's family EINVAL. The address comes back unmapped.
func (s *socket) inetAddr(sa syscall.Sockaddr) (netip.AddrPort, error) {
	switch a := sa.(type) {
	case *syscall.SockaddrInet4:
		if s.family == linux.AF_INET6 {
			// sizeof(sockaddr_in) is below SIN6_LEN_RFC2133.
			return netip.AddrPort{}, linux.EINVAL
		}
		return netip.AddrPortFrom(netip.AddrFrom4(a.Addr), uint16(a.Port)), nil
	case *syscall.SockaddrInet6:
		if s.family == linux.AF_INET {
			return netip.AddrPort{}, linux.EAFNOSUPPORT
		}
		return netip.AddrPortFrom(netip.AddrFrom16(a.Addr).Unmap(), uint16(a.Port)), nil
	case *syscall.SockaddrUnix:
		// Go's sockaddr_un is shorter than a sockaddr_in only for short
		// names; Linux checks the length before the family.
		if unixSockaddrLen(a.Name) < inetSockaddrLen(s.family) {
			return netip.AddrPort{}, linux.EINVAL
		}
		return netip.AddrPort{}, linux.EAFNOSUPPORT
	}
	return netip.AddrPort{}, linux.EINVAL
}

func inetSockaddrLen(family int) int {
	if family == linux.AF_INET {
		return linux.SizeofSockaddrInet4
	}
	return 24 // SIN6_LEN_RFC2133
}

// unixSockaddrLen is the length Go's syscall package passes for name.
func unixSockaddrLen(name string) int {
	n := 2
	if len(name) > 0 {
		n += len(name) + 1
		if name[0] == '@' || name[0] == 0 {
			n--
		}
	}
	return n
}

// sockaddr is ap as the socket's family spells it: IPv4 addresses are
// v4-mapped for AF_INET6.
func (s *socket) sockaddr(ap netip.AddrPort) syscall.Sockaddr {
	a := ap.Addr()
	if s.family == linux.AF_INET {
		if !a.IsValid() {
			a = netip.IPv4Unspecified()
		}
		return &syscall.SockaddrInet4{Port: int(ap.Port()), Addr: a.As4()}
	}
	if !a.IsValid() {
		a = netip.IPv6Unspecified()
	}
	return &syscall.SockaddrInet6{Port: int(ap.Port()), Addr: a.As16()}
}

// loopbackFor is the loopback address of a's family, the address a
// connect or send to the unspecified address goes to.
func loopbackFor(a netip.Addr) netip.Addr {
	if a.Is4() {
		return netip.AddrFrom4([4]byte{127, 0, 0, 1})
	}
	return netip.IPv6Loopback()
}

// localAddrOK reports whether the host may bind addr (unmapped): its own
// addresses, the wildcard, and (for datagrams) broadcast and multicast.
func (h *host) localAddrOK(addr netip.Addr, typ int) bool {
	if addr.IsUnspecified() || h.owns(addr) {
		return true
	}
	if typ == sockDgram && (addr.IsMulticast() || h.isBroadcast(addr)) {
		return true
	}
	return false
}
