package socket

import (
	"fmt"
	"syscall"
	"time"

	"go.starlark.net/starlark"

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
	start := time.Now()
	v, err := fn(s, thread, b, args, kwargs)
	e := py.TraceCall(src, thread, name, args, kwargs, start, v, err)
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
func (s *Socket) traceAddrs(e *trace.Event) {
	e.FD = s.fileno()
	switch {
	case s.family == syscall.AF_UNIX:
		e.Proto = "unix"
	case s.stype == syscall.SOCK_DGRAM:
		e.Proto = "udp"
	default:
		e.Proto = "tcp"
	}
	if e.FD < 0 {
		return
	}
	if sa, err := s.sysGetsockname(); err == nil {
		e.Local, e.KLocal = py.TraceRepr(s.nameValue(sa)), sockaddrString(sa)
	}
	if e.Peer == "" {
		if sa, err := s.sysGetpeername(); err == nil {
			e.Peer, e.KPeer = py.TraceRepr(s.nameValue(sa)), sockaddrString(sa)
		}
	}
}

func traceBytes(v starlark.Value) []byte {
	switch b := v.(type) {
	case starlark.Bytes:
		return []byte(b)
	case starlark.String:
		return []byte(b)
	}
	return nil
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
