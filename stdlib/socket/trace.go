package socket

import (
	"fmt"
	"syscall"
	"unsafe"

	"go.starlark.net/starlark"

	"sockstar/runtime/linux"
	"sockstar/runtime/py"
	"sockstar/runtime/trace"
)

// Recording a run (runtime/trace): each socket method call becomes one
// event, made here where the call's arguments and result are at hand.
// Nothing of this runs unless the run has a recorder.

// traced runs a socket method and records it.
func (s *Socket) traced(src *trace.Source, name string, fn method, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	// A close takes the addresses with it: read them before.
	var before trace.Event
	if name == "close" || name == "shutdown" {
		s.traceAddrs(&before)
	}
	start := src.R.Now()
	v, err := fn(s, thread, b, args, kwargs)
	if changesAddrs(name) {
		s.traceAt = nil
	}
	data := name == "send" || name == "sendall"
	targs := args
	if data || name == "sendto" {
		targs = args[min(1, len(args)):] // the data goes in Data, not in Args
	}
	result := v
	if data || name == "recv" || name == "recvfrom" {
		result = nil // the bytes go in Data
	}
	e := py.TraceCall(src, thread, name, targs, kwargs, start, result, err)
	if before.Proto != "" {
		e.FD, e.Proto, e.Local, e.Peer, e.KLocal, e.KPeer = before.FD, before.Proto, before.Local, before.Peer, before.KLocal, before.KPeer
		src.Add(e)
		return v, err
	}
	conn := s
	switch name {
	case "accept":
		if t, ok := v.(starlark.Tuple); ok && len(t) == 2 {
			if c, ok := t[0].(*Socket); ok {
				conn = c
			}
		}
	case "send", "sendall", "sendto":
		if len(args) > 0 {
			e.Data = traceBytes(args[0])
			e.N = len(e.Data)
			if n, ok := v.(starlark.Int); ok && name == "send" {
				k, _ := n.Int64()
				e.N = int(k)
				e.Data = e.Data[:min(len(e.Data), e.N)]
			}
			e.Result = ""
		}
		if name == "sendto" && len(args) > 1 {
			e.Peer = py.TraceRepr(args[len(args)-1])
			if s.lastToSA != nil {
				e.KPeer = sockaddrString(s.lastToSA)
			}
		}
	case "recv", "recvfrom":
		data := v
		if t, ok := v.(starlark.Tuple); ok && len(t) == 2 {
			data = t[0]
			e.Peer = py.TraceRepr(t[1])
			if s.lastFromSA != nil {
				e.KPeer = sockaddrString(s.lastFromSA)
			}
		}
		if err == nil {
			e.Data = traceBytes(data)
			e.N = len(e.Data)
			e.Result = ""
		}
	case "recv_into", "recvfrom_into":
		// The bytes received are the buffer's first n, the count its result.
		n := v
		if t, ok := v.(starlark.Tuple); ok && len(t) == 2 {
			n = t[0]
			e.Peer = py.TraceRepr(t[1])
		}
		if k, ok := n.(starlark.Int); ok && err == nil && len(args) > 0 {
			if buf, ok := py.WritableBytes(args[0]); ok {
				count, _ := k.Int64()
				e.Data = append([]byte(nil), buf[:min(int(count), len(buf))]...)
				e.N = len(e.Data)
			}
		}
	}
	conn.traceAddrs(&e)
	src.Add(e)
	return v, err
}

// TraceNew records a socket made by a module function (socket(),
// socketpair(), create_connection()).
func (s *Socket) TraceNew(thread *starlark.Thread, call string, args starlark.Tuple, kwargs []starlark.Tuple) {
	src := s.p.Trace
	if src == nil {
		return
	}
	e := trace.Event{Kind: "call", Call: call, Args: py.TraceArgs(args, kwargs), Thread: thread.Name, Result: s.TraceRepr()}
	py.TraceAt(thread, &e)
	s.traceAddrs(&e)
	src.Add(e)
}

// traceAddrs fills in the socket's descriptor, protocol and addresses.
// They are asked of the kernel once and kept until a call that may change
// them (bind, connect, listen, a first sendto): a data call costs no
// system call more.
func (s *Socket) traceAddrs(e *trace.Event) {
	if s.traceAt == nil {
		s.traceAt = &traceAddr{}
		a := s.traceAt
		a.fd = s.fileno()
		switch {
		case s.family == linux.AF_UNIX:
			a.proto = "unix"
		case s.stype == linux.SOCK_DGRAM:
			a.proto = "udp"
		default:
			a.proto = "tcp"
		}
		if a.fd >= 0 {
			if sa, err := s.sysGetsockname(); err == nil {
				a.local, a.klocal = py.TraceRepr(s.nameValue(sa)), sockaddrString(sa)
			}
			if sa, err := s.sysGetpeername(); err == nil {
				a.peer, a.kpeer = py.TraceRepr(s.nameValue(sa)), sockaddrString(sa)
			}
		}
	}
	a := s.traceAt
	e.FD, e.Proto, e.Local, e.KLocal = a.fd, a.proto, a.local, a.klocal
	if e.Peer == "" {
		e.Peer, e.KPeer = a.peer, a.kpeer
	}
}

// traceAddr is what traceAddrs keeps of a socket.
type traceAddr struct {
	fd                                int
	proto, local, klocal, peer, kpeer string
}

// changesAddrs reports the calls after which a socket's addresses are
// asked again.
func changesAddrs(call string) bool {
	switch call {
	case "bind", "connect", "connect_ex", "listen", "sendto", "close", "detach":
		return true
	}
	return false
}

// traceBytes is the bytes a call moved, without a copy: the recorder
// copies them into its own blocks and never writes to them.
func traceBytes(v starlark.Value) []byte {
	var s string
	switch b := v.(type) {
	case starlark.Bytes:
		s = string(b)
	case starlark.String:
		s = string(b)
	default:
		return nil
	}
	if s == "" {
		return []byte{}
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// sockaddrString is a kernel address as text, the same at both ends.
func sockaddrString(sa syscall.Sockaddr) string {
	switch a := sa.(type) {
	case *syscall.SockaddrInet4:
		return fmt.Sprintf("%d.%d.%d.%d:%d", a.Addr[0], a.Addr[1], a.Addr[2], a.Addr[3], a.Port)
	case *syscall.SockaddrInet6:
		return fmt.Sprintf("[%x]:%d", a.Addr[:], a.Port)
	case *syscall.SockaddrUnix:
		return "unix:" + a.Name
	}
	return ""
}

// TraceRepr names the socket in a trace.
func (s *Socket) TraceRepr() string { return fmt.Sprintf("<socket fd=%d>", s.fileno()) }

// traceFile records the bytes a makefile() file moved on the socket: a
// "sendall" when it flushes what was written, a "recv" when it reads
// ahead, made on the thread that runs the script now.
func (s *Socket) traceFile(call string, data string, err error) {
	src := s.p.Trace
	if src == nil {
		return
	}
	thread := s.p.Holder()
	if thread == nil {
		return
	}
	e := py.TraceCall(src, thread, call, starlark.Tuple{starlark.String("makefile")}, nil, src.R.Now(), nil, err)
	e.Args = "" // no arguments of the script's: the file made the call
	if err == nil {
		e.Data = traceBytes(starlark.String(data))
		e.N = len(data)
	}
	s.traceAddrs(&e)
	src.Add(e)
}
