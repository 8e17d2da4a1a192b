// Package socket is Python's socket module over real kernel sockets.
//
//	socket.socket(family=AF_INET, type=SOCK_STREAM, proto=0)
//	    .accept() .bind(address) .close() .connect(address) .connect_ex(address)
//	    .fileno() .getblocking() .getpeername() .getsockname()
//	    .getsockopt(level, optname[, buflen]) .gettimeout() .listen([backlog])
//	    .makefile(mode='r', buffering=None, encoding=None, errors=None, newline=None)
//	    .recv(bufsize[, flags]) .recvfrom(bufsize[, flags]) .send(data[, flags])
//	    .recv_into(buffer[, nbytes[, flags]]) .recvfrom_into(buffer[, nbytes[, flags]]) .dup()
//	    .sendall(data[, flags]) .sendto(data[, flags], address) .setblocking(flag)
//	    .setsockopt(level, optname, value[, optlen]) .settimeout(value) .shutdown(how)
//	    .family .type .proto .timeout
//	socket.socketpair(family=AF_UNIX, type=SOCK_STREAM, proto=0)
//	socket.create_connection(address, timeout=None, source_address=None)
//	socket.create_server(address, *, family=AF_INET, backlog=None, reuse_port=False, dualstack_ipv6=False)
//	socket.setdefaulttimeout(timeout), socket.getdefaulttimeout()
//	socket.error (OSError), socket.timeout (TimeoutError), socket.gaierror, socket.herror
//	socket.SocketType (socket.socket), socket.has_ipv6, socket.has_dualstack_ipv6()
//	socket.gethostname(), gethostbyname(name), gethostbyname_ex(name),
//	    gethostbyaddr(ip), getfqdn(name=''), getaddrinfo(host, port, family=0,
//	    type=0, proto=0, flags=0), getnameinfo(sockaddr, flags),
//	    getprotobyname(name), getservbyname(name, proto=None), getservbyport(port, proto=None)
//	socket.inet_aton(s), inet_ntoa(b), inet_pton(family, s), inet_ntop(family, b)
//	socket.htons(x), htonl(x), ntohs(x), ntohl(x)
//	socket.if_nameindex(), if_nametoindex(name), if_indextoname(index)
//	and every AF_* (AF_DECnet too), SOCK_*, SOL_*, IPPROTO_*, SO_*, TCP_*, SHUT_*,
//	MSG_*, ... constant.
package socket

import (
	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
)

// Module is the socket module.
var Module = &py.Module{Name: "socket", Build: members}

func members() starlark.StringDict {
	completeSocketClass()
	m := starlark.StringDict{
		"socket":             SocketClass,
		"SocketType":         SocketClass,
		"error":              py.OSError,
		"timeout":            py.TimeoutError,
		"gaierror":           GaiError,
		"herror":             HError,
		"has_ipv6":           starlark.True,
		"has_dualstack_ipv6": starlark.NewBuiltin("socket.has_dualstack_ipv6", hasDualstackIPv6),
		"setdefaulttimeout":  starlark.NewBuiltin("socket.setdefaulttimeout", setdefaulttimeout),
		"getdefaulttimeout":  starlark.NewBuiltin("socket.getdefaulttimeout", getdefaulttimeout),
		"socketpair":         starlark.NewBuiltin("socket.socketpair", socketpair),
		"create_connection":  starlark.NewBuiltin("socket.create_connection", createConnection),
		"create_server":      starlark.NewBuiltin("socket.create_server", createServer),
	}
	for _, c := range constants {
		m[c.name] = starlark.MakeInt64(c.value)
	}
	for name, fn := range moduleFuncs() {
		m[name] = starlark.NewBuiltin("socket."+name, fn)
	}
	return m
}

type builtinFunc = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

func setdefaulttimeout(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	d, err := timeoutArg(v)
	if err != nil {
		return nil, err
	}
	defaultTimeoutOf(host.Of(thread)).d = d
	return starlark.None, nil
}

func getdefaulttimeout(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return timeoutValue(defaultTimeoutOf(host.Of(thread)).d), nil
}

func socketpair(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	family, stype, proto := linux.AF_UNIX, linux.SOCK_STREAM, 0
	var familyV, typeV, protoV starlark.Value = starlark.None, starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "family?", &familyV, "type?", &typeV, "proto?", &protoV); err != nil {
		return nil, err
	}
	for _, x := range []struct {
		v   starlark.Value
		dst *int
	}{{familyV, &family}, {typeV, &stype}, {protoV, &proto}} {
		if x.v != starlark.None {
			n, err := cInt(x.v)
			if err != nil {
				return nil, err
			}
			*x.dst = n
		}
	}
	p := host.Of(thread)
	if p.Cancelled() {
		return nil, p.Cause()
	}
	rs := runStateOf(p)
	fds, err := rs.ns.Socketpair(family, stype&^(linux.SOCK_NONBLOCK|linux.SOCK_CLOEXEC), proto)
	if err != nil {
		return nil, notModelled(rs.sim, err)
	}
	timeout := defaultTimeoutOf(p).d
	a, err := newFD(p, fds[0], family, stype, proto, timeout)
	if err != nil {
		rs.ns.Close(fds[1])
		return nil, err
	}
	c, err := newFD(p, fds[1], family, stype, proto, timeout)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.TraceNew(thread, "socketpair", args, kwargs)
	c.TraceNew(thread, "socketpair", args, kwargs)
	return starlark.Tuple{a, c}, nil
}

// createConnection tries each address the host resolves to, as CPython does,
// and raises the last error when none connects.
func createConnection(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var addr, timeoutV, source starlark.Value = nil, starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "address", &addr, "timeout?", &timeoutV, "source_address?", &source); err != nil {
		return nil, err
	}
	// host, port = address: any iterable of two, as CPython unpacks it.
	items, err := py.Collect(addr)
	if err != nil {
		return nil, py.Errorf(py.TypeError, "cannot unpack non-iterable %s object", py.TypeOf(addr).Name())
	}
	switch {
	case len(items) < 2:
		return nil, py.Errorf(py.ValueError, "not enough values to unpack (expected 2, got %d)", len(items))
	case len(items) > 2:
		return nil, py.Errorf(py.ValueError, "too many values to unpack (expected 2)")
	}
	t := starlark.Tuple(items)
	p := host.Of(thread)
	name, err := hostArg(t[0])
	if err != nil {
		return nil, err
	}
	port := t[1]
	if n, ok := port.(starlark.Int); ok {
		// getaddrinfo reads the port as a C long, then as a service number
		// that wraps at 65536; a negative one is no service.
		v, err := cLong(n)
		if err != nil {
			return nil, err
		}
		if v < 0 {
			return nil, gaiError(eaiService)
		}
		port = starlark.MakeInt64(v % 65536)
	} else if _, err := portArg("create_connection", port); err != nil {
		return nil, err
	}
	timeout := defaultTimeoutOf(p).d
	if timeoutV != starlark.None {
		if timeout, err = timeoutArg(timeoutV); err != nil {
			return nil, err
		}
	}
	if name == "" {
		name = "localhost"
	}
	addrs, err := lookupIP(p, name, linux.AF_UNSPEC)
	if err != nil {
		return nil, err
	}
	var lastErr error
	for _, a := range addrs {
		family := linux.AF_INET6
		if a.Is4() {
			family = linux.AF_INET
		}
		// getaddrinfo gives TCP's protocol number, and CPython makes the socket with it.
		s, err := openSocket(p, family, linux.SOCK_STREAM, linux.IPPROTO_TCP)
		if err != nil {
			return nil, err
		}
		s.timeout = timeout
		if source != starlark.None {
			sa, err := sockaddr(p, family, source, "bind")
			if err == nil {
				err = s.mapErr(s.control(func(fd int) error { return s.ns.Bind(fd, sa) }))
			}
			if err != nil {
				s.Close()
				return nil, err
			}
		}
		err = s.doConnect(starlark.Tuple{starlark.String(a.String()), port}, "connect")
		if err == nil {
			s.TraceNew(thread, "create_connection", args, kwargs)
			return s, nil
		}
		s.Close()
		if p.Cancelled() {
			return nil, err
		}
		lastErr = err
	}
	return nil, lastErr
}

func createServer(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var addr, backlogV starlark.Value = nil, starlark.None
	family := linux.AF_INET
	var reusePort, dualstack bool
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "address", &addr, "family?", &family, "backlog?", &backlogV, "reuse_port?", &reusePort, "dualstack_ipv6?", &dualstack); err != nil {
		return nil, err
	}
	if dualstack && family != linux.AF_INET6 {
		return nil, py.Errorf(py.ValueError, "dualstack_ipv6 requires AF_INET6 family")
	}
	p := host.Of(thread)
	s, err := openSocket(p, family, linux.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	setup := func(fd int) error {
		if err := s.ns.SetsockoptInt(fd, linux.SOL_SOCKET, linux.SO_REUSEADDR, 1); err != nil {
			return err
		}
		if reusePort {
			if err := s.ns.SetsockoptInt(fd, linux.SOL_SOCKET, 0xf /* SO_REUSEPORT */, 1); err != nil {
				return err
			}
		}
		if family == linux.AF_INET6 {
			v6only := 1
			if dualstack {
				v6only = 0
			}
			return s.ns.SetsockoptInt(fd, linux.IPPROTO_IPV6, linux.IPV6_V6ONLY, v6only)
		}
		return nil
	}
	if err := s.mapErr(s.control(setup)); err != nil {
		s.Close()
		return nil, err
	}
	sa, err := sockaddr(p, family, addr, "bind")
	if err == nil {
		err = s.mapErr(s.control(func(fd int) error { return s.ns.Bind(fd, sa) }))
	}
	if err != nil {
		s.Close()
		if exc, ok := err.(*py.Exception); ok && exc.Errno != nil {
			// CPython adds the address to the message of a failed bind here.
			return nil, py.New(exc.Class, exc.Errno, starlark.String(py.Str(exc.Strerror)+" (while attempting to bind on address "+py.Repr(addr)+")"))
		}
		return nil, err
	}
	backlog := starlark.Tuple{}
	if backlogV != starlark.None {
		backlog = starlark.Tuple{backlogV}
	}
	if _, err := s.listen(thread, starlark.NewBuiltin("listen", nil), backlog, nil); err != nil {
		s.Close()
		return nil, err
	}
	s.TraceNew(thread, "create_server", args, kwargs)
	return s, nil
}

// closeBuiltin names the close a with statement makes, in its errors.
var closeBuiltin = starlark.NewBuiltin("close", nil)
