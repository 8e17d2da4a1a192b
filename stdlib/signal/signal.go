// Package signal is Python's signal module: a script sets what SIGINT and
// SIGTERM do. A handler runs on the main thread, as in CPython: a blocked
// call it interrupts goes on waiting once the handler returns, and an
// exception the handler raises (sys.exit()) is raised where the main
// thread was.
//
//	signal.signal(signalnum, handler) -> the previous handler
//	signal.getsignal(signalnum)       the handler in force
//	signal.default_int_handler(signalnum, frame)   raises KeyboardInterrupt
//	signal.SIG_DFL, signal.SIG_IGN, signal.SIGINT, SIGTERM, SIGHUP, SIGQUIT,
//	    SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGCHLD, SIGKILL, SIGSTOP, NSIG
//
// The numbers are Linux's on every platform. sockstar receives SIGINT and
// SIGTERM; a handler set for another signal is kept and reported by
// getsignal, but that signal keeps its default. The frame a handler gets
// is None.
package signal

import (
	"syscall"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/lazy"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
)

// SIG_DFL and SIG_IGN are ints, as the AF_* constants are (CPython's print
// as <Handlers.SIG_DFL: 0>).
const (
	sigDFL = 0
	sigIGN = 1
)

// signals are the module's signal numbers (a table, not a map, which an
// init function would build at every start).
var signals = [...]struct {
	name string
	sig  syscall.Signal
}{
	{"SIGHUP", linux.SIGHUP}, {"SIGINT", linux.SIGINT}, {"SIGQUIT", linux.SIGQUIT},
	{"SIGKILL", linux.SIGKILL}, {"SIGUSR1", linux.SIGUSR1}, {"SIGUSR2", linux.SIGUSR2},
	{"SIGPIPE", linux.SIGPIPE}, {"SIGALRM", linux.SIGALRM}, {"SIGTERM", linux.SIGTERM},
	{"SIGCHLD", linux.SIGCHLD}, {"SIGSTOP", linux.SIGSTOP},
}

// Module is the signal module.
var Module = &py.Module{
	Name: "signal",
	Build: func() starlark.StringDict {
		d := starlark.StringDict{
			"signal":              starlark.NewBuiltin("signal.signal", setSignal),
			"getsignal":           starlark.NewBuiltin("signal.getsignal", getSignal),
			"default_int_handler": defaultIntHandler.Get(),
			"SIG_DFL":             starlark.MakeInt(sigDFL),
			"SIG_IGN":             starlark.MakeInt(sigIGN),
			"NSIG":                starlark.MakeInt(65),
		}
		for _, s := range signals {
			d[s.name] = starlark.MakeInt(int(s.sig))
		}
		return d
	},
}

// defaultIntHandler is signal.default_int_handler, one value for every run
// (getsignal compares with it), made on first use.
var defaultIntHandler = lazy.Value[*starlark.Builtin]{Make: func() *starlark.Builtin {
	return starlark.NewBuiltin("default_int_handler", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		return nil, py.New(py.KeyboardInterrupt)
	})
}}

// handlers are the script's handlers of the signals sockstar does not
// receive, kept so that getsignal reports them.
type handlers struct {
	other map[syscall.Signal]starlark.Value
}

func otherHandlers(p *host.Process) *handlers {
	return p.Once("signal.handlers", func() any { return &handlers{other: map[syscall.Signal]starlark.Value{}} }).(*handlers)
}

func signalArg(v starlark.Value) (syscall.Signal, error) {
	n, err := starlark.AsInt32(v)
	if err != nil {
		return 0, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
	}
	if n < 1 || n >= 65 {
		return 0, py.Errorf(py.ValueError, "signal number out of range")
	}
	return syscall.Signal(n), nil
}

// received reports the signals sockstar's command delivers to a run.
func received(sig syscall.Signal) bool { return sig == linux.SIGINT || sig == linux.SIGTERM }

func current(p *host.Process, sig syscall.Signal) starlark.Value {
	var h starlark.Value
	if received(sig) {
		h = p.SignalHandler(sig)
	} else {
		h = otherHandlers(p).other[sig]
	}
	switch {
	case h == host.Ignore:
		return starlark.MakeInt(sigIGN)
	case h == host.Default:
		return starlark.MakeInt(sigDFL)
	case h != nil:
		return h
	case sig == linux.SIGINT:
		return defaultIntHandler.Get()
	}
	return starlark.MakeInt(sigDFL)
}

func setSignal(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sigV, handler starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &sigV, &handler); err != nil {
		return nil, err
	}
	sig, err := signalArg(sigV)
	if err != nil {
		return nil, err
	}
	var h starlark.Value
	switch v := handler.(type) {
	case starlark.Int:
		switch n, _ := v.Int64(); n {
		case sigDFL:
			if sig == linux.SIGINT {
				h = host.Default // no longer KeyboardInterrupt: the process dies of it
			}
		case sigIGN:
			h = host.Ignore
		default:
			return nil, py.Errorf(py.TypeError, "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object")
		}
	case starlark.Callable:
		if v != defaultIntHandler.Get() {
			h = v
		}
	default:
		return nil, py.Errorf(py.TypeError, "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object")
	}
	if sig == linux.SIGKILL || sig == linux.SIGSTOP {
		return nil, py.FromErrno(linux.EINVAL)
	}
	p := host.Of(thread)
	if !p.IsMain(thread) {
		return nil, py.Errorf(py.ValueError, "signal only works in main thread of the main interpreter")
	}
	prev := current(p, sig)
	if received(sig) {
		p.SetSignalHandler(sig, h)
	} else if h == nil {
		delete(otherHandlers(p).other, sig)
	} else {
		otherHandlers(p).other[sig] = h
	}
	return prev, nil
}

func getSignal(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sigV starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &sigV); err != nil {
		return nil, err
	}
	sig, err := signalArg(sigV)
	if err != nil {
		return nil, err
	}
	return current(host.Of(thread), sig), nil
}
