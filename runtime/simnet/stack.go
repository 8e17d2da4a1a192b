package simnet

import (
	"net/netip"
	"slices"
	"syscall"

	"sockstar/runtime/linux"
)

// Stack is one process's descriptor table on one host.
type Stack struct {
	net  *Network
	host *host
	// fds maps a descriptor to its socket; a reserved descriptor (a file
	// the caller keeps outside the network) maps to nil.
	fds map[int]*socket
}

// Version is the Network's Version: it changes whenever a socket's state does.
func (st *Stack) Version() uint64 { return st.net.Version() }

// Addr is the address of the Stack's host.
func (st *Stack) Addr() netip.Addr { return st.host.addr }

// lowest is the lowest free descriptor number from 3, as open(2) picks.
func (st *Stack) lowest() int {
	fd := 3
	for {
		if _, used := st.fds[fd]; !used {
			return fd
		}
		fd++
	}
}

// Reserve takes the lowest free descriptor number for something that is
// not a socket of this network (a file), so socket numbers come out as
// the kernel would give them. Socket calls on it fail with ENOTSOCK;
// Close frees it.
func (st *Stack) Reserve() int {
	fd := st.lowest()
	st.fds[fd] = nil
	return fd
}

// IsSocket reports whether fd is one of the Stack's sockets.
func (st *Stack) IsSocket(fd int) bool { return st.fds[fd] != nil }

func (st *Stack) get(fd int) (*socket, error) {
	s, ok := st.fds[fd]
	switch {
	case !ok:
		return nil, linux.EBADF
	case s == nil:
		return nil, linux.ENOTSOCK
	}
	return s, nil
}

func (st *Stack) install(s *socket) int {
	fd := st.lowest()
	s.open = true
	st.fds[fd] = s
	return fd
}

// Modelled reports whether socket(family, typ, proto) makes a socket the
// simulated network has; when Linux would make one but the model has
// none, Socket fails with EAFNOSUPPORT, ESOCKTNOSUPPORT or
// EPROTONOSUPPORT and the caller should say the kernel network is
// needed.
func Modelled(family, typ, proto int) bool {
	typ &^= linux.SOCK_NONBLOCK | linux.SOCK_CLOEXEC
	switch family {
	case linux.AF_INET, linux.AF_INET6:
		switch typ {
		case sockStream:
			return proto == 0 || proto == linux.IPPROTO_TCP
		case sockDgram:
			return proto == 0 || proto == linux.IPPROTO_UDP
		}
	case linux.AF_UNIX:
		return (typ == sockStream || typ == sockDgram || typ == linux.SOCK_RAW) &&
			(proto == 0 || proto == linux.AF_UNIX)
	}
	return false
}

// Socket is socket(2).
func (st *Stack) Socket(family, typ, proto int) (int, error) {
	st.net.changed()
	if typ&^(linux.SOCK_NONBLOCK|linux.SOCK_CLOEXEC|0xf) != 0 || typ&0xf >= 11 || typ < 0 {
		return -1, linux.EINVAL
	}
	typ &= 0xf
	switch family {
	case linux.AF_INET, linux.AF_INET6:
		switch typ {
		case sockStream:
			if proto == 0 {
				proto = linux.IPPROTO_TCP
			}
			if proto != linux.IPPROTO_TCP {
				return -1, linux.EPROTONOSUPPORT
			}
		case sockDgram:
			if proto == 0 {
				proto = linux.IPPROTO_UDP
			}
			if proto != linux.IPPROTO_UDP {
				// UDP-Lite and ping sockets are Linux's, not the model's.
				return -1, linux.EPROTONOSUPPORT
			}
		case linux.SOCK_RAW:
			if proto == 0 {
				return -1, linux.EPROTONOSUPPORT
			}
			// Raw sockets are not modelled.
			return -1, linux.ESOCKTNOSUPPORT
		default:
			return -1, linux.ESOCKTNOSUPPORT
		}
	case linux.AF_UNIX:
		if proto != 0 && proto != linux.AF_UNIX {
			return -1, linux.EPROTONOSUPPORT
		}
		switch typ {
		case sockStream, sockDgram:
		case linux.SOCK_RAW:
			// Linux makes an AF_UNIX SOCK_RAW a datagram socket.
			typ = sockDgram
		case linux.SOCK_SEQPACKET:
			// Linux has it; the model does not.
			return -1, linux.ESOCKTNOSUPPORT
		default:
			return -1, linux.ESOCKTNOSUPPORT
		}
		proto = 0
	default:
		return -1, linux.EAFNOSUPPORT
	}
	return st.install(st.newSocket(family, typ, proto)), nil
}

func (st *Stack) newSocket(family, typ, proto int) *socket {
	s := &socket{net: st.net, host: st.host, family: family, typ: typ, proto: proto, opt: defaultOptions(family, typ)}
	switch {
	case family == linux.AF_UNIX:
		s.unix = &unixSock{}
	case typ == sockStream:
		s.tcp = &tcb{}
	default:
		s.udp = &udpSock{}
	}
	if s.isInet() {
		s.local = netip.AddrPortFrom(s.wildcard(), 0)
	}
	return s
}

// Socketpair is socketpair(2): only AF_UNIX has it.
func (st *Stack) Socketpair(family, typ, proto int) (fds [2]int, err error) {
	defer st.net.runDue()
	st.net.changed()
	switch family {
	case linux.AF_UNIX:
	case linux.AF_INET, linux.AF_INET6:
		if _, err := st.probe(family, typ, proto); err != nil {
			return fds, err
		}
		return fds, linux.EOPNOTSUPP
	default:
		return fds, linux.EAFNOSUPPORT
	}
	a, err := st.Socket(family, typ, proto)
	if err != nil {
		return fds, err
	}
	b, _ := st.Socket(family, typ, proto)
	unixPair(st.fds[a], st.fds[b])
	return [2]int{a, b}, nil
}

// probe checks socket(2)'s arguments without keeping a descriptor.
func (st *Stack) probe(family, typ, proto int) (int, error) {
	fd, err := st.Socket(family, typ, proto)
	if err == nil {
		delete(st.fds, fd)
	}
	return fd, err
}

// Close is close(2).
func (st *Stack) Close(fd int) error {
	defer st.net.runDue()
	s, ok := st.fds[fd]
	if !ok {
		return linux.EBADF
	}
	delete(st.fds, fd)
	st.net.changed()
	if s != nil {
		s.open = false
		s.close()
	}
	return nil
}

// CloseAll closes every descriptor, lowest first, as the kernel does
// when a process exits.
func (st *Stack) CloseAll() {
	fds := make([]int, 0, len(st.fds))
	for fd := range st.fds {
		fds = append(fds, fd)
	}
	slices.Sort(fds)
	for _, fd := range fds {
		st.Close(fd)
	}
}

func (s *socket) close() {
	switch {
	case s.tcp != nil:
		s.tcpClose()
	case s.udp != nil:
		s.udpClose()
	default:
		s.unixClose()
	}
}

func (s *socket) listening() bool {
	switch {
	case s.tcp != nil:
		return s.tcp.state == tcpListen
	case s.unix != nil:
		return s.unix.listening
	}
	return false
}

// Bind is bind(2).
func (st *Stack) Bind(fd int, sa syscall.Sockaddr) error {
	defer st.net.runDue()
	s, err := st.get(fd)
	if err != nil {
		return err
	}
	st.net.changed()
	if s.unix != nil {
		return s.unixBind(sa)
	}
	ap, err := s.inetAddr(sa)
	if err != nil {
		return err
	}
	return s.inetBind(ap)
}

// inetBind is __inet_bind and __inet6_bind: address checks first, then
// EINVAL for a bound socket, then the port.
func (s *socket) inetBind(ap netip.AddrPort) error {
	addr := ap.Addr()
	if s.family == linux.AF_INET6 && addr.Is4() && s.opt.v6only {
		return linux.EINVAL
	}
	if addr.IsUnspecified() {
		addr = s.wildcard()
	}
	if !s.host.localAddrOK(addr, s.typ) {
		return linux.EADDRNOTAVAIL
	}
	if s.bound || s.tcpState() != tcpClosed {
		return linux.EINVAL
	}
	port := ap.Port()
	t := s.ports()
	if port == 0 {
		if port = t.ephemeral(); port == 0 {
			return linux.EADDRINUSE
		}
	} else if t.bindConflict(s, addr, port) {
		return linux.EADDRINUSE
	}
	s.local = netip.AddrPortFrom(addr, port)
	s.lockedAddr = !addr.IsUnspecified()
	s.lockedPort = ap.Port() != 0
	s.bound = true
	t.add(s)
	return nil
}

// autobind takes an ephemeral port on the wildcard address, as a
// listen, connect or send on an unbound socket does.
func (s *socket) autobind() error {
	if s.bound {
		return nil
	}
	port := s.ports().ephemeral()
	if port == 0 {
		return linux.EAGAIN
	}
	s.local = netip.AddrPortFrom(s.local.Addr(), port)
	s.bound = true
	s.ports().add(s)
	return nil
}

// releaseAutobound undoes what connect chose rather than bind: an
// ephemeral port is given back, a source address forgotten.
func (s *socket) releaseAutobound() {
	addr := s.local.Addr()
	if !s.lockedAddr {
		addr = s.wildcard()
	}
	if !s.lockedPort {
		s.unbind()
		s.local = netip.AddrPortFrom(addr, 0)
	} else if addr != s.local.Addr() {
		s.setLocalAddr(addr)
	}
}

// setLocalAddr fixes the address of a wildcard-bound socket once it
// connects (the source address the route chose).
func (s *socket) setLocalAddr(a netip.Addr) {
	t := s.ports()
	t.remove(s)
	s.local = netip.AddrPortFrom(a, s.local.Port())
	t.add(s)
}

// Listen is listen(2).
func (st *Stack) Listen(fd, backlog int) error {
	defer st.net.runDue()
	s, err := st.get(fd)
	if err != nil {
		return err
	}
	st.net.changed()
	if uint(backlog) > 4096 {
		// net.core.somaxconn; a negative backlog is a huge unsigned one.
		backlog = 4096
	}
	switch {
	case s.tcp != nil:
		return s.tcpListen(backlog)
	case s.unix != nil:
		return s.unixListen(backlog)
	}
	return linux.EOPNOTSUPP
}

// Accept is accept(2) (accept4 with SOCK_NONBLOCK|SOCK_CLOEXEC is the
// same here).
func (st *Stack) Accept(fd int) (int, syscall.Sockaddr, error) {
	defer st.net.runDue()
	s, err := st.get(fd)
	if err != nil {
		return -1, nil, err
	}
	var c *socket
	switch {
	case s.tcp != nil:
		c, err = s.tcpAccept()
	case s.unix != nil && s.typ == sockStream:
		c, err = s.unixAccept()
	default:
		return -1, nil, linux.EOPNOTSUPP
	}
	if err != nil {
		return -1, nil, err
	}
	st.net.changed()
	nfd := st.install(c)
	if c.unix != nil {
		return nfd, c.unixPeerName(), nil
	}
	return nfd, s.sockaddr(c.remote), nil
}

// Connect is connect(2); sa nil is an AF_UNSPEC address (dissolve the
// association).
func (st *Stack) Connect(fd int, sa syscall.Sockaddr) error {
	defer st.net.runDue()
	s, err := st.get(fd)
	if err != nil {
		return err
	}
	st.net.changed()
	switch {
	case s.tcp != nil:
		return s.tcpConnect(sa)
	case s.udp != nil:
		return s.udpConnect(sa)
	}
	return s.unixConnect(sa)
}

// Flags Linux accepts and the model gives meaning to or ignores.
const (
	msgOOB      = linux.MSG_OOB
	msgPeek     = linux.MSG_PEEK
	msgTrunc    = linux.MSG_TRUNC
	msgErrqueue = linux.MSG_ERRQUEUE
)

// Recvfrom is recvfrom(2).
func (st *Stack) Recvfrom(fd int, p []byte, flags int) (int, syscall.Sockaddr, error) {
	defer st.net.runDue()
	s, err := st.get(fd)
	if err != nil {
		return 0, nil, err
	}
	st.net.changed()
	switch {
	case s.tcp != nil:
		n, err := s.tcpRecv(p, flags)
		return n, nil, err
	case s.udp != nil:
		return s.udpRecv(p, flags)
	}
	return s.unixRecv(p, flags)
}

// Sendto is sendto(2); to nil is send(2).
func (st *Stack) Sendto(fd int, p []byte, flags int, to syscall.Sockaddr) (int, error) {
	defer st.net.runDue()
	s, err := st.get(fd)
	if err != nil {
		return 0, err
	}
	st.net.changed()
	switch {
	case s.tcp != nil:
		return s.tcpSend(p, flags, to)
	case s.udp != nil:
		return s.udpSend(p, flags, to)
	}
	return s.unixSend(p, flags, to)
}

// Shutdown is shutdown(2).
func (st *Stack) Shutdown(fd, how int) error {
	defer st.net.runDue()
	s, err := st.get(fd)
	if err != nil {
		return err
	}
	st.net.changed()
	if how < linux.SHUT_RD || how > linux.SHUT_RDWR {
		return linux.EINVAL
	}
	bits := how + 1
	switch {
	case s.unix != nil:
		return s.unixShutdown(bits)
	case s.tcp != nil:
		return s.tcpShutdown(bits)
	}
	return s.udpShutdown(bits)
}

// Getsockname is getsockname(2).
func (st *Stack) Getsockname(fd int) (syscall.Sockaddr, error) {
	s, err := st.get(fd)
	if err != nil {
		return nil, err
	}
	if s.unix != nil {
		return s.unixSockName(), nil
	}
	return s.sockaddr(s.local), nil
}

// Getpeername is getpeername(2).
func (st *Stack) Getpeername(fd int) (syscall.Sockaddr, error) {
	s, err := st.get(fd)
	if err != nil {
		return nil, err
	}
	switch {
	case s.unix != nil:
		return s.unixGetpeername()
	case s.tcp != nil:
		if st := s.tcp.state; st == tcpClosed || st == tcpSynSent || st == tcpListen {
			return nil, linux.ENOTCONN
		}
	case !s.udp.connected:
		return nil, linux.ENOTCONN
	}
	if s.remote.Port() == 0 {
		// inet_getname: no peer port, no peer.
		return nil, linux.ENOTCONN
	}
	return s.sockaddr(s.remote), nil
}

// Poll reports the descriptor's readiness now, as poll(2)'s revents for
// events POLLIN|POLLOUT|POLLPRI|POLLRDHUP would (POLLERR, POLLHUP,
// POLLNVAL included).
func (st *Stack) Poll(fd int) int16 {
	s, ok := st.fds[fd]
	if !ok {
		return pollNval
	}
	if s == nil {
		// A file: always ready, as poll(2) says of regular files.
		return pollIn | pollOut
	}
	switch {
	case s.tcp != nil:
		return s.tcpPoll()
	case s.udp != nil:
		return s.udpPoll()
	}
	return s.unixPoll()
}

// Unlink removes an AF_UNIX path name (os.remove on a bound socket's
// path), ENOENT if none.
func (st *Stack) Unlink(path string) error {
	st.net.changed()
	key := unixKey{name: path}
	if _, ok := st.net.unixNames[key]; !ok || isAbstract(path) {
		return linux.ENOENT
	}
	delete(st.net.unixNames, key)
	return nil
}
