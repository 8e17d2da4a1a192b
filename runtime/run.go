// Package runtime loads and runs a sockstar script: it turns the Python a
// tutorial port is written in into the Starlark dialect, runs it on a thread
// bound to a host.Process, and reports the outcome the way CPython would.
// It knows the language, not any single module: the caller supplies them.
package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
	"sockstar/runtime/trace"
)

// Exit statuses, as a shell sees a Python process end.
const (
	ExitOK      = 0
	ExitError   = 1 // an uncaught exception
	ExitUsage   = 2 // the script could not be compiled or read
	ExitMemory  = 3 // the memory budget ended the run (--max-memory)
	ExitThreads = 4 // the thread budget ended the run (--max-threads)
	// ExitDeadline is a scenario stopped at its deadline, as timeout(1)
	// reports a command it stopped.
	ExitDeadline  = 124
	ExitInterrupt = 130
)

// FileOptions is the Starlark dialect scripts are written in: the parts of
// Python that Starlark can switch on.
var FileOptions = &syntax.FileOptions{
	Set:             true,
	While:           true,
	TopLevelControl: true,
	GlobalReassign:  true,
	Recursion:       true,
}

// Config says what one run sees.
type Config struct {
	// Modules are the importable modules, by name.
	Modules map[string]*py.Module
	Argv    []string // sys.argv; Argv[0] is the script's path
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
	// Setup, if set, runs on the process before the script starts, for
	// callers that add per-run state of their own.
	Setup func(p *host.Process)
	// Ended, if set, gets the error the script ended with (nil on a normal
	// end) before it is reported, so a runner can tell where it stopped.
	Ended func(err error)
	// Trace, if set, records what the run does (runtime/trace).
	Trace *trace.Source
	// Env, if not nil, is the script's environment (KEY=VALUE); nil: the
	// process's own.
	Env []string
	// Doc, if set, is the module reference help() prints.
	Doc func(name string) (string, bool)
	// Live, if set, is called once before the script can do anything the
	// outside of a process sees: before it starts if it names a builtin or
	// imports, else when it first uses up its step budget (a long loop). A
	// caller sets up signal handling there, which costs start-up time a
	// script that does neither (an empty one) never needs: until then, a
	// signal finds the script as it would find a process still starting up.
	Live func()
	// Sim, if set, runs the script on a simulated run: the thread its main
	// code runs on, made by the run's scheduler (host.Sim.NewThread).
	Sim *host.SimThread
	// Exited, if set, is called with the exit status once the main code
	// and the threads have ended, before what the script left open is
	// closed; on a simulated run, still in the run's order.
	Exited func(code int)
}

// Program is a compiled script, ready to run.
type Program struct {
	filename string
	module   string // __name__ of a module the script imported; "" for the script
	// globalNames are the names its top level binds, for `from M import *`.
	globalNames []string
	// extra are an interactive session's globals, seen as predeclared.
	extra   starlark.StringDict
	lines   []string
	prog    *starlark.Program
	modules map[string]*py.Module
	// predeclared holds the builtins and import hooks the script uses,
	// made while compiling; it is only read afterwards.
	predeclared starlark.StringDict
	// measured are the calls whose results the script never keeps.
	measured map[host.Site]bool
}

// CompileError is a script that cannot run: it names file, line and column.
type CompileError struct {
	Pos syntax.Position
	Msg string
}

func (e *CompileError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Pos.Filename(), e.Pos.Line, e.Pos.Col, e.Msg)
}

// Compile reads a script's text in the dialect and compiles it.
func Compile(filename string, src []byte, modules map[string]*py.Module) (*Program, error) {
	return compile(filename, "", src, modules)
}

// compile compiles a script, or the module named module that a script imports.
func compile(filename, module string, src []byte, modules map[string]*py.Module) (*Program, error) {
	return compileWith(filename, module, src, modules, nil)
}

// compileWith is compile for an input of an interactive session, which
// sees the globals its earlier inputs made (extra) as predeclared.
func compileWith(filename, module string, src []byte, modules map[string]*py.Module, extra starlark.StringDict) (*Program, error) {
	text := string(src)
	fsrc, err := rewriteFStrings(joinAdjacentStrings(text))
	if err != nil {
		return nil, fmt.Errorf("%s:%v", filename, err)
	}
	rewritten, err := rewriteImports(fsrc, func(name string) ([]string, bool) {
		if m, ok := modules[name]; ok && m.Source == nil {
			return m.Names(), true
		}
		return moduleNames(filename, name, modules)
	})
	if err != nil {
		return nil, fmt.Errorf("%s:%v", filename, err)
	}
	rewritten, err = rewriteStatements(renameLoad(rewritten))
	if err != nil {
		return nil, fmt.Errorf("%s:%v", filename, err)
	}
	rewritten, identity := rewritePythonismsAt(rewritten)
	f, err := FileOptions.Parse(filename, rewritten, 0)
	if err != nil {
		return nil, compileError(err)
	}
	modName := module
	if modName == "" {
		modName = "__main__"
	}
	l, err := lowerFile(f, modName)
	if err != nil {
		return nil, compileError(err)
	}
	globalNames := boundNames(f.Stmts)
	var known func(string) bool
	if extra != nil {
		known = func(name string) bool { _, ok := extra[name]; return ok }
	}
	if err := boxNames(f, l.classBodies, known); err != nil {
		return nil, compileError(err)
	}
	restoreLoad(f)
	py.UsePythonPercent() // the rewrite leaves some % to Starlark
	(&rewriter{identity: identity}).file(f)
	prog := &Program{filename: filename, module: module, globalNames: globalNames, modules: modules, predeclared: starlark.StringDict{}, extra: extra}
	prog.prog, err = starlark.FileProgram(f, prog.isPredeclared)
	if err != nil {
		return nil, compileError(err)
	}
	prog.prog.SetIterate(py.LoopIterate) // for loops iterate as in Python
	prog.measured = measuredCalls(f)
	prog.lines = strings.Split(text, "\n")
	return prog, nil
}

func compileError(err error) error {
	var se syntax.Error
	if errors.As(err, &se) {
		return &CompileError{Pos: se.Pos, Msg: se.Msg}
	}
	var list interface{ Unwrap() []error }
	if errors.As(err, &list) {
		if errs := list.Unwrap(); len(errs) > 0 {
			return compileError(errs[0])
		}
	}
	return err
}

// isPredeclared reports whether name is one of what every script sees,
// Python's builtins and the import hooks, and keeps the value of each one
// the script uses: most scripts use few of them.
func (prog *Program) isPredeclared(name string) bool {
	if _, ok := prog.predeclared[name]; ok {
		return true
	}
	if v, ok := prog.extra[name]; ok {
		prog.predeclared[name] = v
		return true
	}
	if name == "__name__" && prog.module != "" {
		prog.predeclared[name] = starlark.String(prog.module)
		return true
	}
	v, ok := py.Builtin(name)
	if !ok {
		v, ok = prog.importHook(name)
	}
	if ok {
		prog.predeclared[name] = v
	}
	return ok
}

// Run runs a compiled program to its end and returns the exit status a
// Python process would have. Everything the script opened is closed.
func (prog *Program) Run(ctx context.Context, cfg Config) int {
	p := host.New(ctx, cfg.Argv, cfg.Stdin, cfg.Stdout, cfg.Stderr)
	if cfg.Sim != nil {
		p.UseSim(cfg.Sim.Sim(), cfg.Sim)
		defer p.ExitSim()
		p.SimBegin()
	}
	defer p.Close()
	p.OnMemory = func() error { return py.MemoryBudget() }
	p.Env = cfg.Env
	if !strings.HasPrefix(prog.filename, "<") {
		// CPython quotes no line of code given as -c or on standard input.
		p.Sources[prog.filename] = prog.lines
	}
	p.SetMeasured(prog.measured)
	p.Doc = cfg.Doc
	if cfg.Trace != nil {
		p.Trace = cfg.Trace
		traceStart(p, cfg.Argv)
	}
	if cfg.Setup != nil {
		cfg.Setup(p)
	}
	thread := &starlark.Thread{Name: "MainThread"}
	thread.Print = func(_ *starlark.Thread, msg string) { fmt.Fprintln(p.Stdout, msg) }
	p.Attach(thread)
	defer p.Detach(thread)
	p.SetMain(thread)
	p.Schedule(thread)
	prog.goLive(thread, cfg.Live)
	p.Reacquire(thread)
	err := prog.exec(thread)
	p.Release()
	code := prog.end(p, thread, cfg, err)
	if cfg.Exited != nil {
		cfg.Exited(code)
	}
	if p.Trace != nil {
		traceEnd(p, code, err)
	}
	return code
}

// goLive calls live now if the script uses a builtin or an import, which
// all it could be seen by go through, else when it first exhausts its step
// budget, a long computation; a script that does neither ends unseen.
func (prog *Program) goLive(thread *starlark.Thread, live func()) {
	if live == nil {
		return
	}
	if len(prog.predeclared) > 0 {
		live()
		return
	}
	onMaxSteps := thread.OnMaxSteps
	thread.OnMaxSteps = func(th *starlark.Thread) {
		th.OnMaxSteps = onMaxSteps
		live()
		onMaxSteps(th)
	}
}

// end finishes a run whose main code returned err. As CPython does, a run
// whose main code ended on its own (or with an uncaught exception, which is
// reported first) waits for its non-daemon threads; sys.exit in the main
// thread or a cancel ends every thread at once. Daemon threads left then end.
func (prog *Program) end(p *host.Process, main *starlark.Thread, cfg Config, err error) int {
	code, reported := 0, false
	if err != nil && !p.Cancelled() && !py.AsException(err).Class.IsSubclass(py.SystemExit) {
		if cfg.Ended != nil {
			cfg.Ended(err)
		}
		code, reported = Outcome(p, err), true
	}
	if err == nil || reported {
		p.MainEnded()
	}
	if (err == nil || reported) && p.WaitThreads() != nil {
		err, reported = p.Cause(), false
	}
	if !p.Cancelled() {
		// As the main thread: a daemon thread may hold the lock until then.
		p.Reacquire(main)
		p.RunFlushes()
		p.Release()
	}
	cause := err
	if cause == nil {
		cause = host.ErrCancelled
	}
	p.StopThreads(cause)
	if reported {
		return code
	}
	if cfg.Ended != nil {
		cfg.Ended(err)
	}
	return Outcome(p, err)
}

// exec runs the program's top level; a panic in a builtin becomes an error
// report instead of a crash.
func (prog *Program) exec(thread *starlark.Thread) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = py.Errorf(py.RuntimeError, "internal error in sockstar: %v", r)
		}
	}()
	_, err = prog.prog.Init(thread, prog.predeclared)
	if err != nil {
		err = py.Interrupted(thread, err)
		py.NoteContext(thread, err)
	}
	return err
}

// Outcome turns the error a script ended with into its exit status, and
// prints what Python would print for it on stderr.
func Outcome(p *host.Process, err error) int {
	if err == nil {
		return ExitOK
	}
	exc := py.AsException(err)
	if p.Cancelled() {
		// The interpreter reports a cancel in its own words; the cause is what Python would raise.
		exc = py.AsException(p.Cause())
	}
	if exc.Class.IsSubclass(py.SystemExit) {
		switch c := exc.Code.(type) {
		case nil, starlark.NoneType:
			return ExitOK
		case starlark.Int:
			n, _ := c.Int64()
			return int(n & 0xff)
		default:
			fmt.Fprintln(p.Stderr, py.Str(c))
			return ExitError
		}
	}
	var evalErr *starlark.EvalError
	if errors.As(err, &evalErr) {
		fmt.Fprint(p.Stderr, py.FormatTraceback(p, evalErr.CallStack, exc))
	} else {
		fmt.Fprintln(p.Stderr, exc.Error())
	}
	if exc.Class == py.KeyboardInterrupt {
		return ExitInterrupt
	}
	switch exc.Budget {
	case py.BudgetMemory:
		fmt.Fprintf(p.Stderr, "sockstar: the run went past its memory budget of %s (--max-memory)\n", size(host.MaxMemory()))
		return ExitMemory
	case py.BudgetThreads:
		fmt.Fprintf(p.Stderr, "sockstar: the run went past its thread budget of %d threads (--max-threads)\n", host.MaxThreads())
		return ExitThreads
	}
	return ExitError
}

// RunFile compiles and runs the script at path; a script that cannot be read
// or compiled gets its error on stderr and ExitUsage.
func RunFile(ctx context.Context, path string, cfg Config) int {
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(cfg.Stderr, "sockstar: error: can't open file '%s': %s\n", path, openError(err))
		return ExitUsage
	}
	return RunSource(ctx, path, src, cfg)
}

// RunSource compiles and runs a script given as text, named name in its
// tracebacks ("<string>" for -c, "<stdin>" for -).
func RunSource(ctx context.Context, name string, src []byte, cfg Config) int {
	prog, err := Compile(name, src, cfg.Modules)
	if err != nil {
		fmt.Fprintln(cfg.Stderr, err)
		return ExitUsage
	}
	return prog.Run(ctx, cfg)
}

// openError words a failed open as Python does: "[Errno 2] No such file or directory".
func openError(err error) string {
	if errno, ok := linux.ErrnoOf(err); ok {
		return py.FromErrno(errno).Message()
	}
	return err.Error()
}

// size is a number of bytes as --max-memory takes it: 512M, 2G, 1.5G.
func size(n int64) string {
	for _, u := range []struct {
		unit string
		n    int64
	}{{"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}} {
		if n >= u.n {
			return strings.TrimSuffix(strconv.FormatFloat(float64(n)/float64(u.n), 'f', 1, 64), ".0") + u.unit
		}
	}
	return strconv.FormatInt(n, 10)
}
