package socket

import (
	"errors"
	goruntime "runtime"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/lazy"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
)

type method func(s *Socket, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// numMethods is len(methodList), which Socket.bound cannot name itself (a
// socket's type would then depend on itself); the check below keeps it so.
const numMethods = 26

var _ [numMethods]struct{} = [len(methodList)]struct{}{}

// methodList is every socket method, in the order of Socket.bound.
var methodList = [...]struct {
	name string
	fn   method
}{
	{"accept", (*Socket).accept},
	{"bind", (*Socket).bind},
	{"close", (*Socket).close},
	{"connect", (*Socket).connect},
	{"connect_ex", (*Socket).connectEx},
	{"detach", (*Socket).detach},
	{"dup", (*Socket).dup},
	{"fileno", (*Socket).filenoMethod},
	{"getblocking", (*Socket).getblocking},
	{"getpeername", (*Socket).getpeername},
	{"getsockname", (*Socket).getsockname},
	{"getsockopt", (*Socket).getsockopt},
	{"gettimeout", (*Socket).gettimeout},
	{"listen", (*Socket).listen},
	{"makefile", (*Socket).makefile},
	{"recv", (*Socket).recv},
	{"recvfrom", (*Socket).recvfrom},
	{"recvfrom_into", (*Socket).recvfromIntoMethod},
	{"recv_into", (*Socket).recvIntoMethod},
	{"send", (*Socket).send},
	{"sendall", (*Socket).sendall},
	{"sendto", (*Socket).sendto},
	{"setblocking", (*Socket).setblocking},
	{"setsockopt", (*Socket).setsockopt},
	{"settimeout", (*Socket).settimeout},
	{"shutdown", (*Socket).shutdown},
}

// IsPyMethod reports the methods socket.socket defines in Python over
// _socket.socket's: they print as <bound method socket.accept of ...>.
func (s *Socket) IsPyMethod(name string) bool {
	switch name {
	case "accept", "makefile", "close", "detach", "dup", "sendfile":
		return true
	}
	return false
}

// methodIndex maps a method's name to its place in methodList.
var methodIndex = py.Table[string, int]{Build: func() map[string]int {
	m := make(map[string]int, len(methodList))
	for i, e := range methodList {
		m[e.name] = i
	}
	return m
}}

// unboundMethods are the methods as builtins without a receiver, made once:
// a socket binds one with a single allocation, BindReceiver's.
var unboundMethods = lazy.Value[[numMethods]*starlark.Builtin]{Make: func() (all [numMethods]*starlark.Builtin) {
	for i, e := range methodList {
		fn, name := e.fn, e.name
		all[i] = starlark.NewBuiltin(e.name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			s := b.Receiver().(*Socket)
			if src := s.p.Trace; src != nil {
				return s.traced(src, name, fn, thread, b, args, kwargs)
			}
			return fn(s, thread, b, args, kwargs)
		})
	}
	return all
}}

// classMethods are socket.socket.recv and the rest: each takes the socket
// (or an instance of a script's subclass) as its first argument, as
// CPython's method descriptors do.
var classMethods = lazy.Value[starlark.StringDict]{Make: func() starlark.StringDict {
	d := make(starlark.StringDict, len(methodList))
	for _, e := range methodList {
		name := e.name
		d[name] = starlark.NewBuiltin("socket."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) == 0 {
				return nil, py.Errorf(py.TypeError, "unbound method socket.%s() needs an argument", name)
			}
			s, ok := args[0].(*Socket)
			if !ok {
				s, ok = py.Native(args[0]).(*Socket)
			}
			if !ok {
				return nil, py.Errorf(py.TypeError, "descriptor '%s' for '_socket.socket' objects doesn't apply to a '%s' object", name, py.TypeOf(args[0]).Name())
			}
			m, err := s.Attr(name)
			if err != nil {
				return nil, err
			}
			return starlark.Call(thread, m, args[1:], kwargs)
		})
	}
	return d
}}

// Attr gives the socket's methods, bound, and its family, type, proto and timeout.
func (s *Socket) Attr(name string) (starlark.Value, error) {
	switch name {
	case "family":
		return starlark.MakeInt(s.family), nil
	case "type":
		return starlark.MakeInt(s.stype), nil
	case "proto":
		return starlark.MakeInt(s.proto), nil
	case "timeout":
		return timeoutValue(s.timeout), nil
	}
	i, ok := methodIndex.Map()[name]
	if !ok {
		return nil, nil
	}
	// Bound once per socket: scripts look send and recv up on every call.
	if s.bound[i] == nil {
		s.bound[i] = unboundMethods.Get()[i].BindReceiver(s)
	}
	return s.bound[i], nil
}

func (s *Socket) AttrNames() []string {
	names := []string{"family", "proto", "timeout", "type"}
	for _, e := range methodList {
		names = append(names, e.name)
	}
	return py.SortedKeys(names)
}

// cInts reads C int arguments in order; the first bad one is the error.
func cInts(vals ...starlark.Value) ([]int, error) {
	out := make([]int, len(vals))
	for i, v := range vals {
		n, err := cInt(v)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// defaultTimeout is setdefaulttimeout's value for this run.
type defaultTimeout struct {
	d time.Duration
}

func defaultTimeoutOf(p *host.Process) *defaultTimeout {
	return p.Once("socket.defaulttimeout", func() any { return &defaultTimeout{d: noTimeout} }).(*defaultTimeout)
}

func newSocket(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var familyV, typeV, protoV, filenoV starlark.Value = starlark.MakeInt(-1), starlark.MakeInt(-1), starlark.MakeInt(-1), starlark.None
	if err := starlark.UnpackArgs("socket", args, kwargs, "family?", &familyV, "type?", &typeV, "proto?", &protoV, "fileno?", &filenoV); err != nil {
		return nil, err
	}
	if filenoV != starlark.None {
		return nil, py.Errorf(py.OSError, "socket(fileno=...) is not supported: a script reaches only the sockets it creates")
	}
	ints, err := cInts(familyV, typeV, protoV)
	if err != nil {
		return nil, err
	}
	family, stype, proto := ints[0], ints[1], ints[2]
	if family == -1 {
		family = linux.AF_INET
	}
	if stype == -1 {
		stype = linux.SOCK_STREAM
	}
	if proto == -1 {
		proto = 0
	}
	sock, err := openSocket(host.Of(thread), family, stype, proto)
	if err == nil {
		sock.TraceNew(thread, "socket", args, kwargs)
	}
	return sock, err
}

func openSocket(p *host.Process, family, stype, proto int) (*Socket, error) {
	if p.Cancelled() {
		return nil, p.Cause()
	}
	if base := stype &^ (linux.SOCK_NONBLOCK | linux.SOCK_CLOEXEC); (base == linux.SOCK_RAW || family == linux.AF_PACKET) && hooksOf(p).NoRaw {
		e := py.FromErrno(linux.EPERM)
		e.Strerror = starlark.String("Operation not permitted: a scenario's roles open raw and packet sockets only with allow = [\"raw\"] in scenario.star")
		e.Args = starlark.Tuple{e.Errno, e.Strerror}
		return nil, e
	}
	if err := rawRefusedAtOpen(hooksOf(p), family, stype&^(linux.SOCK_NONBLOCK|linux.SOCK_CLOEXEC), proto); err != nil {
		return nil, err
	}
	rs := runStateOf(p)
	plain := stype &^ (linux.SOCK_NONBLOCK | linux.SOCK_CLOEXEC)
	fd, err := rs.ns.Socket(family, plain, proto)
	if isFull(err) {
		// Sockets the script dropped unclosed may hold the descriptors.
		reclaim(p)
		fd, err = rs.ns.Socket(family, plain, proto)
	}
	if err != nil {
		return nil, notModelled(rs.sim, err)
	}
	timeout := defaultTimeoutOf(p).d
	if stype&linux.SOCK_NONBLOCK != 0 {
		timeout = 0
	}
	// CPython strips the creation flags from .type.
	base := stype &^ (linux.SOCK_NONBLOCK | linux.SOCK_CLOEXEC)
	return newFD(p, fd, family, base, proto, timeout)
}

func (s *Socket) bind(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var addr starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &addr); err != nil {
		return nil, err
	}
	sa, err := sockaddr(s.p, s.family, addr, "bind")
	if err != nil {
		return nil, err
	}
	if err := s.mapErr(s.control(func(fd int) error { return s.ns.Bind(fd, sa) })); err != nil {
		return nil, err
	}
	if bound := s.hooks.Bound; bound != nil && s.stype != linux.SOCK_RAW { // a raw socket's "port" is its protocol
		if name, err := s.sysGetsockname(); err == nil {
			bound(name) // the port the kernel picked for port 0 too
		}
	}
	if s.stype == linux.SOCK_DGRAM {
		s.ready()
	}
	return starlark.None, nil
}

// ready tells whoever runs the script that it can now be reached.
func (s *Socket) ready() {
	if h := s.hooks; h.Ready != nil {
		h.Ready()
	}
}

// bindSource gives an unbound socket the address its host's traffic leaves
// from, when a hook asks for one.
func (s *Socket) bindSource() error {
	h := s.hooks
	if h.Source == nil || s.family == linux.AF_UNIX {
		return nil
	}
	sa, err := s.sysGetsockname()
	if err != nil {
		return s.mapErr(err)
	}
	switch a := sa.(type) {
	case *syscall.SockaddrInet4:
		if s.stype == linux.SOCK_RAW {
			// A raw socket's port is its protocol: bound is an address.
			if a.Addr != [4]byte{} {
				return nil
			}
		} else if a.Port != 0 {
			return nil
		}
	case *syscall.SockaddrInet6:
		if a.Port != 0 {
			return nil
		}
	}
	src := h.Source(s.family)
	if src == nil {
		return nil
	}
	if err := s.mapErr(s.control(func(fd int) error { return s.ns.Bind(fd, src) })); err != nil {
		return err
	}
	if h.Bound != nil && s.stype != linux.SOCK_RAW { // a raw socket's "port" is its protocol
		if name, err := s.sysGetsockname(); err == nil {
			h.Bound(name) // an answer may come back to this port
		}
	}
	return nil
}

func (s *Socket) listen(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var backlogV starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &backlogV); err != nil {
		return nil, err
	}
	backlog := min(linux.SOMAXCONN, 128) // CPython's default
	if backlogV != nil {
		n, err := cInt(backlogV)
		if err != nil {
			return nil, err
		}
		backlog = max(n, 0)
	}
	if err := s.mapErr(s.control(func(fd int) error { return s.ns.Listen(fd, backlog) })); err != nil {
		return nil, err
	}
	s.ready()
	return starlark.None, nil
}

func (s *Socket) accept(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	var nfd int
	var sa syscall.Sockaddr
	try := func() error {
		fd := s.rawFD()
		if fd < 0 {
			return errBadFD()
		}
		var err error
		nfd, sa, err = s.ns.Accept(fd)
		return err
	}
	// At once, then a short busy poll when clients came quickly, then the poller.
	err := try()
	if isFull(err) {
		reclaim(s.p)
		err = try()
	}
	if err == linux.EAGAIN && s.timeout != 0 {
		var done bool
		if done, err = s.spin(try); !done {
			began := time.Now()
			err = s.io(false, s.deadline(), func(fd int) (err error) {
				nfd, sa, err = s.ns.Accept(fd)
				return err
			})
			s.lastWait = time.Since(began)
		}
	}
	if err != nil {
		return nil, s.mapErr(err)
	}
	// The new socket's timeout is the default timeout, as in CPython.
	conn, err := newFD(s.p, nfd, s.family, s.stype, s.proto, defaultTimeoutOf(s.p).d)
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{conn, s.nameValue(sa)}, nil
}

// doConnect starts a connection and, unless the socket is non-blocking,
// waits for it to complete on the poller.
func (s *Socket) doConnect(addr starlark.Value, op string) error {
	sa, err := sockaddr(s.p, s.family, addr, op)
	if err != nil {
		return err
	}
	if s.connected {
		return py.FromErrno(linux.EISCONN)
	}
	var hole syscall.Sockaddr // a partition's: the connect goes unanswered
	if f := s.hooks.Faults; f != nil {
		hole = f.unanswered(s, sa)
	}
	if reaches := s.hooks.Reaches; reaches != nil && hole == nil && (s.stype != linux.SOCK_RAW || s.hooks.RawReaches == nil) {
		s.outside = !reaches(sa)
		if s.outside && s.stype == linux.SOCK_STREAM {
			return py.FromErrno(linux.ECONNREFUSED) // nobody of the run listens there
		}
	}
	if f := s.hooks.Faults; f != nil {
		if f.refused(s, addr, op) {
			return py.FromErrno(linux.ECONNREFUSED) // a scenario's on(connect(...), refuse())
		}
		if err := f.streamErr(s, sa); err != nil {
			return err
		}
		if hole != nil {
			sa = hole
		} else if err := s.handshakeHeld(f, sa); err != nil {
			return err
		}
	}
	if err := s.bindSource(); err != nil {
		return err
	}
	err = s.control(func(fd int) error { return s.ns.Connect(fd, sa) })
	if err == nil {
		if s.stype == linux.SOCK_RAW {
			s.rawPeer = sa
		}
		return nil
	}
	if !errors.Is(err, linux.EINPROGRESS) || s.timeout == 0 {
		return s.mapErr(err)
	}
	blocking := s.timeout < 0
	// On loopback the handshake is often over by now: no need to wait.
	if fd := s.rawFD(); fd >= 0 {
		if _, perr := s.ns.Getpeername(fd); perr == nil {
			s.connected = blocking
			return nil
		}
	}
	if s.p.Cancelled() {
		return s.p.Cause()
	}
	// The poller may report writable before the handshake ends: ask the kernel.
	var failed bool // the connect itself failed (not the wait)
	err = s.io(true, s.deadline(), func(fd int) error {
		n, err := s.ns.GetsockoptInt(fd, linux.SOL_SOCKET, linux.SO_ERROR)
		if err != nil {
			return err
		}
		switch e := syscall.Errno(n); e {
		case 0:
			if _, err := s.ns.Getpeername(fd); err != nil {
				return linux.EAGAIN
			}
			return nil
		case linux.EINPROGRESS, linux.EALREADY, linux.EINTR:
			return linux.EAGAIN
		default:
			failed = true
			return e
		}
	})
	if blocking && failed {
		// CPython's blocking connect(2) leaves a socket whose connect failed
		// disconnected (tcp_disconnect): recv raises ENOTCONN and another
		// connect starts afresh. This one's connect was non-blocking: undo it
		// as the kernel would, by connecting to AF_UNSPEC.
		s.control(func(fd int) error { return s.ns.Connect(fd, nil) })
	}
	s.connected = err == nil && blocking
	return err
}

func (s *Socket) connect(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var addr starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &addr); err != nil {
		return nil, err
	}
	if err := s.doConnect(addr, "connect"); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// connectEx returns the errno instead of raising, except for errors that are
// not the connection's (bad arguments, unknown host, a cancelled run).
func (s *Socket) connectEx(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var addr starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &addr); err != nil {
		return nil, err
	}
	err := s.doConnect(addr, "connect_ex")
	if err == nil {
		return starlark.MakeInt(0), nil
	}
	var exc *py.Exception
	if errors.As(err, &exc) && !s.p.Cancelled() {
		if exc.Class == py.TimeoutError && exc.Errno == nil {
			return starlark.MakeInt(int(linux.EAGAIN)), nil
		}
		if exc.Class.IsSubclass(py.OSError) && exc.Errno != nil && !exc.Class.IsSubclass(GaiError) {
			return exc.Errno, nil
		}
	}
	return nil, err
}

const sendFlags = linux.MSG_NOSIGNAL

// valueAndFlags unpacks the (value, flags=0) arguments of send, sendall,
// recv and recvfrom. Almost every call passes just the value, which is taken
// as it is: UnpackPositionalArgs's targets escape, an allocation each per
// call on the hottest builtins.
func valueAndFlags(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, int, error) {
	if len(args) == 1 && len(kwargs) == 0 {
		return args[0], 0, nil
	}
	var v, flagsV starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v, &flagsV); err != nil {
		return nil, 0, err
	}
	if flagsV == nil {
		return v, 0, nil
	}
	flags, err := cInt(flagsV) // a C int, as CPython reads it
	return v, flags, err
}

func (s *Socket) send(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	data, flags, err := valueAndFlags(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	buf, err := py.AsBytes(data)
	if err != nil {
		return nil, err
	}
	raw := unsafe.Slice(unsafe.StringData(buf), len(buf))
	if raw, _, err = s.confineRaw(raw, nil); err != nil {
		return nil, err
	}
	if s.outside && s.stype == linux.SOCK_DGRAM {
		return starlark.MakeInt(len(raw)), nil // a connected peer outside the run: lost
	}
	if s.hooks.Faults != nil {
		if s.stype == linux.SOCK_DGRAM && s.family != linux.AF_UNIX && s.hooks.Faults.Lose != nil {
			// Only a datagram that would leave: an unconnected send fails as it would.
			if sa, err := s.sysGetpeername(); err == nil && s.hooks.Faults.loses(s, raw, sa) {
				return starlark.MakeInt(len(raw)), nil // lost on the way: nobody is told
			}
		}
		raw = raw[:s.hooks.Faults.sendSize(s, len(raw))]
		if s.hooks.Faults.lost(s, raw) {
			return starlark.MakeInt(len(raw)), nil // taken, then overtaken by the reset
		}
		if dq, path := s.pathOf(s.hooks.Faults, nil); dq != nil {
			n, err := dq.put(s, path, raw, flags, nil, s.deadline())
			if err != errDirect {
				if err != nil {
					return nil, s.mapErr(err)
				}
				s.hooks.Faults.sent(s, raw[:n])
				return starlark.MakeInt(n), nil
			}
		}
	}
	n, err := s.sendNow(raw, flags|sendFlags)
	if err == linux.EAGAIN && s.timeout != 0 {
		n, err = s.sendWait(raw, flags|sendFlags, s.deadline())
	}
	if err != nil {
		return nil, s.mapErr(err)
	}
	if s.hooks.Faults != nil {
		s.hooks.Faults.sent(s, raw[:n])
	}
	return starlark.MakeInt(n), nil
}

func (s *Socket) sendall(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	data, flags, err := valueAndFlags(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	buf, err := py.AsBytes(data)
	if err != nil {
		return nil, err
	}
	return starlark.None, s.sendAll(buf, flags)
}

// sendNow is one send that does not wait: under the interpreter lock, or
// with it released when other threads wait for it.
func (s *Socket) sendNow(b []byte, flags int) (int, error) {
	if !s.p.Contended() {
		fd := s.rawFD()
		if fd < 0 {
			return 0, errBadFD()
		}
		return s.ns.Send(fd, b, flags)
	}
	var n int
	var err error
	// Without the lock, only the poller's reference keeps the descriptor
	// ours; a simulated socket's number is no kernel descriptor (see poller).
	if !s.sim {
		if _, _, perr := s.poller(); perr != nil {
			return 0, perr
		}
	}
	if cerr := s.p.Unlocked(func() error {
		return s.control(func(fd int) error {
			n, err = s.ns.Send(fd, b, flags)
			return nil
		})
	}); cerr != nil {
		return 0, cerr
	}
	return n, err
}

// sendWait is a send that waits until the socket can take some bytes. A
// function of its own, so that the variables its closure captures are made
// only when a send has to wait.
func (s *Socket) sendWait(b []byte, flags int, deadline time.Time) (int, error) {
	var n int
	err := s.io(true, deadline, func(fd int) (err error) {
		n, err = s.ns.Send(fd, b, flags)
		return err
	})
	return n, err
}

// sendAll sends every byte; the timeout bounds the whole call, as in CPython 3.5+.
func (s *Socket) sendAll(buf string, flags int) error {
	deadline := s.deadline()
	b, _, err := s.confineRaw(unsafe.Slice(unsafe.StringData(buf), len(buf)), nil)
	if err != nil {
		return err
	}
	for len(b) > 0 {
		part := b
		if s.hooks.Faults != nil {
			// sendall hides partial sends: it sends the rest in more calls.
			part = b[:s.hooks.Faults.sendSize(s, len(b))]
			if s.hooks.Faults.lost(s, part) {
				b = b[len(part):] // taken, then overtaken by the reset
				continue
			}
		}
		n, err := 0, errDirect
		if s.hooks.Faults != nil {
			if dq, path := s.pathOf(s.hooks.Faults, nil); dq != nil {
				n, err = dq.put(s, path, part, flags, nil, deadline)
			}
		}
		if err == errDirect {
			n, err = s.sendNow(part, flags|sendFlags)
			if err == linux.EAGAIN && s.timeout != 0 {
				n, err = s.sendWait(part, flags|sendFlags, deadline)
			}
		}
		if err == nil && s.hooks.Faults != nil {
			s.hooks.Faults.sent(s, part[:n])
		}
		if err != nil {
			return s.mapErr(err)
		}
		b = b[n:]
	}
	return nil
}

// sendtoAddr converts sendto's address, reusing the last conversion when a
// script sends to the same peer again (a UDP client's loop does).
func (s *Socket) sendtoAddr(addr starlark.Value) (syscall.Sockaddr, error) {
	if s.lastTo != nil {
		if same, err := starlark.Equal(addr, s.lastTo); err == nil && same {
			return s.lastToSA, nil
		}
	}
	sa, err := sockaddr(s.p, s.family, addr, "sendto")
	if err != nil {
		return nil, err
	}
	if err := s.bindSource(); err != nil {
		return nil, err
	}
	if s.stype == linux.SOCK_RAW && s.hooks.RawReaches != nil {
		return sa, nil // each packet is confined on its own (confineRaw)
	}
	if reaches := s.hooks.Reaches; reaches != nil && !reaches(sa) {
		return nil, nil // outside the run: lost; not kept, it may be bound later
	}
	s.lastTo, s.lastToSA = addr, sa
	return sa, nil
}

// senderValue is recvfrom's address, reusing the last tuple when the
// datagram came from the same sender (a UDP server answering one client).
func (s *Socket) senderValue(from syscall.Sockaddr) starlark.Value {
	if from4, ok := from.(*syscall.SockaddrInet4); ok {
		if last, ok := s.lastFromSA.(*syscall.SockaddrInet4); ok && *last == *from4 {
			return s.lastFrom
		}
		v := addrValue(s.p, s.family, from)
		s.lastFrom, s.lastFromSA = v, from
		return v
	}
	return addrValue(s.p, s.family, from)
}

func (s *Socket) sendto(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, py.Errorf(py.TypeError, "sendto() takes no keyword arguments")
	}
	var data, addr starlark.Value
	flags := 0
	switch len(args) {
	case 2:
		data, addr = args[0], args[1]
	case 3:
		data, addr = args[0], args[2]
		n, err := cInt(args[1])
		if err != nil {
			return nil, err
		}
		flags = n
	default:
		return nil, py.Errorf(py.TypeError, "sendto() takes 2 or 3 arguments (%d given)", len(args))
	}
	buf, err := py.AsBytes(data)
	if err != nil {
		return nil, err
	}
	sa, err := s.sendtoAddr(addr)
	if err != nil {
		return nil, err
	}
	raw := unsafe.Slice(unsafe.StringData(buf), len(buf))
	if sa == nil {
		return starlark.MakeInt(len(raw)), nil // to outside the run: lost (Hooks.Reaches)
	}
	if raw, sa, err = s.confineRaw(raw, sa); err != nil {
		return nil, err
	}
	copies := 1
	if s.hooks.Faults != nil {
		if s.hooks.Faults.loses(s, raw, sa) {
			return starlark.MakeInt(len(raw)), nil // lost on the way: nobody is told
		}
		if copies = s.hooks.Faults.copies(s, sa); copies == 0 {
			return starlark.MakeInt(len(raw)), nil // lost on the way: nobody is told
		}
		if dq, path := s.pathOf(s.hooks.Faults, sa); dq != nil {
			for range copies {
				if _, err := dq.put(s, path, raw, flags, sa, s.deadline()); err != nil && err != errDirect {
					return nil, s.mapErr(err)
				}
			}
			return starlark.MakeInt(len(raw)), nil
		}
	}
	// At once under the interpreter lock first, as send does.
	n, err, tried := 0, error(linux.EAGAIN), false
	if !s.p.Contended() {
		fd := s.rawFD()
		if fd < 0 {
			return nil, errBadFD()
		}
		n, err = s.ns.Sendto(fd, raw, flags|sendFlags, sa)
		tried = true
	}
	if err == linux.EAGAIN && (s.timeout != 0 || !tried) {
		err = s.io(true, s.deadline(), func(fd int) (err error) {
			n, err = s.ns.Sendto(fd, raw, flags|sendFlags, sa)
			return err
		})
	}
	if err != nil {
		return nil, s.mapErr(err)
	}
	if copies > 1 {
		// A link's duplicate: the same datagram once more; its fate is the network's.
		s.control(func(fd int) error {
			s.ns.Sendto(fd, raw, flags|sendFlags, sa)
			return nil
		})
	}
	return starlark.MakeInt(n), nil
}

// maxRecvChunk bounds what one recv allocates: a script asking for a huge
// size gets at most this much per call, as a stream may give anyway.
const maxRecvChunk = 1 << 20

// recvInto receives up to bufsize bytes. Given scratch (host.Scratch), the
// bytes are received there and the value points into it.
func (s *Socket) recvInto(bufsize, flags int, op string, scratch []byte) (string, syscall.Sockaddr, error) {
	data, sa, err := s.recvIntoKernel(bufsize, flags, op, scratch)
	if s.stype == linux.SOCK_RAW && err == nil {
		data = s.rawIn(data)
	}
	return data, sa, err
}

func (s *Socket) recvIntoKernel(bufsize, flags int, op string, scratch []byte) (string, syscall.Sockaddr, error) {
	if bufsize < 0 {
		return "", nil, py.Errorf(py.ValueError, "negative buffersize in %s", op)
	}
	if bufsize == 0 {
		// CPython asks the kernel nothing (which would wait for data).
		return "", nil, nil
	}
	size := min(bufsize, maxRecvChunk)
	if s.hooks.Faults != nil {
		size = s.hooks.Faults.recvSize(s, size)
	}
	// First try at once, under the interpreter lock: no closure, no poller;
	// unless the last receive had to wait, when this one likely will too and
	// the poller's own first try is enough.
	if !s.recvWaited || s.timeout == 0 {
		data, err := s.recvNow(size, flags, scratch)
		if err == nil {
			return data, nil, nil
		}
		if err != linux.EAGAIN || s.timeout == 0 {
			return "", nil, s.resetEOF(s.mapErr(err))
		}
	}
	var data string
	if done, err := s.spin(func() error {
		var err error
		data, err = s.recvNow(size, flags, scratch)
		return err
	}); done {
		if err != nil {
			err = s.resetEOF(err)
		}
		return data, nil, err
	}
	data, err := s.recvWait(size, flags, scratch)
	if err != nil {
		err = s.resetEOF(err)
	}
	return data, nil, err
}

// waited records how long a receive that began then waited: the socket's
// and the run's next receives decide on busy polling from it.
func (s *Socket) waited(began time.Time) {
	s.lastWait = time.Since(began)
	s.rb.lastWait = s.lastWait
}

// recvWait is a receive that waits for data. A function of its own, so
// that the variables its closure captures (which the poller keeps) are
// made only when a receive has to wait.
func (s *Socket) recvWait(size, flags int, scratch []byte) (string, error) {
	if s.sim {
		return s.recvSimWait(size, flags, scratch)
	}
	var data string
	tries := 0
	began := time.Now()
	defer s.waited(began)
	err := s.io(false, s.deadline(), func(fd int) error {
		tries++
		// A buffer of its own: the lock is released while this waits.
		buf, put := recvBuffer(size, scratch)
		defer put()
		n, err := s.ns.Recv(fd, buf, flags)
		if err == nil {
			data = bytesOf(buf, n, size > ownRecv, scratch != nil)
		}
		return err
	})
	s.recvWaited = tries > 1
	return data, err
}

// Busy polling: a receive whose peer answered within shortWait last time
// retries for up to spinFor before it parks on the poller, as Linux's
// SO_BUSY_POLL does in the kernel. A round trip on loopback takes tens of
// microseconds, and waking a parked goroutine costs as much again; a
// connection that waits longer, or a run whose other threads want the lock,
// does not spin.
const (
	shortWait = 200 * time.Microsecond
	spinFor   = 50 * time.Microsecond
)

// spin retries try while the socket's last wait was short; it reports
// whether try got an answer (data, or an error other than EAGAIN). A spin
// that gets nothing makes the run skip the next 1, 3, 7 ... 63 spins: on a
// busy machine the spinner holds a processor the peer needs to answer.
func (s *Socket) spin(try func() error) (bool, error) {
	if s.timeout == 0 || s.lastWait <= 0 || s.lastWait > shortWait || s.sim {
		return false, nil
	}
	rb := s.rb
	if rb.spinSkip > 0 {
		rb.spinSkip--
		return false, nil
	}
	until := time.Now().Add(spinFor)
	for !s.p.Contended() && time.Now().Before(until) {
		goruntime.Gosched()
		err := try()
		if err == nil {
			s.recvWaited = false
			rb.spinMisses = 0
			return true, nil
		}
		if err != linux.EAGAIN {
			return true, s.mapErr(err)
		}
	}
	rb.spinMisses = min(2*rb.spinMisses+1, maxSpinSkip)
	rb.spinSkip = rb.spinMisses
	return false, nil
}

const maxSpinSkip = 63

// recvNow is one receive that does not wait. Small ones go through the run's
// buffer under the interpreter lock; large ones, or any while other threads
// wait for the lock, into a buffer of their own with the lock released, as
// CPython releases its lock around every system call.
func (s *Socket) recvNow(size, flags int, scratch []byte) (string, error) {
	if size <= smallRecv && !s.p.Contended() {
		fd := s.rawFD()
		if fd < 0 {
			return "", errBadFD()
		}
		if scratch != nil {
			n, err := s.ns.Recv(fd, scratch, flags)
			if err != nil {
				return "", err
			}
			return bytesOf(scratch, n, true, true), nil
		}
		// A stream that filled large receives will likely fill this one:
		// receive into the value's own memory rather than copy it there.
		if size > ownRecv && s.lastRecvFull {
			buf := make([]byte, size)
			n, err := s.ns.Recv(fd, buf, flags)
			if err != nil {
				return "", err
			}
			s.lastRecvFull = n >= size/2
			return bytesOf(buf, n, true, false), nil
		}
		buf := s.rb.get(size)
		n, err := s.ns.Recv(fd, buf, flags)
		if err != nil {
			return "", err
		}
		s.lastRecvFull = n >= size/2
		return bytesOf(buf, n, false, false), nil
	}
	buf, put := recvBuffer(size, scratch)
	defer put()
	var n int
	var err error
	// Without the lock, only the poller's reference keeps the descriptor
	// ours; a simulated socket's number is no kernel descriptor (see poller).
	if !s.sim {
		if _, _, perr := s.poller(); perr != nil {
			return "", perr
		}
	}
	if cerr := s.p.Unlocked(func() error {
		return s.control(func(fd int) error {
			n, err = s.ns.Recv(fd, buf, flags)
			return nil
		})
	}); cerr != nil {
		return "", cerr
	}
	if err != nil {
		return "", err
	}
	return bytesOf(buf, n, size > ownRecv, scratch != nil), nil
}

// pooledRecvs holds buffers for receives of up to ownRecv bytes made without
// the interpreter lock, where the run's buffer cannot be used: the bytes are
// copied out, and the buffer is not made and zeroed anew each call.
var pooledRecvs = sync.Pool{New: func() any { b := make([]byte, ownRecv); return &b }}

// recvBuffer is a buffer of size bytes for a receive made without the
// interpreter lock, and the function that gives it back once its bytes are
// copied out. Above ownRecv it is the call's own, to become the value; the
// caller's scratch (host.Scratch), if it has one.
func recvBuffer(size int, scratch []byte) ([]byte, func()) {
	if scratch != nil {
		return scratch, func() {}
	}
	if size > ownRecv {
		return make([]byte, size), func() {}
	}
	b := pooledRecvs.Get().(*[]byte)
	return (*b)[:size], func() { pooledRecvs.Put(b) }
}

// bytesOf makes the n bytes a receive into buf reported a value. A buffer of
// the call's own that is at least half full becomes the value as it is,
// without a copy; so does a scratch buffer, which the script never keeps the
// value past. With MSG_TRUNC the kernel reports a datagram's whole length,
// more than buf holds: CPython's bytes grow to it, with undefined contents
// past the buffer, which are zeros here.
func bytesOf(buf []byte, n int, own, scratch bool) string {
	if n > len(buf) {
		whole := make([]byte, n)
		copy(whole, buf)
		return unsafe.String(&whole[0], n)
	}
	if n > 0 && (scratch || own && n >= cap(buf)/2) {
		return unsafe.String(&buf[0], n)
	}
	return string(buf[:n])
}

// recvfromInto is recvInto that also reports the sender's address.
func (s *Socket) recvfromInto(bufsize, flags int) (string, syscall.Sockaddr, error) {
	data, sa, err := s.recvfromKernel(bufsize, flags)
	if s.stype == linux.SOCK_RAW && err == nil {
		data = s.rawIn(data)
	}
	return data, sa, err
}

func (s *Socket) recvfromKernel(bufsize, flags int) (string, syscall.Sockaddr, error) {
	if bufsize < 0 {
		return "", nil, py.Errorf(py.ValueError, "negative buffersize in recvfrom")
	}
	size := min(bufsize, maxRecvChunk)
	var data string
	var from syscall.Sockaddr
	now := func() error {
		// At once under the interpreter lock, as recv does.
		fd := s.rawFD()
		if fd < 0 {
			return errBadFD()
		}
		buf := s.rb.get(size)
		n, sa, err := s.ns.Recvfrom(fd, buf, flags)
		if err == nil {
			data, from = bytesOf(buf, n, false, false), sa
		}
		return err
	}
	if size <= smallRecv && !s.p.Contended() {
		err := now()
		if err == nil {
			return data, from, nil
		}
		if err != linux.EAGAIN || s.timeout == 0 {
			return "", nil, s.mapErr(err)
		}
		if done, err := s.spin(now); done {
			return data, from, err
		}
	}
	began := time.Now()
	defer s.waited(began)
	err := s.io(false, s.deadline(), func(fd int) error {
		var stack [512]byte
		buf := stack[:]
		if size > len(stack) {
			buf = make([]byte, size)
		}
		n, sa, err := s.ns.Recvfrom(fd, buf[:size], flags)
		if err == nil {
			data, from = bytesOf(buf[:size], n, false, false), sa
		}
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return data, from, nil
}

func (s *Socket) recv(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	bufsizeV, flags, err := valueAndFlags(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	bufsize, err := sizeArg(bufsizeV)
	if err != nil {
		return nil, err
	}
	var scratch []byte
	if bufsize > ownRecv {
		scratch = host.Scratch(thread, min(bufsize, maxRecvChunk))
	}
	data, _, err := s.recvInto(bufsize, flags, "recv", scratch)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(data), nil
}

func sizeArg(v starlark.Value) (int, error) {
	n, ok := v.(starlark.Int)
	if !ok {
		return 0, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
	}
	i, ok := n.Int64()
	if !ok || i > 1<<62 {
		return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C ssize_t")
	}
	if i < -1<<62 {
		return -1, nil
	}
	return int(i), nil
}

func (s *Socket) recvfrom(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	bufsizeV, flags, err := valueAndFlags(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	bufsize, err := sizeArg(bufsizeV)
	if err != nil {
		return nil, err
	}
	data, from, err := s.recvfromInto(bufsize, flags)
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{starlark.Bytes(data), s.senderValue(from)}, nil
}

func (s *Socket) shutdown(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var howV starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &howV); err != nil {
		return nil, err
	}
	how, err := cInt(howV)
	if err != nil {
		return nil, err
	}
	if f := s.hooks.Faults; f != nil && f.Path != nil && s.stype == linux.SOCK_STREAM && (how == linux.SHUT_WR || how == linux.SHUT_RDWR) {
		if dq, _ := s.pathOf(f, nil); dq != nil {
			// The FIN travels the path behind the data; the reading side shuts now.
			if how == linux.SHUT_RDWR {
				if err := s.control(func(fd int) error { return s.ns.Shutdown(fd, linux.SHUT_RD) }); err != nil {
					return nil, s.mapErr(err)
				}
			}
			dq.shutdown(linux.SHUT_WR)
			return starlark.None, nil
		}
	}
	return starlark.None, s.mapErr(s.control(func(fd int) error { return s.ns.Shutdown(fd, how) }))
}

// CloseFor closes the socket at the end of a with statement.
func (s *Socket) CloseFor(thread *starlark.Thread) error {
	if src := s.p.Trace; src != nil {
		// Recorded as a close() call: the connection ends here.
		_, err := s.traced(src, "close", (*Socket).close, thread, closeBuiltin, nil, nil)
		return err
	}
	_, err := s.close(thread, closeBuiltin, nil, nil)
	return err
}

func (s *Socket) close(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.release()
	return starlark.None, nil
}

func (s *Socket) detach(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return nil, py.Errorf(py.OSError, "detach() is not supported: the descriptor would outlive the run")
}

func (s *Socket) filenoMethod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.MakeInt(s.fileno()), nil
}

func (s *Socket) getsockname(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return s.address(b, args, kwargs, s.sysGetsockname)
}

func (s *Socket) getpeername(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return s.address(b, args, kwargs, s.sysGetpeername)
}

// address is getsockname and getpeername: the kernel's answer in the script's view.
func (s *Socket) address(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, get func() (syscall.Sockaddr, error)) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	sa, err := get()
	if err != nil {
		return nil, s.mapErr(err)
	}
	return s.nameValue(sa), nil
}

// nameValue is addrValue where an unnamed AF_UNIX socket is ”, as in CPython.
func (s *Socket) nameValue(sa syscall.Sockaddr) starlark.Value {
	v := addrValue(s.p, s.family, sa)
	if v == starlark.None && s.family == linux.AF_UNIX {
		return starlark.String("")
	}
	return v
}

func (s *Socket) setsockopt(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var levelV, optV, value, optlenV starlark.Value
	if len(kwargs) == 0 && len(args) < 3 {
		return nil, py.Errorf(py.TypeError, "setsockopt() takes exactly 3 arguments (%d given)", len(args))
	}
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 3, &levelV, &optV, &value, &optlenV); err != nil {
		return nil, err
	}
	ints, err := cInts(levelV, optV)
	if err != nil {
		return nil, err
	}
	level, opt := ints[0], ints[1]
	var set func(fd int) error
	switch v := value.(type) {
	case starlark.NoneType:
		if optlenV == nil {
			return nil, py.Errorf(py.TypeError, "a bytes-like object is required, not 'NoneType'")
		}
		n, err := cInt(optlenV)
		if err != nil {
			return nil, err
		}
		set = func(fd int) error { return s.ns.SetsockoptBytes(fd, level, opt, nil, n) }
	case starlark.Int, starlark.Bool:
		n, err := cInt(v)
		if err != nil {
			// CPython then tries the value as a buffer, and says why not.
			return nil, py.Errorf(py.TypeError, "a bytes-like object is required, not 'int'")
		}
		set = func(fd int) error { return s.ns.SetsockoptInt(fd, level, opt, n) }
	default:
		buf, err := py.AsBytes(value)
		if err != nil {
			return nil, py.Errorf(py.TypeError, "a bytes-like object is required, not '%s'", py.TypeOf(value).Name())
		}
		set = func(fd int) error { return s.ns.SetsockoptBytes(fd, level, opt, []byte(buf), len(buf)) }
	}
	if err := s.control(set); err != nil {
		return nil, s.optErr(err)
	}
	return starlark.None, nil
}

func (s *Socket) getsockopt(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var levelV, optV, buflenV starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &levelV, &optV, &buflenV); err != nil {
		return nil, err
	}
	ints, err := cInts(levelV, optV)
	if err != nil {
		return nil, err
	}
	level, opt := ints[0], ints[1]
	buflen := 0
	if buflenV != nil {
		if buflen, err = cInt(buflenV); err != nil {
			return nil, err
		}
	}
	if buflen == 0 {
		// No buffer length, or 0: the option as an int, as CPython reads it.
		var n int
		err := s.control(func(fd int) (err error) {
			n, err = s.ns.GetsockoptInt(fd, level, opt)
			return err
		})
		if err != nil {
			return nil, s.optErr(err)
		}
		return starlark.MakeInt(n), nil
	}
	if buflen < 0 || buflen > 1024 {
		return nil, py.Errorf(py.OSError, "getsockopt buflen out of range")
	}
	var buf []byte
	err = s.control(func(fd int) (err error) {
		buf, err = s.ns.GetsockoptBytes(fd, level, opt, buflen)
		return err
	})
	if err != nil {
		return nil, s.optErr(err)
	}
	return starlark.Bytes(buf), nil
}

func (s *Socket) settimeout(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	d, err := timeoutArg(v)
	if err != nil {
		return nil, err
	}
	if s.rawFD() < 0 {
		return nil, errBadFD()
	}
	s.setTimeout(d)
	return starlark.None, nil
}

func (s *Socket) setTimeout(d time.Duration) {
	s.timeout = d
	s.mu.Lock()
	f := s.file
	s.mu.Unlock()
	if f != nil && d < 0 {
		// Blocking calls set no deadline of their own: clear any left over,
		// then honour a cancel that this may have just cleared.
		f.SetDeadline(time.Time{})
		if s.p.Cancelled() {
			s.Interrupt()
		}
	}
}

func (s *Socket) gettimeout(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return timeoutValue(s.timeout), nil
}

func (s *Socket) setblocking(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var flag starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &flag); err != nil {
		return nil, err
	}
	if _, err := cLong(flag); err != nil {
		return nil, err
	}
	if s.rawFD() < 0 {
		return nil, errBadFD()
	}
	if flag.Truth() {
		s.setTimeout(noTimeout)
	} else {
		s.setTimeout(0)
	}
	return starlark.None, nil
}

func (s *Socket) getblocking(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.Bool(s.timeout != 0), nil
}
