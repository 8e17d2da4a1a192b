package py

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/trace"
)

// Helpers for the modules that record their calls in a run's trace
// (runtime/trace): the arguments and results as Python prints them, kept
// short, and where in the script the call was made.

// TraceReprer is a value that names itself shortly in a trace (a socket
// as <socket fd=3>).
type TraceReprer interface {
	TraceRepr() string
}

// TraceRepr is repr(v) for a trace: long values cut.
func TraceRepr(v starlark.Value) string {
	var b strings.Builder
	traceRepr(&b, v)
	return b.String()
}

func traceRepr(b *strings.Builder, v starlark.Value) {
	const maxLen = 80
	switch x := v.(type) {
	case TraceReprer:
		b.WriteString(x.TraceRepr())
		return
	case starlark.Tuple:
		b.WriteByte('(')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			traceRepr(b, e)
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
			traceRepr(b, x.Index(i))
		}
		b.WriteByte(']')
		return
	}
	s := Repr(v)
	if len(s) > maxLen {
		s = s[:maxLen-3] + "..."
	}
	b.WriteString(s)
}

// TraceArgs is a call's arguments as Python prints them, each kept short.
func TraceArgs(args starlark.Tuple, kwargs []starlark.Tuple) string {
	if len(kwargs) == 0 {
		switch len(args) {
		case 0:
			return ""
		case 1:
			if n, ok := args[0].(starlark.Int); ok {
				if k, ok := n.Int64(); ok && k >= 0 && k < 1<<20 {
					return smallInts(int(k)) // recv(1024): no string made per call
				}
			}
			return TraceRepr(args[0])
		}
	}
	parts := make([]string, 0, len(args)+len(kwargs))
	for _, a := range args {
		parts = append(parts, TraceRepr(a))
	}
	for _, kv := range kwargs {
		parts = append(parts, fmt.Sprintf("%s=%s", kv[0].(starlark.String), TraceRepr(kv[1])))
	}
	return strings.Join(parts, ", ")
}

// TraceAt sets where in the script a builtin was called: its caller's line.
func TraceAt(thread *starlark.Thread, e *trace.Event) {
	for i := 1; i < thread.CallStackDepth(); i++ {
		fr := thread.CallFrame(i)
		if fr.Pos.Filename() != "<builtin>" && fr.Pos.Line > 0 {
			e.File, e.Line = fr.Pos.Filename(), int(fr.Pos.Line)
			return
		}
	}
}

// TraceCall makes the event of a call that started at start and ended
// with v or err; the caller adds what it knows more (bytes, addresses).
func TraceCall(src *trace.Source, thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple, start time.Time, v starlark.Value, err error) trace.Event {
	// The end is counted from the run's start, as every event's time is:
	// T+Dur is then the microsecond of the call's end, not one before it.
	t := src.R.Since(start)
	e := trace.Event{Kind: "call", Call: name, Args: TraceArgs(args, kwargs), Thread: thread.Name,
		T: t, Dur: src.R.Since(src.R.Now()) - t}
	TraceAt(thread, &e)
	if err != nil {
		exc := AsException(err)
		e.Exc, e.Msg = exc.Class.Name(), exc.Message()
		if n, ok := exc.Errno.(starlark.Int); ok {
			k, _ := n.Int64()
			e.Errno = int(k)
		}
	} else if v != nil && v != starlark.None {
		e.Result = TraceRepr(v)
	}
	return e
}

// Traced wraps a module's builtin so that a run with a trace records each
// call; a run without one pays a pointer test.
func Traced(fn func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)) func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		src := host.Of(thread).Trace
		if src == nil {
			return fn(thread, b, args, kwargs)
		}
		start := src.R.Now()
		v, err := fn(thread, b, args, kwargs)
		name := b.Name()
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			name = name[i+1:]
		}
		src.Add(TraceCall(src, thread, name, args, kwargs, start, v, err))
		return v, err
	}
}

// smallInts is the decimal text of the sizes scripts pass to recv, kept
// once each.
func smallInts(n int) string {
	switch n {
	case 1024:
		return "1024"
	case 4096:
		return "4096"
	case 2048:
		return "2048"
	case 8192:
		return "8192"
	case 65536:
		return "65536"
	}
	return strconv.Itoa(n)
}
