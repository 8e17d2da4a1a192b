// Package concurrent is Python's concurrent.futures, with a thread pool
// whose workers are the run's script threads (threading's, started through
// host.Process.Go): they take turns under the interpreter lock, the run
// waits for them at its end as CPython does, and a cancel (Ctrl-C, a
// scenario's deadline) ends them and every wait on a future.
//
//	concurrent.futures.ThreadPoolExecutor(max_workers=None, thread_name_prefix='',
//	                                      initializer=None, initargs=())
//	    .submit(fn, /, *args, **kwargs) -> Future
//	    .map(fn, *iterables, timeout=None, chunksize=1) -> iterator of results
//	    .shutdown(wait=True, *, cancel_futures=False), and with
//	concurrent.futures.Future()
//	    .result(timeout=None), .exception(timeout=None), .done(), .running(),
//	    .cancelled(), .cancel(), .add_done_callback(fn), .set_result(v),
//	    .set_exception(e), .set_running_or_notify_cancel()
//	concurrent.futures.as_completed(fs, timeout=None) -> iterator of futures
//	concurrent.futures.wait(fs, timeout=None, return_when=ALL_COMPLETED)
//	    -> DoneAndNotDoneFutures(done, not_done)
//	FIRST_COMPLETED FIRST_EXCEPTION ALL_COMPLETED CancelledError TimeoutError
//	BrokenExecutor InvalidStateError Executor
//
// ProcessPoolExecutor is refused (NotImplementedError): a run is one
// process. An exception a task raised and result() raises again has the
// task's frames and the caller's, without CPython's frames of
// concurrent/futures/_base.py; so has the report of a failing callback.
package concurrent

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/stdlib/threading"
)

// The classes, named and placed in modules as CPython's are.
var (
	errorClass             = py.DeclareClass("concurrent.futures._base", "Error", &py.Exception_, nil)
	cancelledErrorClass    = py.DeclareClass("concurrent.futures._base", "CancelledError", &errorClass, nil)
	invalidStateErrorClass = py.DeclareClass("concurrent.futures._base", "InvalidStateError", &errorClass, nil)
	brokenExecutorClass    = py.DeclareClass("concurrent.futures._base", "BrokenExecutor", &py.RuntimeError, nil)
	brokenThreadPoolClass  = py.DeclareClass("concurrent.futures.thread", "BrokenThreadPool", &brokenExecutorClass, nil)
	futureClass            = py.DeclareClass("concurrent.futures._base", "Future", &py.Object, newFuture)
	executorClass          = py.DeclareClass("concurrent.futures._base", "Executor", &py.Object, nil)
	threadPoolClass        = py.DeclareClass("concurrent.futures.thread", "ThreadPoolExecutor", &executorClass, newThreadPool)
	processPoolClass       = py.DeclareClass("concurrent.futures.process", "ProcessPoolExecutor", &executorClass, newProcessPool)
	generatorClass         = py.DeclareClass("builtins", "generator", &py.Object, nil)
	doneNotDoneClass       = py.DeclareClass("concurrent.futures._base", "DoneAndNotDoneFutures", &py.TupleType, nil)
)

// Futures is the concurrent.futures module.
var Futures = &py.Module{
	Name: "concurrent.futures",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"Future":              futureClass,
			"Executor":            executorClass,
			"ThreadPoolExecutor":  threadPoolClass,
			"ProcessPoolExecutor": processPoolClass,
			"as_completed":        starlark.NewBuiltin("as_completed", asCompleted),
			"wait":                starlark.NewBuiltin("wait", waitFn),
			"FIRST_COMPLETED":     starlark.String("FIRST_COMPLETED"),
			"FIRST_EXCEPTION":     starlark.String("FIRST_EXCEPTION"),
			"ALL_COMPLETED":       starlark.String("ALL_COMPLETED"),
			"CancelledError":      cancelledErrorClass,
			"TimeoutError":        py.TimeoutError,
			"BrokenExecutor":      brokenExecutorClass,
			"InvalidStateError":   invalidStateErrorClass,
		}
	},
}

// Module is the concurrent package, whose one member is futures.
var Module = &py.Module{
	Name:  "concurrent",
	Build: func() starlark.StringDict { return starlark.StringDict{"futures": Futures} },
}

// state is the module's part of one run: one lock and one broadcast for
// every future and queue of the run, as waits are few and short.
type state struct {
	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every change worth a look
	pools   int           // for the names ThreadPoolExecutor-N
	seq     int           // completion order of futures
	exiting bool          // the main code has ended: no new work
	hooked  bool          // the run's AtExit is registered
}

func stateOf(p *host.Process) *state {
	st := p.Once("concurrent.futures", func() any { return &state{changed: make(chan struct{})} }).(*state)
	st.mu.Lock()
	hook := !st.hooked
	st.hooked = true
	st.mu.Unlock()
	if hook {
		// At the end of the main code, as CPython's threading atexit hook:
		// the workers finish the queued work, then end, and the run that
		// waits for them ends too.
		p.AtExit(func() {
			st.mu.Lock()
			st.exiting = true
			st.broadcast()
			st.mu.Unlock()
		})
	}
	return st
}

// broadcast wakes every wait of the run; call it holding mu.
func (st *state) broadcast() {
	close(st.changed)
	st.changed = make(chan struct{})
}

// The states of a future.
const (
	pending = iota
	running
	cancelled
	finished
)

// Future is a concurrent.futures.Future. Its fields are guarded by its
// run's state.mu: a wait reads them without the interpreter lock.
type Future struct {
	st        *state
	p         *host.Process
	status    int
	result    starlark.Value
	exc       *py.Exception
	seq       int // when it ended, for as_completed's order
	callbacks []starlark.Value
}

var (
	_ starlark.HasAttrs = (*Future)(nil)
	_ py.Typed          = (*Future)(nil)
	_ py.Reprer         = (*Future)(nil)
)

func newFuture(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("Future", args, kwargs, 0); err != nil {
		return nil, err
	}
	p := host.Of(thread)
	return &Future{st: stateOf(p), p: p}, nil
}

func (f *Future) PyRepr() string {
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	state := [...]string{"pending", "running", "cancelled", "finished"}[f.status]
	switch {
	case f.status == finished && f.exc != nil:
		state += " raised " + f.exc.Class.Name()
	case f.status == finished:
		state += " returned " + py.TypeOf(f.result).Name()
	}
	return fmt.Sprintf("<Future at %#x state=%s>", uintptr(unsafe.Pointer(f)), state)
}
func (f *Future) String() string       { return f.PyRepr() }
func (f *Future) Type() string         { return "Future" }
func (f *Future) Freeze()              {}
func (f *Future) Truth() starlark.Bool { return true }
func (f *Future) Hash() (uint32, error) {
	a := uintptr(unsafe.Pointer(f))
	return uint32(a>>4) ^ uint32(a>>36), nil
}
func (f *Future) PyClass() *py.Class { return futureClass }

// ended reports whether the future is cancelled or finished; hold st.mu.
func (f *Future) ended() bool { return f.status >= cancelled }

// await waits until the future has ended, d at most (threading.Forever: no
// limit); false when d passed first. The interpreter lock is let go of.
func (f *Future) await(d time.Duration) (bool, error) {
	return threading.Block(f.p, d, func() (bool, <-chan struct{}) {
		f.st.mu.Lock()
		defer f.st.mu.Unlock()
		return f.ended(), f.st.changed
	})
}

// outcome is result(): the value, or the exception to raise.
func (f *Future) outcome() (starlark.Value, error) {
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	switch {
	case f.status == cancelled:
		return nil, py.New(cancelledErrorClass)
	case f.exc != nil:
		return nil, f.exc
	}
	return f.result, nil
}

// finish ends the future with a result or an exception and runs its
// callbacks on the calling thread; false if it had ended already.
func (f *Future) finish(thread *starlark.Thread, v starlark.Value, exc *py.Exception, status int) bool {
	f.st.mu.Lock()
	if f.ended() {
		f.st.mu.Unlock()
		return false
	}
	f.status, f.result, f.exc = status, v, exc
	f.st.seq++
	f.seq = f.st.seq
	callbacks := f.callbacks
	f.callbacks = nil
	f.st.broadcast()
	f.st.mu.Unlock()
	for _, cb := range callbacks {
		f.invoke(thread, cb)
	}
	return true
}

// invoke calls a done callback; its exception is reported, as CPython's
// logger reports it, and goes no further.
func (f *Future) invoke(thread *starlark.Thread, cb starlark.Value) {
	depth := thread.CallStackDepth()
	_, err := starlark.Call(thread, cb, starlark.Tuple{f}, nil)
	if err == nil || f.p.Cancelled() {
		return
	}
	fmt.Fprintf(f.p.Stderr, "exception calling callback for %s\n%s", f.PyRepr(), traceback(f.p, err, depth))
}

// traceback is the report of err from the frames below depth: those of the
// code a builtin called.
func traceback(p *host.Process, err error, depth int) string {
	exc := py.AsException(err)
	var evalErr *starlark.EvalError
	if errors.As(err, &evalErr) && depth <= len(evalErr.CallStack) {
		return py.FormatTraceback(p, evalErr.CallStack[depth:], exc)
	}
	return exc.Error() + "\n"
}

// cancel is Future.cancel(): a future not yet running is cancelled.
func (f *Future) cancel(thread *starlark.Thread) bool {
	f.st.mu.Lock()
	switch f.status {
	case running, finished:
		f.st.mu.Unlock()
		return false
	case cancelled:
		f.st.mu.Unlock()
		return true
	}
	f.st.mu.Unlock()
	f.finish(thread, nil, nil, cancelled)
	return true
}

// start marks a pending future running; false if it was cancelled.
func (f *Future) start() bool {
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	if f.status != pending {
		return false
	}
	f.status = running
	f.st.broadcast()
	return true
}

type futureMethod func(f *Future, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

func is(test func(f *Future) bool) futureMethod {
	return func(f *Future, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
			return nil, err
		}
		f.st.mu.Lock()
		defer f.st.mu.Unlock()
		return starlark.Bool(test(f)), nil
	}
}

// awaitArg is the wait of result(timeout=None) and exception(timeout=None):
// until f ends, or TimeoutError once the timeout passes.
func (f *Future) awaitArg(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) error {
	var timeout starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "timeout?", &timeout); err != nil {
		return err
	}
	d, err := timeoutArg(timeout)
	if err != nil {
		return err
	}
	if ok, err := f.await(d); err != nil || !ok {
		if err == nil {
			err = py.New(py.TimeoutError)
		}
		return err
	}
	return nil
}

// timeoutArg reads an optional timeout in seconds.
func timeoutArg(v starlark.Value) (time.Duration, error) {
	if v == starlark.None {
		return threading.Forever, nil
	}
	d, _, err := threading.Seconds("timeout", v)
	return d, err
}

var futureMethods = py.Table[string, futureMethod]{Build: func() map[string]futureMethod {
	return map[string]futureMethod{
		"done":      is(func(f *Future) bool { return f.ended() }),
		"running":   is(func(f *Future) bool { return f.status == running }),
		"cancelled": is(func(f *Future) bool { return f.status == cancelled }),
		"cancel": func(f *Future, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			return starlark.Bool(f.cancel(thread)), nil
		},
		"result": func(f *Future, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := f.awaitArg(b, args, kwargs); err != nil {
				return nil, err
			}
			return f.outcome()
		},
		"exception": func(f *Future, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := f.awaitArg(b, args, kwargs); err != nil {
				return nil, err
			}
			f.st.mu.Lock()
			defer f.st.mu.Unlock()
			if f.status == cancelled {
				return nil, py.New(cancelledErrorClass)
			}
			if f.exc == nil {
				return starlark.None, nil
			}
			return f.exc, nil
		},
		"add_done_callback": func(f *Future, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var fn starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &fn); err != nil {
				return nil, err
			}
			f.st.mu.Lock()
			if !f.ended() {
				f.callbacks = append(f.callbacks, fn)
				f.st.mu.Unlock()
				return starlark.None, nil
			}
			f.st.mu.Unlock()
			f.invoke(thread, fn)
			return starlark.None, nil
		},
		"set_result": func(f *Future, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
				return nil, err
			}
			if !f.finish(thread, v, nil, finished) {
				return nil, f.invalidState()
			}
			return starlark.None, nil
		},
		"set_exception": func(f *Future, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
				return nil, err
			}
			exc, ok := v.(*py.Exception)
			if !ok {
				return nil, py.Errorf(py.TypeError, "exceptions must derive from BaseException")
			}
			if !f.finish(thread, nil, exc, finished) {
				return nil, f.invalidState()
			}
			return starlark.None, nil
		},
		"set_running_or_notify_cancel": func(f *Future, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			if f.start() {
				return starlark.True, nil
			}
			f.st.mu.Lock()
			defer f.st.mu.Unlock()
			if f.status == cancelled {
				return starlark.False, nil
			}
			return nil, py.Errorf(py.RuntimeError, "Future in unexpected state")
		},
	}
}}

// invalidState is the error of setting the result of an ended future.
func (f *Future) invalidState() error {
	f.st.mu.Lock()
	status := [...]string{"PENDING", "RUNNING", "CANCELLED", "FINISHED"}[f.status]
	f.st.mu.Unlock()
	return py.Errorf(invalidStateErrorClass, "%s: %s", status, f.PyRepr())
}

func (f *Future) Attr(name string) (starlark.Value, error) {
	m, ok := futureMethods.Map()[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin("Future."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(f, thread, b, args, kwargs)
	}).BindReceiver(f), nil
}

func (f *Future) AttrNames() []string {
	names := make([]string, 0, len(futureMethods.Map()))
	for name := range futureMethods.Map() {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// futuresArg reads a collection of futures, each once, in its order.
func futuresArg(v starlark.Value) ([]*Future, error) {
	var out []*Future
	seen := map[*Future]bool{}
	it, ok := v.(starlark.Iterable)
	if !ok {
		return nil, py.Errorf(py.TypeError, "'%s' object is not iterable", py.TypeOf(v).Name())
	}
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		f, ok := x.(*Future)
		if !ok {
			return nil, py.Errorf(py.AttributeError, "'%s' object has no attribute '_condition'", py.TypeOf(x).Name())
		}
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out, py.TakeIterError(v)
}

// deadline is when a wait of d from now ends (zero: never).
func deadline(p *host.Process, d time.Duration) time.Time {
	if d < 0 {
		return time.Time{}
	}
	return p.Now().Add(d)
}

// left is what remains of a wait until end (Forever when it has no end).
func left(p *host.Process, end time.Time) time.Duration {
	if end.IsZero() {
		return threading.Forever
	}
	return max(end.Sub(p.Now()), 0)
}

// asCompleted is as_completed(fs, timeout=None): the futures as they end,
// those already ended first.
func asCompleted(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fsv, timeout starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "fs", &fsv, "timeout?", &timeout); err != nil {
		return nil, err
	}
	d, err := timeoutArg(timeout)
	if err != nil {
		return nil, err
	}
	end := deadline(host.Of(thread), d)
	fs, err := futuresArg(fsv)
	if err != nil {
		return nil, err
	}
	p := host.Of(thread)
	st := stateOf(p)
	total := len(fs)
	var ready []*Future
	// Those already ended come first, in the order given.
	st.mu.Lock()
	pendingFs := fs[:0:0]
	for _, f := range fs {
		if f.ended() {
			ready = append(ready, f)
		} else {
			pendingFs = append(pendingFs, f)
		}
	}
	st.mu.Unlock()
	return py.NewIterator(generatorClass, p, func(*starlark.Thread) (starlark.Value, bool, error) {
		for len(ready) == 0 {
			if len(pendingFs) == 0 {
				return nil, false, nil
			}
			ok, err := threading.Block(p, left(p, end), func() (bool, <-chan struct{}) {
				st.mu.Lock()
				defer st.mu.Unlock()
				var still []*Future
				for _, f := range pendingFs {
					if f.ended() {
						ready = append(ready, f)
					} else {
						still = append(still, f)
					}
				}
				pendingFs = still
				// Several that ended meanwhile come in the order they ended.
				sort.SliceStable(ready, func(i, j int) bool { return ready[i].seq < ready[j].seq })
				return len(ready) > 0, st.changed
			})
			if err != nil {
				return nil, false, err
			}
			if !ok {
				return nil, false, py.Errorf(py.TimeoutError, "%d (of %d) futures unfinished", len(pendingFs), total)
			}
		}
		f := ready[0]
		ready = ready[1:]
		return f, true, nil
	}), nil
}

// waitFn is wait(fs, timeout=None, return_when=ALL_COMPLETED).
func waitFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fsv, timeout starlark.Value = nil, starlark.None
	var when starlark.Value = starlark.String("ALL_COMPLETED")
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "fs", &fsv, "timeout?", &timeout, "return_when?", &when); err != nil {
		return nil, err
	}
	d, err := timeoutArg(timeout)
	if err != nil {
		return nil, err
	}
	fs, err := futuresArg(fsv)
	if err != nil {
		return nil, err
	}
	p := host.Of(thread)
	st := stateOf(p)
	enough := func() bool {
		n := 0
		for _, f := range fs {
			if !f.ended() {
				continue
			}
			n++
			if when == starlark.String("FIRST_COMPLETED") ||
				when == starlark.String("FIRST_EXCEPTION") && f.status == finished && f.exc != nil {
				return true
			}
		}
		return n == len(fs)
	}
	if _, err := threading.Block(p, d, func() (bool, <-chan struct{}) {
		st.mu.Lock()
		defer st.mu.Unlock()
		return enough(), st.changed
	}); err != nil {
		return nil, err
	}
	done, notDone := starlark.NewSet(len(fs)), starlark.NewSet(len(fs))
	st.mu.Lock()
	for _, f := range fs {
		if f.ended() {
			done.Insert(f)
		} else {
			notDone.Insert(f)
		}
	}
	st.mu.Unlock()
	return &doneAndNotDone{starlark.Tuple{done, notDone}}, nil
}

// doneAndNotDone is wait()'s named tuple (done, not_done).
type doneAndNotDone struct{ starlark.Tuple }

func (d *doneAndNotDone) PyClass() *py.Class { return doneNotDoneClass }
func (d *doneAndNotDone) Type() string       { return "DoneAndNotDoneFutures" }
func (d *doneAndNotDone) String() string     { return d.PyRepr() }
func (d *doneAndNotDone) PyRepr() string {
	return "DoneAndNotDoneFutures(done=" + py.Repr(d.Tuple[0]) + ", not_done=" + py.Repr(d.Tuple[1]) + ")"
}
func (d *doneAndNotDone) AttrNames() []string { return []string{"done", "not_done"} }
func (d *doneAndNotDone) Attr(name string) (starlark.Value, error) {
	switch name {
	case "done":
		return d.Tuple[0], nil
	case "not_done":
		return d.Tuple[1], nil
	}
	return nil, nil
}

func newProcessPool(*starlark.Thread, *py.Class, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return nil, py.Errorf(py.NotImplementedError, "ProcessPoolExecutor is not supported: a sockstar run is a single process; use ThreadPoolExecutor")
}

func (d *doneAndNotDone) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, d.Tuple, y.(*doneAndNotDone).Tuple, depth)
}
