package threading

import (
	"fmt"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// ThreadModule is _thread, the low-level module under threading; its
// threads are this package's, so threading sees them too:
//
//	_thread.start_new_thread(function, args[, kwargs]) -> ident   (start_new)
//	_thread.allocate_lock() -> lock (allocate), LockType, RLock
//	_thread.get_ident(), get_native_id(), exit() (exit_thread), error, TIMEOUT_MAX
//
// As in CPython, the run does not wait for these threads at its end (they
// are daemons), an uncaught exception in one is reported as "Exception
// ignored in thread started by: ..." and current_thread() in one is a
// _DummyThread named Dummy-N.
var ThreadModule = &py.Module{
	Name: "_thread",
	Build: func() starlark.StringDict {
		start := starlark.NewBuiltin("_thread.start_new_thread", startNewThread)
		allocate := starlark.NewBuiltin("_thread.allocate_lock", allocateLock)
		exit := starlark.NewBuiltin("_thread.exit", exitThread)
		return starlark.StringDict{
			"start_new_thread": start,
			"start_new":        start,
			"allocate_lock":    allocate,
			"allocate":         allocate,
			"LockType":         lockClass,
			"RLock":            rlockClass,
			"get_ident":        starlark.NewBuiltin("_thread.get_ident", getIdent),
			"get_native_id":    starlark.NewBuiltin("_thread.get_native_id", getNativeID),
			"exit":             exit,
			"exit_thread":      exit,
			"error":            py.RuntimeError,
			"TIMEOUT_MAX":      starlark.Float(9223372036.0),
		}
	},
}

func startNewThread(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn, fargs, fkwargs starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &fn, &fargs, &fkwargs); err != nil {
		return nil, err
	}
	if _, ok := fn.(starlark.Callable); !ok {
		return nil, py.Errorf(py.TypeError, "first arg must be callable")
	}
	pos, ok := fargs.(starlark.Tuple)
	if !ok {
		return nil, py.Errorf(py.TypeError, "2nd arg must be a tuple")
	}
	var kw []starlark.Tuple
	if fkwargs != nil {
		d, ok := fkwargs.(*starlark.Dict)
		if !ok {
			return nil, py.Errorf(py.TypeError, "optional 3rd arg must be a dictionary")
		}
		var err error
		if _, kw, err = toArgs(nil, d); err != nil {
			return nil, err
		}
	}
	t := &Thread{st: stateOf(host.Of(thread)), target: fn, args: pos, kwargs: kw,
		daemon: true, dummy: true, done: make(chan struct{})}
	if err := t.launch(thread, Forever); err != nil {
		return nil, err
	}
	return starlark.MakeInt64(t.ident), nil
}

// adopt gives a _thread thread the name and place in enumerate() that
// CPython's _DummyThread takes when current_thread() first meets it.
func (s *state) adopt(t *Thread) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.name != "" || t.ended {
		return
	}
	s.counter++
	t.name = fmt.Sprintf("Dummy-%d", s.counter)
	s.started++
	s.live[t] = s.started
}

func allocateLock(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return &Lock{}, nil
}

func exitThread(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return nil, py.New(py.SystemExit)
}

// Start starts a script thread that runs target(*args) and is named name,
// as threading.Thread(target=target, name=name, args=args).start() does
// (it is a daemon when the calling thread is): other modules' worker
// threads (concurrent.futures) are threading's, listed by enumerate().
func Start(thread *starlark.Thread, name string, target starlark.Value, args starlark.Tuple) (*Thread, error) {
	t := &Thread{st: stateOf(host.Of(thread)), target: target, args: args, name: name,
		daemon: current(thread).daemon, done: make(chan struct{})}
	if err := t.launch(thread, Forever); err != nil {
		return nil, err
	}
	return t, nil
}

// Done is closed when the thread has ended.
func (t *Thread) Done() <-chan struct{} { return t.done }
