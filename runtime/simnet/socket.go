package simnet

import (
	"net/netip"
	"syscall"

	"sockstar/runtime/linux"
)

const (
	sockStream = linux.SOCK_STREAM
	sockDgram  = linux.SOCK_DGRAM
)

// sk_shutdown's bits.
const (
	shutRcv  = 1
	shutSend = 2
	shutBoth = shutRcv | shutSend
)

// The socket layer's state (struct socket's SS_*), apart from the
// protocol's: connect answers by it.
const (
	ssUnconnected = iota
	ssConnecting
	ssConnected
)

// socket is one kernel socket: TCP, UDP, or AF_UNIX stream or datagram.
type socket struct {
	net    *Network
	host   *host
	family int
	typ    int
	proto  int
	opt    options
	err    syscall.Errno // sk_err: reported once, by the next call or SO_ERROR
	shut   int           // sk_shutdown
	ss     int
	open   bool // a descriptor refers to it

	// local is the bound address (unmapped IPv4; a wildcard for an
	// unbound or wildcard-bound socket); bound is false until a port is
	// taken.
	local  netip.AddrPort
	bound  bool
	remote netip.AddrPort
	// lockedAddr and lockedPort: bind() chose them, so a disconnect or a
	// close of the connection keeps them (SOCK_BINDADDR_LOCK/BINDPORT_LOCK).
	lockedAddr, lockedPort bool

	tcp  *tcb
	udp  *udpSock
	unix *unixSock
}

// sockError is sock_error(): the pending error, cleared.
func (s *socket) sockError() error {
	e := s.err
	s.err = 0
	if e == 0 {
		return nil
	}
	return e
}

func (s *socket) isInet() bool { return s.family == linux.AF_INET || s.family == linux.AF_INET6 }

// wildcard is the unspecified address of the socket's family.
func (s *socket) wildcard() netip.Addr {
	if s.family == linux.AF_INET {
		return netip.IPv4Unspecified()
	}
	return netip.IPv6Unspecified()
}

func (s *socket) ports() *portTable {
	if s.typ == sockStream {
		return s.host.tcp
	}
	return s.host.udp
}

// unbind gives the port back.
func (s *socket) unbind() {
	if s.bound {
		s.ports().remove(s)
		s.bound = false
	}
}

func (s *socket) tcpState() tcpStateKind {
	if s.tcp == nil {
		return tcpClosed
	}
	return s.tcp.state
}
