package runtime

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/runtime/trace"
)

// Recording a run: a role's start and end, and each line it prints; the
// modules record their own calls (see runtime/trace).

// traceStart records the role's start and makes its printed lines events.
func traceStart(p *host.Process, argv []string) {
	src := p.Trace
	src.Add(trace.Event{Kind: "start", Thread: "MainThread", Args: strings.Join(argv, " ")})
	p.Stdout = &lineRecorder{w: p.Stdout, p: p}
}

// traceEnd records how the role ended: its exit status and the exception
// that ended it, if one did.
func traceEnd(p *host.Process, code int, err error) {
	e := trace.Event{Kind: "end", Thread: "MainThread", Result: fmt.Sprint(code)}
	if err != nil {
		exc := py.AsException(err)
		if p.Cancelled() {
			exc = py.AsException(p.Cause())
		}
		e.Exc, e.Msg = exc.Class.Name(), exc.Message()
	}
	p.Trace.Add(e)
}

// lineRecorder passes a role's output on and records each whole line, on
// the thread that printed it (the holder of the interpreter lock).
type lineRecorder struct {
	w       io.Writer
	p       *host.Process
	partial []byte
}

func (l *lineRecorder) Write(b []byte) (int, error) {
	n, err := l.w.Write(b)
	l.partial = append(l.partial, b[:n]...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		e := trace.Event{Kind: "print", Msg: string(l.partial[:i])}
		if th := l.p.Holder(); th != nil {
			e.Thread = th.Name
			for k := 0; k < th.CallStackDepth(); k++ {
				if fr := th.CallFrame(k); fr.Pos.Filename() != "<builtin>" && fr.Pos.Line > 0 {
					e.File, e.Line = fr.Pos.Filename(), int(fr.Pos.Line)
					break
				}
			}
		}
		l.p.Trace.Add(e)
		l.partial = l.partial[i+1:]
	}
	return n, err
}
