// Package threading is Python's threading module: each Thread runs its
// target on a goroutine of its own with a starlark.Thread attached to the
// run, and, as in CPython, only the holder of the run's interpreter lock runs
// script code, so threads share globals and values without data races. Every
// wait below lets go of that lock and ends with the run when it is cancelled.
//
//	threading.Thread(target=None, name=None, args=(), kwargs=None, *, daemon=None)
//	    .start(), .join(timeout=None), .is_alive(), .name, .daemon, .ident, .native_id
//	    .getName(), .setName(name), .isDaemon(), .setDaemon(daemonic)
//	threading.Timer(interval, function, args=None, kwargs=None)   also .cancel()
//	threading.current_thread(), main_thread(), active_count(), enumerate(), get_ident(),
//	    get_native_id(), TIMEOUT_MAX
//	threading.Lock(), RLock()    .acquire(blocking=True, timeout=-1) -> bool, .release(), .locked()
//	threading.Event()            .set(), .clear(), .is_set(), .wait(timeout=None) -> bool
//	threading.Condition(lock=None)
//	    .acquire(...), .release(), .wait(timeout=None), .wait_for(predicate, timeout=None),
//	    .notify(n=1), .notify_all()
//	threading.Semaphore(value=1), BoundedSemaphore(value=1)
//	    .acquire(blocking=True, timeout=None) -> bool, .release(n=1)
//
// Locks, semaphores and conditions also have __enter__ and __exit__, so that
// the port of `with lock:` may call them; lock.acquire() ... lock.release()
// is the usual port.
//
// threading.currentThread() and activeCount() are the old names of
// current_thread() and active_count(). The _thread module is here too:
//
//	_thread.start_new_thread(function, args, kwargs=None) (also start_new),
//	    allocate_lock() (also allocate; the lock's class is LockType),
//	    get_ident(), exit() (also exit_thread), error (RuntimeError)
//
// An uncaught exception in a thread prints "Exception in thread NAME:" and
// its traceback on stderr, as CPython's threading.excepthook does, and the
// other threads go on; SystemExit ends the thread silently.
package threading

import (
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/runtime/trace"
)

var (
	threadClass      = py.DeclareClass("threading", "Thread", &py.Object, newThread)
	mainThreadClass  = py.DeclareClass("threading", "_MainThread", &threadClass, nil)
	dummyThreadClass = py.DeclareClass("threading", "_DummyThread", &threadClass, nil)
	timerClass       = py.DeclareClass("threading", "Timer", &threadClass, newTimer)
)

// Module is the threading module.
var Module = &py.Module{
	Name: "threading",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"Thread":           threadClass,
			"Timer":            timerClass,
			"Lock":             lockClass,
			"RLock":            rlockClass,
			"Event":            eventClass,
			"Condition":        conditionClass,
			"Semaphore":        semaphoreClass,
			"BoundedSemaphore": boundedSemaphoreClass,
			"current_thread":   starlark.NewBuiltin("threading.current_thread", currentThread),
			"currentThread":    starlark.NewBuiltin("threading.currentThread", currentThread),
			"main_thread":      starlark.NewBuiltin("threading.main_thread", mainThread),
			"active_count":     starlark.NewBuiltin("threading.active_count", activeCount),
			"activeCount":      starlark.NewBuiltin("threading.activeCount", activeCount),
			"enumerate":        starlark.NewBuiltin("threading.enumerate", enumerate),
			"get_ident":        starlark.NewBuiltin("threading.get_ident", getIdent),
			"get_native_id":    starlark.NewBuiltin("threading.get_native_id", getNativeID),
			"TIMEOUT_MAX":      starlark.Float(9223372036.0),
		}
	},
}

// identBase makes idents look like CPython's (pthread addresses) and differ
// from native ids; the values themselves mean nothing.
const identBase = 139_800_000_000_000

// state is the threading module's part of one run.
type state struct {
	mu      sync.Mutex
	counter int // for the names Thread-N
	seq     int // for idents
	main    *Thread
	live    map[*Thread]int // started and not ended, with their start order
	started int
}

func stateOf(p *host.Process) *state {
	return p.Once("threading", func() any {
		s := &state{live: map[*Thread]int{}}
		s.main = &Thread{st: s, name: "MainThread", isMain: true, started: true,
			ident: identBase, nativeID: os.Getpid(), done: make(chan struct{})}
		s.live[s.main] = 0
		return s
	}).(*state)
}

const threadKey = "threading.thread"

// current is the Thread object of the script thread running now.
func current(thread *starlark.Thread) *Thread {
	if t, ok := thread.Local(threadKey).(*Thread); ok {
		return t
	}
	return stateOf(host.Of(thread)).main
}

// threadIdent is the ident of a starlark thread's Thread, for reprs.
func threadIdent(thread *starlark.Thread) int64 { return current(thread).ident }

// Thread is threading.Thread, and threading.Timer when timer is set.
type Thread struct {
	st     *state
	target starlark.Value
	args   starlark.Tuple
	kwargs []starlark.Tuple
	name   string
	daemon bool
	isMain bool

	timer   *timer
	dummy   bool // started by _thread.start_new_thread: a _DummyThread
	ended   bool // under st.mu
	started bool
	// self is the instance of a script's subclass this Thread is part of:
	// start runs its run(), which the subclass may override.
	self     starlark.Value
	ident    int64
	nativeID int
	done     chan struct{} // closed when the thread has ended
}

type timer struct {
	interval starlark.Value
	cancel   chan struct{}
	once     sync.Once
}

// Wrap makes t part of an instance of a script's subclass of Thread.
func (t *Thread) Wrap(self starlark.Value) { t.self = self }

// value is the Thread as the script sees it: the subclass's instance.
func (t *Thread) value() starlark.Value {
	if t.self != nil {
		return t.self
	}
	return t
}

func (t *Thread) alive() bool {
	if !t.started {
		return false
	}
	if t.dummy {
		return true
	}
	select {
	case <-t.done:
		return false
	default:
		return true
	}
}

func (t *Thread) String() string {
	cls := "Thread"
	switch {
	case t.isMain:
		cls = "_MainThread"
	case t.timer != nil:
		cls = "Timer"
	case t.dummy:
		cls = "_DummyThread"
	}
	status := "initial"
	if t.started {
		status = "started"
		if !t.alive() {
			status = "stopped"
		}
	}
	if t.daemon {
		status += " daemon"
	}
	if t.started {
		status += fmt.Sprintf(" %d", t.ident)
	}
	return fmt.Sprintf("<%s(%s, %s)>", cls, t.name, status)
}
func (t *Thread) Type() string          { return "Thread" }
func (t *Thread) Freeze()               {}
func (t *Thread) Truth() starlark.Bool  { return true }
func (t *Thread) Hash() (uint32, error) { return identityHash(t) }
func (t *Thread) PyRepr() string        { return t.String() }
func (t *Thread) PyClass() *py.Class {
	switch {
	case t.isMain:
		return mainThreadClass
	case t.timer != nil:
		return timerClass
	case t.dummy:
		return dummyThreadClass
	}
	return threadClass
}

func (t *Thread) AttrNames() []string {
	return names(threadMethods.Map(), "daemon", "ident", "name", "native_id")
}

func (t *Thread) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(t.name), nil
	case "daemon":
		return starlark.Bool(t.daemon), nil
	case "ident":
		if !t.started {
			return starlark.None, nil
		}
		return starlark.MakeInt64(t.ident), nil
	case "native_id":
		if !t.started {
			return starlark.None, nil
		}
		return starlark.MakeInt(t.nativeID), nil
	}
	if t.timer == nil && name == "cancel" {
		return nil, nil
	}
	return attr(threadMethods.Map(), t.PyClass().Name(), t, name)
}

func (t *Thread) SetField(name string, v starlark.Value) error {
	switch name {
	case "name":
		t.name = py.Str(v)
		return nil
	case "daemon":
		return t.setDaemon(v)
	}
	return py.Errorf(py.AttributeError, "'%s' object has no attribute '%s'", t.PyClass().Name(), name)
}

func (t *Thread) setDaemon(v starlark.Value) error {
	if t.started {
		return py.Errorf(py.RuntimeError, "cannot set daemon status of active thread")
	}
	t.daemon = bool(v.Truth())
	return nil
}

var threadMethods = py.Table[string, method[*Thread]]{Build: func() map[string]method[*Thread] {
	return map[string]method[*Thread]{
		"start":    (*Thread).start,
		"run":      (*Thread).runMethod,
		"join":     (*Thread).join,
		"cancel":   (*Thread).cancel,
		"is_alive": noArgs(func(t *Thread) starlark.Value { return starlark.Bool(t.alive()) }),
		"getName":  noArgs(func(t *Thread) starlark.Value { return starlark.String(t.name) }),
		"isDaemon": noArgs(func(t *Thread) starlark.Value { return starlark.Bool(t.daemon) }),
		"setName": func(t *Thread, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var name starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &name); err != nil {
				return nil, err
			}
			return starlark.None, t.SetField("name", name)
		},
		"setDaemon": func(t *Thread, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var daemonic starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &daemonic); err != nil {
				return nil, err
			}
			return starlark.None, t.setDaemon(daemonic)
		},
	}
}}

func noArgs(f func(t *Thread) starlark.Value) method[*Thread] {
	return func(t *Thread, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
			return nil, err
		}
		return f(t), nil
	}
}

// toArgs reads a Thread's args (any iterable) and kwargs (a dict or None).
func toArgs(args, kwargs starlark.Value) (starlark.Tuple, []starlark.Tuple, error) {
	var pos starlark.Tuple
	switch a := args.(type) {
	case nil, starlark.NoneType:
	case starlark.Tuple:
		pos = a
	case starlark.Iterable:
		it := a.Iterate()
		defer it.Done()
		var x starlark.Value
		for it.Next(&x) {
			pos = append(pos, x)
		}
	default:
		return nil, nil, py.Errorf(py.TypeError, "argument after * must be an iterable, not %s", py.TypeOf(args).Name())
	}
	var kw []starlark.Tuple
	switch k := kwargs.(type) {
	case nil, starlark.NoneType:
	case *starlark.Dict:
		for _, item := range k.Items() {
			if _, ok := item[0].(starlark.String); !ok {
				return nil, nil, py.Errorf(py.TypeError, "keywords must be strings")
			}
			kw = append(kw, starlark.Tuple{item[0], item[1]})
		}
	default:
		return nil, nil, py.Errorf(py.TypeError, "argument after ** must be a mapping, not %s", py.TypeOf(kwargs).Name())
	}
	return pos, kw, nil
}

// newName is CPython's default name, "Thread-N".
func (s *state) newName() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counter++
	return fmt.Sprintf("Thread-%d", s.counter)
}

func newThread(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var group, target, name, targs, tkwargs, daemon starlark.Value = starlark.None, starlark.None, starlark.None, starlark.Tuple{}, starlark.None, starlark.None
	if err := starlark.UnpackArgs("Thread", args, kwargs, "group?", &group, "target?", &target, "name?", &name,
		"args?", &targs, "kwargs?", &tkwargs, "daemon?", &daemon); err != nil {
		return nil, err
	}
	if group != starlark.None {
		return nil, py.Errorf(py.AssertionError, "group argument must be None for now")
	}
	pos, kw, err := toArgs(targs, tkwargs)
	if err != nil {
		return nil, err
	}
	st := stateOf(host.Of(thread))
	t := &Thread{st: st, target: target, args: pos, kwargs: kw, done: make(chan struct{})}
	if name != starlark.None {
		t.name = py.Str(name)
	} else {
		t.name = st.newName()
		if target != starlark.None {
			if n := targetName(target); n != "" {
				t.name += " (" + n + ")"
			}
		}
	}
	if daemon != starlark.None {
		t.daemon = bool(daemon.Truth())
	} else {
		t.daemon = current(thread).daemon
	}
	return t, nil
}

// targetName is target.__name__, as CPython adds it to a default name.
func targetName(target starlark.Value) string {
	switch f := target.(type) {
	case *starlark.Function:
		if f.Name() == "lambda" {
			return "<lambda>"
		}
		return f.Name()
	case *starlark.Builtin:
		return f.Name()
	case *py.Class:
		return f.Name()
	}
	return ""
}

func newTimer(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var interval, function starlark.Value
	var targs, tkwargs starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs("Timer", args, kwargs, "interval", &interval, "function", &function,
		"args?", &targs, "kwargs?", &tkwargs); err != nil {
		return nil, err
	}
	pos, kw, err := toArgs(targs, tkwargs)
	if err != nil {
		return nil, err
	}
	st := stateOf(host.Of(thread))
	return &Thread{st: st, target: function, args: pos, kwargs: kw, name: st.newName(),
		daemon: current(thread).daemon, done: make(chan struct{}),
		timer: &timer{interval: interval, cancel: make(chan struct{})}}, nil
}

func (t *Thread) start(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	if t.started {
		return nil, py.Errorf(py.RuntimeError, "threads can only be started once")
	}
	var interval = Forever
	if t.timer != nil {
		d, _, err := Seconds("Timer", t.timer.interval)
		if err != nil {
			return nil, err
		}
		interval = d
	}
	if err := t.launch(thread, interval); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// launch starts t's script thread; a thread that _thread started is not
// listed by enumerate() until it asks current_thread() for itself.
func (t *Thread) launch(thread *starlark.Thread, interval time.Duration) error {
	p := host.Of(thread)
	if !p.CanStartThread() {
		e := py.Errorf(py.RuntimeError, "can't start new thread")
		e.Budget = py.BudgetThreads
		return e
	}
	st := t.st
	st.mu.Lock()
	st.seq++
	t.ident = identBase + int64(st.seq)*8_392_704
	t.nativeID = os.Getpid() + st.seq
	if !t.dummy {
		st.started++
		st.live[t] = st.started
	}
	st.mu.Unlock()
	t.started = true

	th := &starlark.Thread{Name: t.name, Print: thread.Print, Load: thread.Load}
	th.SetLocal(threadKey, t)
	if src := p.Trace; src != nil {
		e := trace.Event{Kind: "thread-start", Thread: thread.Name, Args: t.name}
		py.TraceAt(thread, &e)
		src.Add(e)
	}
	p.Go(th, t.daemon, func() {
		defer func() {
			st.mu.Lock()
			if !t.dummy {
				// A _DummyThread stays listed, and alive, as CPython's never goes.
				delete(st.live, t)
			}
			t.ended = true
			st.mu.Unlock()
			close(t.done)
			if src := p.Trace; src != nil {
				src.Add(trace.Event{Kind: "thread-end", Thread: t.name})
			}
		}()
		t.run(p, th, interval)
	})
	return nil
}

// run is the body of a started thread; it holds the interpreter lock.
func (t *Thread) run(p *host.Process, th *starlark.Thread, interval time.Duration) {
	if t.timer != nil {
		cancelled, err := Block(p, interval, func() (bool, <-chan struct{}) {
			select {
			case <-t.timer.cancel:
				return true, nil
			default:
				return false, t.timer.cancel
			}
		})
		if cancelled || err != nil {
			return
		}
	}
	var err error
	if t.self != nil {
		// A subclass's run(), or Thread's own, which calls the target.
		var run starlark.Value
		if run, err = py.GetAttr(t.self, "run"); err == nil {
			err = call(th, run, nil, nil)
		}
	} else if t.target != starlark.None {
		err = call(th, t.target, t.args, t.kwargs)
	}
	// As CPython's Thread.run: the thread no longer holds its target and
	// arguments once it has run them.
	target := t.target
	t.target, t.args, t.kwargs = starlark.None, nil, nil
	if err == nil || p.Cancelled() {
		return
	}
	exc := py.AsException(err)
	if exc.Class.IsSubclass(py.SystemExit) {
		return
	}
	if t.dummy {
		// CPython reports it through sys.unraisablehook.
		fmt.Fprintf(p.Stderr, "Exception ignored in thread started by: %s\n%s", py.Repr(target), py.Traceback(p, err))
	} else {
		fmt.Fprintf(p.Stderr, "Exception in thread %s:\n%s", t.name, py.Traceback(p, err))
	}
}

// runMethod is Thread.run: it calls the target with its arguments.
func (t *Thread) runMethod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	if t.target == starlark.None {
		return starlark.None, nil
	}
	return starlark.Call(thread, t.target, t.args, t.kwargs)
}

// call runs the target; a panic in a builtin becomes an error, not a crash.
func call(th *starlark.Thread, fn starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = py.Errorf(py.RuntimeError, "internal error in sockstar: %v", r)
		}
	}()
	_, err = starlark.Call(th, fn, args, kwargs)
	return err
}

func (t *Thread) join(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var timeout starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "timeout?", &timeout); err != nil {
		return nil, err
	}
	if !t.started {
		return nil, py.Errorf(py.RuntimeError, "cannot join thread before it is started")
	}
	if t == current(thread) {
		return nil, py.Errorf(py.RuntimeError, "cannot join current thread")
	}
	d, err := optTimeout(b.Name(), timeout)
	if err != nil {
		return nil, err
	}
	_, err = Block(host.Of(thread), d, func() (bool, <-chan struct{}) {
		select {
		case <-t.done:
			return true, nil
		default:
			return false, t.done
		}
	})
	return starlark.None, err
}

func (t *Thread) cancel(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	t.timer.once.Do(func() { close(t.timer.cancel) })
	return starlark.None, nil
}

func currentThread(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	t := current(thread)
	if t.dummy {
		t.st.adopt(t)
	}
	return t.value(), nil
}

func mainThread(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return stateOf(host.Of(thread)).main, nil
}

// liveThreads lists the threads alive now, in the order they started.
func liveThreads(thread *starlark.Thread) []starlark.Value {
	st := stateOf(host.Of(thread))
	st.mu.Lock()
	threads := make([]*Thread, 0, len(st.live))
	for t := range st.live {
		threads = append(threads, t)
	}
	sort.Slice(threads, func(i, j int) bool { return st.live[threads[i]] < st.live[threads[j]] })
	st.mu.Unlock()
	out := make([]starlark.Value, len(threads))
	for i, t := range threads {
		out[i] = t.value()
	}
	return out
}

func activeCount(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.MakeInt(len(liveThreads(thread))), nil
}

func enumerate(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.NewList(liveThreads(thread)), nil
}

func getIdent(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.MakeInt64(current(thread).ident), nil
}

func getNativeID(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.MakeInt(current(thread).nativeID), nil
}
