package simnet

import (
	"fmt"
	"syscall"

	"sockstar/runtime/linux"
)

// AF_UNIX limits: net.unix.max_dgram_qlen, and what a datagram costs its
// sender's buffer beyond its bytes until it is read.
const (
	unixDgramQlen     = 10
	unixDgramOverhead = 768
	unixPathMax       = 108
)

// unixKey finds a bound name. Linux hashes an abstract name with the
// socket's type, so each type has its own abstract names; a path is one
// file whatever the type (typ 0).
type unixKey struct {
	name string
	typ  int
}

func keyOf(name string, typ int) unixKey {
	if isAbstract(name) {
		return unixKey{name, typ}
	}
	return unixKey{name: name}
}

// unixName is a bound AF_UNIX name. A path outlives its socket (it is a
// file until unlinked); an abstract name goes with it.
type unixName struct {
	sock *socket
}

type unixSock struct {
	name      string // internal form: "" unnamed, "\x00..." abstract, else a path
	peer      *socket
	connected bool // state ESTABLISHED (a stream's peer stays after it closes)
	listening bool
	backlog   int
	acceptq   []*socket // connections made but not yet accepted
	listener  *socket   // an unaccepted connection's listener

	stream []byte // a stream's received bytes
	from   *socket
	dgrams []unixDgram
	wmem   int // bytes sent and not yet read by the peer
}

type unixDgram struct {
	data   []byte
	sender *socket
	cost   int
}

func isAbstract(name string) bool { return name != "" && name[0] == 0 }

// unixNameOf reads an AF_UNIX sockaddr as Linux's unix_validate_addr
// does; Go's leading '@' is the abstract name space's NUL.
func unixNameOf(sa syscall.Sockaddr) (string, error) {
	a, ok := sa.(*syscall.SockaddrUnix)
	if !ok {
		return "", linux.EINVAL
	}
	name := a.Name
	if len(name) > unixPathMax {
		return "", linux.EINVAL
	}
	if name != "" && name[0] == '@' {
		name = "\x00" + name[1:]
	}
	return name, nil
}

// unixSockaddr spells an internal name as Go's syscall package would
// return it: abstract names with '@', an unnamed socket as "@".
func unixSockaddr(name string) *syscall.SockaddrUnix {
	if name == "" || isAbstract(name) {
		return &syscall.SockaddrUnix{Name: "@" + trimNUL(name)}
	}
	return &syscall.SockaddrUnix{Name: name}
}

func trimNUL(name string) string {
	if name == "" {
		return ""
	}
	return name[1:]
}

// fromAddr is a sender's address as recvfrom reports it: nothing for an
// unnamed sender.
func fromAddr(s *socket) syscall.Sockaddr {
	if s == nil || s.unix.name == "" {
		return nil
	}
	return unixSockaddr(s.unix.name)
}

func (s *socket) unixSockName() syscall.Sockaddr { return unixSockaddr(s.unix.name) }

func (s *socket) unixPeerName() syscall.Sockaddr {
	if p := s.unix.peer; p != nil {
		return unixSockaddr(p.unix.name)
	}
	return unixSockaddr("")
}

func (s *socket) unixGetpeername() (syscall.Sockaddr, error) {
	if s.unix.peer == nil {
		return nil, linux.ENOTCONN
	}
	return s.unixPeerName(), nil
}

func unixPair(a, b *socket) {
	a.unix.peer, b.unix.peer = b, a
	a.unix.connected, b.unix.connected = true, true
}

func (s *socket) unixBind(sa syscall.Sockaddr) error {
	name, err := unixNameOf(sa)
	if err != nil {
		return err
	}
	n := s.net
	u := s.unix
	if name == "" {
		// An empty name asks for an abstract name of five hex digits;
		// a bound socket keeps its name.
		if u.name != "" {
			return nil
		}
		for i := 0; ; i++ {
			name = fmt.Sprintf("\x00%05x", i)
			if n.unixNames[keyOf(name, s.typ)] == nil {
				break
			}
		}
	} else if !isAbstract(name) {
		// The path is made before the socket is checked (unix_bind_bsd).
		if n.unixNames[keyOf(name, s.typ)] != nil {
			return linux.EADDRINUSE
		}
		if u.name != "" {
			return linux.EINVAL
		}
	} else {
		if u.name != "" {
			return linux.EINVAL
		}
		if n.unixNames[keyOf(name, s.typ)] != nil {
			return linux.EADDRINUSE
		}
	}
	n.unixNames[keyOf(name, s.typ)] = &unixName{sock: s}
	u.name = name
	return nil
}

// unixFind is unix_find_other: a missing path is ENOENT, a name nobody
// has bound (or whose socket closed) ECONNREFUSED, the wrong type
// EPROTOTYPE.
func (s *socket) unixFind(name string) (*socket, error) {
	e := s.net.unixNames[keyOf(name, s.typ)]
	if e == nil {
		if isAbstract(name) {
			return nil, linux.ECONNREFUSED
		}
		return nil, linux.ENOENT
	}
	if e.sock == nil {
		return nil, linux.ECONNREFUSED
	}
	if e.sock.typ != s.typ {
		return nil, linux.EPROTOTYPE
	}
	return e.sock, nil
}

func (s *socket) unixListen(backlog int) error {
	u := s.unix
	if s.typ != sockStream {
		return linux.EOPNOTSUPP
	}
	if u.name == "" || u.connected {
		return linux.EINVAL
	}
	u.listening = true
	u.backlog = backlog
	return nil
}

func (s *socket) unixAccept() (*socket, error) {
	u := s.unix
	if !u.listening {
		return nil, linux.EINVAL
	}
	if len(u.acceptq) == 0 {
		return nil, linux.EAGAIN
	}
	c := u.acceptq[0]
	u.acceptq = u.acceptq[1:]
	c.unix.listener = nil
	return c, nil
}

func (s *socket) unixConnect(sa syscall.Sockaddr) error {
	u := s.unix
	if sa == nil {
		if s.typ == sockStream {
			return linux.EINVAL
		}
		// AF_UNSPEC dissolves a datagram socket's association.
		u.peer, u.connected = nil, false
		return nil
	}
	name, err := unixNameOf(sa)
	if err != nil {
		return err
	}
	if name == "" {
		return linux.EINVAL
	}
	other, err := s.unixFind(name)
	if err != nil {
		return err
	}
	if s.typ == sockDgram {
		if p := other.unix.peer; p != nil && p != s {
			return linux.EPERM
		}
		u.peer, u.connected = other, true
		return nil
	}
	ou := other.unix
	if !ou.listening || other.shut&shutRcv != 0 {
		return linux.ECONNREFUSED
	}
	if len(ou.acceptq) > ou.backlog {
		return linux.EAGAIN
	}
	switch {
	case u.connected:
		return linux.EISCONN
	case u.listening:
		return linux.EINVAL
	}
	// The server's end is made now and waits in the listener's queue.
	c := &socket{net: s.net, host: other.host, family: s.family, typ: s.typ, opt: other.opt,
		unix: &unixSock{name: ou.name, listener: other}}
	unixPair(s, c)
	ou.acceptq = append(ou.acceptq, c)
	return nil
}

// unixSendFlags refuses what the model does not have: out-of-band data.
func unixSendFlags(flags int) error {
	if flags&msgOOB != 0 {
		// Linux has AF_UNIX out-of-band data; the model has none.
		return linux.EOPNOTSUPP
	}
	return nil
}

func (s *socket) unixSend(p []byte, flags int, to syscall.Sockaddr) (int, error) {
	if err := unixSendFlags(flags); err != nil {
		return 0, err
	}
	if s.typ == sockDgram {
		return s.unixSendDgram(p, to)
	}
	u := s.unix
	if to != nil {
		if u.connected {
			return 0, linux.EISCONN
		}
		return 0, linux.EOPNOTSUPP
	}
	if u.peer == nil {
		return 0, linux.ENOTCONN
	}
	if s.shut&shutSend != 0 {
		return 0, linux.EPIPE
	}
	if s.err != 0 {
		return 0, s.sockError()
	}
	other := u.peer
	if !other.open && other.unix.listener == nil || other.shut&shutRcv != 0 {
		return 0, linux.EPIPE
	}
	// unix_stream_sendmsg sends pieces of up to half the buffer while the
	// bytes in flight are below it.
	chunk := max(s.opt.sndbuf/2-64, 1)
	sent := 0
	for sent < len(p) && u.wmem < s.opt.sndbuf {
		n := min(len(p)-sent, chunk)
		other.unix.stream = append(other.unix.stream, p[sent:sent+n]...)
		u.wmem += n
		sent += n
	}
	if sent == 0 && len(p) > 0 {
		return 0, linux.EAGAIN
	}
	return sent, nil
}

func (s *socket) unixSendDgram(p []byte, to syscall.Sockaddr) (int, error) {
	u := s.unix
	var other *socket
	var name string
	if to != nil {
		var err error
		if name, err = unixNameOf(to); err != nil {
			return 0, err
		}
	} else if other = u.peer; other == nil {
		return 0, linux.ENOTCONN
	}
	if len(p) > s.opt.sndbuf-32 {
		return 0, linux.EMSGSIZE
	}
	cost := len(p) + unixDgramOverhead
	if s.err != 0 {
		return 0, s.sockError()
	}
	if s.shut&shutSend != 0 {
		return 0, linux.EPIPE
	}
	if u.wmem >= s.opt.sndbuf {
		return 0, linux.EAGAIN
	}
	if other == nil {
		var err error
		if other, err = s.unixFind(name); err != nil {
			return 0, err
		}
	}
	ou := other.unix
	if ou.peer != nil && ou.peer != s {
		return 0, linux.EPERM
	}
	if !other.open {
		if u.peer == other {
			u.peer, u.connected = nil, false
		}
		return 0, linux.ECONNREFUSED
	}
	if other.shut&shutRcv != 0 {
		return 0, linux.EPIPE
	}
	if other != s && ou.peer != s && len(ou.dgrams) > unixDgramQlen {
		return 0, linux.EAGAIN
	}
	ou.dgrams = append(ou.dgrams, unixDgram{data: append([]byte(nil), p...), sender: s, cost: cost})
	u.wmem += cost
	return len(p), nil
}

func (s *socket) unixRecv(p []byte, flags int) (int, syscall.Sockaddr, error) {
	u := s.unix
	if s.typ == sockDgram {
		if flags&msgOOB != 0 {
			return 0, nil, linux.EOPNOTSUPP
		}
		if s.err != 0 {
			return 0, nil, s.sockError()
		}
		if len(u.dgrams) == 0 {
			return 0, nil, linux.EAGAIN
		}
		d := u.dgrams[0]
		n := copy(p, d.data)
		if flags&msgPeek == 0 {
			u.dgrams[0] = unixDgram{}
			u.dgrams = u.dgrams[1:]
			d.sender.unix.wmem -= d.cost
		}
		if flags&msgTrunc != 0 {
			n = len(d.data)
		}
		return n, fromAddr(d.sender), nil
	}
	if !u.connected {
		return 0, nil, linux.EINVAL
	}
	if flags&msgOOB != 0 {
		return 0, nil, linux.EINVAL
	}
	if len(u.stream) > 0 {
		n := min(len(p), len(u.stream))
		if flags&msgTrunc == 0 {
			copy(p, u.stream[:n])
		}
		if flags&msgPeek == 0 {
			u.stream = u.stream[n:]
			if len(u.stream) == 0 {
				u.stream = nil
			}
			if u.peer != nil {
				u.peer.unix.wmem -= n
			}
		}
		return n, fromAddr(u.peer), nil
	}
	if s.err != 0 {
		return 0, nil, s.sockError()
	}
	if s.shut&shutRcv != 0 {
		return 0, nil, nil
	}
	return 0, nil, linux.EAGAIN
}

func (s *socket) unixShutdown(bits int) error {
	s.shut |= bits
	u := s.unix
	if s.typ == sockStream && u.peer != nil {
		// What we stop receiving the peer stops sending, and the reverse.
		peer := 0
		if bits&shutRcv != 0 {
			peer |= shutSend
		}
		if bits&shutSend != 0 {
			peer |= shutRcv
		}
		u.peer.shut |= peer
	}
	return nil
}

func (s *socket) unixClose() {
	u := s.unix
	n := s.net
	if u.name != "" {
		if e := n.unixNames[keyOf(u.name, s.typ)]; e != nil && e.sock == s {
			if isAbstract(u.name) {
				delete(n.unixNames, keyOf(u.name, s.typ))
			} else {
				e.sock = nil
			}
		}
	}
	for _, c := range u.acceptq {
		// Connections never accepted die with the listener; their
		// clients see a reset.
		c.unix.listener = nil
		c.unixRelease(true)
	}
	u.acceptq = nil
	s.unixRelease(false)
}

// unixRelease is unix_release_sock: the peer of a stream can send no
// more, and learns ECONNRESET if we left data unread.
func (s *socket) unixRelease(embryo bool) {
	u := s.unix
	s.shut = shutBoth
	if p := u.peer; p != nil && s.typ == sockStream {
		p.shut = shutBoth
		if len(u.stream) > 0 || embryo {
			p.err = linux.ECONNRESET
		}
		p.unix.wmem = 0
	}
	for _, d := range u.dgrams {
		d.sender.unix.wmem -= d.cost
	}
	u.stream = nil
	u.dgrams = nil
}
