package runtime

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// Session is an interactive run, a REPL's: inputs compiled and run one at
// a time on one process and main thread, each seeing the globals the
// earlier ones made. An expression's value is printed and kept in _, as
// Python's interactive mode does. A function keeps seeing the globals of
// the input that defined it.
type Session struct {
	cfg     Config
	p       *host.Process
	thread  *starlark.Thread
	globals starlark.StringDict
	ended   bool
	code    int
}

// NewSession starts an interactive run; Close ends it.
func NewSession(ctx context.Context, cfg Config) *Session {
	p := host.New(ctx, cfg.Argv, cfg.Stdin, cfg.Stdout, cfg.Stderr)
	p.Doc = cfg.Doc
	thread := &starlark.Thread{Name: "MainThread"}
	thread.Print = func(_ *starlark.Thread, msg string) { fmt.Fprintln(p.Stdout, msg) }
	if cfg.Setup != nil {
		cfg.Setup(p)
	}
	p.Attach(thread)
	p.SetMain(thread)
	p.Schedule(thread)
	if cfg.Live != nil {
		cfg.Live()
	}
	return &Session{cfg: cfg, p: p, thread: thread, globals: starlark.StringDict{}}
}

// Process is the session's run, for a caller that delivers its signals.
func (s *Session) Process() *host.Process { return s.p }

// Ended reports whether an input ended the session (sys.exit, exit()),
// with the exit status it chose.
func (s *Session) Ended() (bool, int) { return s.ended, s.code }

// Exec runs one input: a statement, or several, or a block. A syntax
// error or an uncaught exception is reported as in a script, and the
// session goes on.
func (s *Session) Exec(src string) {
	if s.ended {
		return
	}
	const name = "<stdin>"
	// An expression is kept in _ and its value printed when it is not None.
	prog, err := compileWith(name, "", []byte("_ = ("+src+"\n)"), s.cfg.Modules, s.globals)
	echo := err == nil && !strings.Contains(strings.TrimSuffix(src, "\n"), "\n")
	if !echo {
		prog, err = compileWith(name, "", []byte(src), s.cfg.Modules, s.globals)
	}
	if err != nil {
		fmt.Fprintln(s.p.Stderr, err)
		return
	}
	s.p.Sources[name] = strings.Split(src, "\n")
	s.p.Reacquire(s.thread)
	globals, err := prog.run(s.thread)
	s.p.Release()
	for k, v := range globals {
		if n, ok := strings.CutPrefix(k, hidden+"v_"); ok {
			// A name an earlier input boxed: later inputs see its value.
			if c, ok := v.(*py.Cell); ok && c.Value() != nil {
				s.globals[n] = c.Value()
			}
			continue
		}
		if !strings.HasPrefix(k, hidden) && v != nil {
			s.globals[k] = v
		}
	}
	if err == nil {
		if v, ok := globals["_"]; echo && ok && v != starlark.None {
			fmt.Fprintln(s.p.Stdout, py.Repr(v))
		}
		return
	}
	exc := py.AsException(err)
	if exc.Class.IsSubclass(py.SystemExit) && !s.p.Cancelled() {
		s.ended, s.code = true, Outcome(s.p, err)
		return
	}
	if s.p.Cancelled() {
		s.ended, s.code = true, Outcome(s.p, err)
		return
	}
	var evalErr *starlark.EvalError
	if errors.As(err, &evalErr) {
		fmt.Fprint(s.p.Stderr, py.FormatTraceback(s.p, evalErr.CallStack, exc))
	} else {
		fmt.Fprintln(s.p.Stderr, exc.Error())
	}
}

// Close ends the session as a script's end does: it waits for the
// threads the inputs started and closes what they left open.
func (s *Session) Close() int {
	if !s.p.Cancelled() {
		s.p.WaitThreads()
	}
	s.p.StopThreads(host.ErrCancelled)
	s.p.Detach(s.thread)
	s.p.Close()
	return s.code
}

// run runs a compiled input on thread, which holds the interpreter lock,
// and returns its globals.
func (prog *Program) run(thread *starlark.Thread) (globals starlark.StringDict, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = py.Errorf(py.RuntimeError, "internal error in sockstar: %v", r)
		}
	}()
	globals, err = prog.prog.Init(thread, prog.predeclared)
	if err != nil {
		err = py.Interrupted(thread, err)
		py.NoteContext(thread, err)
	}
	return globals, err
}

// NeedsMore reports whether an input read so far is unfinished: an open
// bracket or triple-quoted string, a line continued with a backslash, or
// a block (a header line ending with a colon) that no empty line has
// ended yet, as Python's interactive mode reads.
func NeedsMore(src string) bool {
	if strings.TrimSpace(src) == "" {
		return false
	}
	depth := 0
	for _, t := range tokenize(src) {
		switch {
		case t.kind == tokOp && strings.Contains("([{", t.text):
			depth++
		case t.kind == tokOp && strings.Contains(")]}", t.text):
			depth--
		case t.kind == tokString:
			body := strings.TrimLeft(t.text, "rbufRBUF")
			if q := body[:min(3, len(body))]; (q == `"""` || q == "'''") && (len(body) < 6 || !strings.HasSuffix(body, q)) {
				return true
			}
		}
	}
	lines := strings.Split(strings.TrimSuffix(src, "\n"), "\n")
	last := lines[len(lines)-1]
	if depth > 0 || strings.HasSuffix(strings.TrimRight(last, " \t"), "\\") {
		return true
	}
	first := lines[0]
	if i := strings.Index(first, "#"); i >= 0 {
		first = first[:i]
	}
	block := strings.HasSuffix(strings.TrimRight(first, " \t"), ":") || strings.HasPrefix(strings.TrimSpace(first), "@")
	return block && strings.TrimSpace(last) != ""
}
