package socket

import (
	"fmt"
	"strings"
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
	start := time.Now()
	// A closed socket has no descriptor or addresses left to show: take
	// them before, so that a close names the connection it ends.
	var before trace.Event
	if name == "close" {
		s.traceAddrs(&before)
	}
	v, err := fn(s, thread, b, args, kwargs)
	e := trace.Event{Kind: "call", Call: name, Args: Summary(args, kwargs), T: src.R.Since(start), Dur: time.Since(start).Microseconds()}
	e.Thread = thread.Name
	at(thread, &e)
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
		}
		if name == "sendto" && len(args) > 1 {
			e.Peer = ShortRepr(args[len(args)-1])
			if s.lastToSA != nil {
				e.KPeer = sockaddrString(s.lastToSA)
			}
		}
	case "recv", "recvfrom":
		data := v
		if t, ok := v.(starlark.Tuple); ok && len(t) == 2 {
			data = t[0]
			e.Peer = ShortRepr(t[1])
			if s.lastFromSA != nil {
				e.KPeer = sockaddrString(s.lastFromSA)
			}
		}
		e.Data = traceBytes(data)
		e.N = len(e.Data)
	}
	if name == "close" {
		e.FD, e.Proto, e.Local, e.Peer, e.KLocal, e.KPeer = before.FD, before.Proto, before.Local, before.Peer, before.KLocal, before.KPeer
	} else {
		conn.traceAddrs(&e)
	}
	if err != nil {
		exc := py.AsException(err)
		e.Exc, e.Msg = exc.Class.Name(), exc.Message()
		if n, ok := exc.Errno.(starlark.Int); ok {
			k, _ := n.Int64()
			e.Errno = int(k)
		}
	} else if v != starlark.None && e.Data == nil {
		e.Result = ShortRepr(v)
	}
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
	e := trace.Event{Kind: "call", Call: call, Args: Summary(args, kwargs), Thread: thread.Name, Result: ShortRepr(s)}
	at(thread, &e)
	s.traceAddrs(&e)
	src.Add(e)
}

// at sets where in the script the call was made: the caller of the builtin.
func at(thread *starlark.Thread, e *trace.Event) {
	for i := 1; i < thread.CallStackDepth(); i++ {
		fr := thread.CallFrame(i)
		if fr.Pos.Filename() != "<builtin>" && fr.Pos.Line > 0 {
			e.File, e.Line = fr.Pos.Filename(), int(fr.Pos.Line)
			return
		}
	}
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
		e.Local, e.KLocal = ShortRepr(s.nameValue(sa)), sockaddrString(sa)
	}
	if e.Peer == "" {
		if sa, err := s.sysGetpeername(); err == nil {
			e.Peer, e.KPeer = ShortRepr(s.nameValue(sa)), sockaddrString(sa)
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

// Summary is a call's arguments as Python prints them, each kept short.
func Summary(args starlark.Tuple, kwargs []starlark.Tuple) string {
	parts := make([]string, 0, len(args)+len(kwargs))
	for _, a := range args {
		parts = append(parts, ShortRepr(a))
	}
	for _, kv := range kwargs {
		parts = append(parts, fmt.Sprintf("%s=%s", kv[0].(starlark.String), ShortRepr(kv[1])))
	}
	return strings.Join(parts, ", ")
}

// ShortRepr is repr(v) for a trace: a socket as <socket fd=N>, and long
// values cut.
func ShortRepr(v starlark.Value) string {
	var b strings.Builder
	shortRepr(&b, v, 0)
	return b.String()
}

func shortRepr(b *strings.Builder, v starlark.Value, depth int) {
	const maxLen = 80
	switch x := v.(type) {
	case *Socket:
		fmt.Fprintf(b, "<socket fd=%d>", x.fileno())
		return
	case starlark.Tuple:
		b.WriteByte('(')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			shortRepr(b, e, depth+1)
		}
		if len(x) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
		return
	case *starlark.List:
		b.WriteByte('[')
		for i := 0; i < x.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			if i == 8 {
				fmt.Fprintf(b, "... %d more", x.Len()-i)
				break
			}
			shortRepr(b, x.Index(i), depth+1)
		}
		b.WriteByte(']')
		return
	}
	s := py.Repr(v)
	if len(s) > maxLen {
		s = s[:maxLen-3] + "..."
	}
	b.WriteString(s)
}
