package concurrent

import (
	"fmt"
	"math"
	goruntime "runtime"
	"time"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/stdlib/threading"
)

// Executor is a ThreadPoolExecutor. Its queue and counters are guarded by
// its run's state.mu: workers wait on them without the interpreter lock.
type Executor struct {
	st          *state
	p           *host.Process
	max         int
	prefix      string
	initializer starlark.Value
	initargs    starlark.Tuple
	queue       []*workItem
	threads     []*threading.Thread
	idle        int    // CPython's idle semaphore: items done, not yet taken by a submit
	shutdown    bool   // shutdown() was called
	broken      string // why the pool cannot run work, once an initializer failed
}

type workItem struct {
	f      *Future
	fn     starlark.Value
	args   starlark.Tuple
	kwargs []starlark.Tuple
}

var (
	_ starlark.HasAttrs = (*Executor)(nil)
	_ py.Typed          = (*Executor)(nil)
	_ py.Closer         = (*Executor)(nil)
)

// workerKey marks a worker's thread with its executor.
const workerKey = "concurrent.futures.worker"

func newThreadPool(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var maxWorkers, prefix, initializer starlark.Value = starlark.None, starlark.String(""), starlark.None
	var initargs starlark.Value = starlark.Tuple{}
	if err := starlark.UnpackArgs("ThreadPoolExecutor", args, kwargs, "max_workers?", &maxWorkers,
		"thread_name_prefix?", &prefix, "initializer?", &initializer, "initargs?", &initargs); err != nil {
		return nil, err
	}
	n := min(32, goruntime.NumCPU()+4)
	if maxWorkers != starlark.None {
		ok, err := py.Compare(syntax.LE, maxWorkers, starlark.MakeInt(0))
		if err != nil {
			return nil, err
		}
		if ok {
			return nil, py.Errorf(py.ValueError, "max_workers must be greater than 0")
		}
		v, err := starlark.AsInt32(maxWorkers)
		if err != nil {
			v = math.MaxInt32 // a float or a huge int: no more threads than work anyway
		}
		n = v
	}
	if initializer != starlark.None {
		if _, ok := initializer.(starlark.Callable); !ok {
			return nil, py.Errorf(py.TypeError, "initializer must be a callable")
		}
	}
	iargs, ok := initargs.(starlark.Tuple)
	if !ok {
		return nil, py.Errorf(py.TypeError, "initargs must be a tuple")
	}
	p := host.Of(thread)
	st := stateOf(p)
	e := &Executor{st: st, p: p, max: n, prefix: py.Str(prefix), initializer: initializer, initargs: iargs}
	if e.prefix == "" {
		st.mu.Lock()
		e.prefix = fmt.Sprintf("ThreadPoolExecutor-%d", st.pools)
		st.pools++
		st.mu.Unlock()
	}
	return e, nil
}

func (e *Executor) String() string {
	return fmt.Sprintf("<concurrent.futures.thread.ThreadPoolExecutor object at %#x>", uintptr(unsafe.Pointer(e)))
}
func (e *Executor) Type() string         { return "ThreadPoolExecutor" }
func (e *Executor) Freeze()              {}
func (e *Executor) Truth() starlark.Bool { return true }
func (e *Executor) Hash() (uint32, error) {
	a := uintptr(unsafe.Pointer(e))
	return uint32(a>>4) ^ uint32(a>>36), nil
}
func (e *Executor) PyClass() *py.Class { return threadPoolClass }

// CloseFor is the end of a with statement: shutdown(wait=True).
func (e *Executor) CloseFor(thread *starlark.Thread) error {
	return e.close(thread, true, false)
}

type executorMethod func(e *Executor, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

var executorMethods = py.Table[string, executorMethod]{Build: func() map[string]executorMethod {
	return map[string]executorMethod{
		"submit": (*Executor).submitMethod,
		"map":    (*Executor).mapMethod,
		"shutdown": func(e *Executor, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			wait, cancelFutures := true, false
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "wait?", &wait, "cancel_futures?", &cancelFutures); err != nil {
				return nil, err
			}
			return starlark.None, e.close(thread, wait, cancelFutures)
		},
	}
}}

func (e *Executor) Attr(name string) (starlark.Value, error) {
	if name == "_max_workers" {
		return starlark.MakeInt(e.max), nil
	}
	m, ok := executorMethods.Map()[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin("ThreadPoolExecutor."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(e, thread, b, args, kwargs)
	}).BindReceiver(e), nil
}

func (e *Executor) AttrNames() []string { return []string{"map", "shutdown", "submit"} }

// submit queues fn(*args, **kwargs) and starts a worker if none is idle
// and the pool has room, as CPython's _adjust_thread_count does.
func (e *Executor) submit(thread *starlark.Thread, fn starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (*Future, error) {
	st := e.st
	st.mu.Lock()
	switch {
	case e.broken != "":
		st.mu.Unlock()
		return nil, py.Errorf(brokenThreadPoolClass, "%s", e.broken)
	case e.shutdown:
		st.mu.Unlock()
		return nil, py.Errorf(py.RuntimeError, "cannot schedule new futures after shutdown")
	case st.exiting:
		st.mu.Unlock()
		return nil, py.Errorf(py.RuntimeError, "cannot schedule new futures after interpreter shutdown")
	}
	f := &Future{st: st, p: e.p}
	e.queue = append(e.queue, &workItem{f: f, fn: fn, args: args, kwargs: kwargs})
	st.broadcast()
	start := false
	if e.idle > 0 {
		e.idle--
	} else if len(e.threads) < e.max {
		start = true
	}
	name := fmt.Sprintf("%s_%d", e.prefix, len(e.threads))
	st.mu.Unlock()
	if start {
		worker := starlark.NewBuiltin("_worker", e.worker)
		t, err := threading.Start(thread, name, worker, nil)
		if err != nil {
			return nil, err // as CPython's submit, when its worker cannot start
		}
		st.mu.Lock()
		e.threads = append(e.threads, t)
		st.mu.Unlock()
	}
	return f, nil
}

func (e *Executor) submitMethod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, py.Errorf(py.TypeError, "ThreadPoolExecutor.submit() missing 1 required positional argument: 'fn'")
	}
	return e.submit(thread, args[0], args[1:], kwargs)
}

// take waits for the next work item; nil when the pool is to end: shut
// down, broken, or the main code over, with nothing queued.
func (e *Executor) take() (*workItem, error) {
	st := e.st
	var item *workItem
	_, err := threading.Block(e.p, threading.Forever, func() (bool, <-chan struct{}) {
		st.mu.Lock()
		defer st.mu.Unlock()
		if len(e.queue) > 0 && e.broken == "" {
			item = e.queue[0]
			e.queue[0] = nil // the array must not keep the item (its arguments) once done
			e.queue = e.queue[1:]
			return true, nil
		}
		return e.shutdown || st.exiting || e.broken != "", st.changed
	})
	return item, err
}

// worker is a pool thread's target: it runs queued work until the pool ends.
func (e *Executor) worker(thread *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	thread.SetLocal(workerKey, e)
	depth := thread.CallStackDepth()
	if e.initializer != starlark.None {
		if _, err := starlark.Call(thread, e.initializer, e.initargs, nil); err != nil {
			if e.p.Cancelled() {
				return nil, err
			}
			fmt.Fprintf(e.p.Stderr, "Exception in initializer:\n%s", traceback(e.p, err, depth))
			e.breakPool(thread)
			return starlark.None, nil
		}
	}
	for {
		item, err := e.take()
		if err != nil {
			return nil, err // the run is cancelled
		}
		if item == nil {
			return starlark.None, nil
		}
		if item.f.start() {
			v, err := starlark.Call(thread, item.fn, item.args, item.kwargs)
			// As CPython's worker drops its work item: the arguments go with the call.
			item.fn, item.args, item.kwargs = nil, nil, nil
			if err != nil && e.p.Cancelled() {
				return nil, err
			}
			if err != nil {
				item.f.finish(thread, nil, py.Caught(thread, err, depth), finished)
			} else {
				item.f.finish(thread, v, nil, finished)
			}
		}
		e.st.mu.Lock()
		e.idle++
		e.st.mu.Unlock()
	}
}

// breakPool marks the pool unusable after a failed initializer, and fails
// the work still queued, as CPython's _initializer_failed does.
func (e *Executor) breakPool(thread *starlark.Thread) {
	const msg = "A thread initializer failed, the thread pool is not usable anymore"
	e.st.mu.Lock()
	e.broken = msg
	queued := e.queue
	e.queue = nil
	e.st.broadcast()
	e.st.mu.Unlock()
	for _, item := range queued {
		item.f.finish(thread, nil, py.Errorf(brokenThreadPoolClass, "%s", msg), finished)
	}
}

// close is shutdown(wait, cancel_futures): no new work; queued work is
// cancelled if asked, else done; with wait, the workers are joined.
func (e *Executor) close(thread *starlark.Thread, wait, cancelFutures bool) error {
	st := e.st
	st.mu.Lock()
	e.shutdown = true
	var cancelled []*workItem
	if cancelFutures {
		cancelled = e.queue
		e.queue = nil
	}
	threads := append([]*threading.Thread(nil), e.threads...)
	st.broadcast()
	st.mu.Unlock()
	for _, item := range cancelled {
		item.f.cancel(thread)
	}
	if !wait {
		return nil
	}
	if me, ok := thread.Local(workerKey).(*Executor); ok && me == e {
		return py.Errorf(py.RuntimeError, "cannot join current thread")
	}
	for _, t := range threads {
		done := t.Done()
		if _, err := threading.Block(e.p, threading.Forever, func() (bool, <-chan struct{}) {
			select {
			case <-done:
				return true, nil
			default:
				return false, done
			}
		}); err != nil {
			return err
		}
	}
	return nil
}

// mapMethod is map(fn, *iterables, timeout=None, chunksize=1): every call
// is submitted now; the iterator gives their results in order, raises the
// first exception it meets, and cancels what is left when it stops early.
func (e *Executor) mapMethod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, py.Errorf(py.TypeError, "Executor.map() missing 1 required positional argument: 'fn'")
	}
	var timeout starlark.Value = starlark.None
	var chunksize starlark.Value = starlark.MakeInt(1)
	if err := starlark.UnpackArgs(b.Name(), nil, kwargs, "timeout?", &timeout, "chunksize?", &chunksize); err != nil {
		return nil, err
	}
	d, err := timeoutArg(timeout)
	if err != nil {
		return nil, err
	}
	end := deadline(host.Of(thread), d)
	var columns [][]starlark.Value
	for _, src := range args[1:] {
		it, err := py.GetIter(thread, src)
		if err != nil {
			return nil, err
		}
		var col []starlark.Value
		for {
			v, ok, err := py.Next(thread, it)
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			col = append(col, v)
		}
		columns = append(columns, col)
	}
	n := 0
	if len(columns) > 0 {
		n = len(columns[0])
		for _, c := range columns {
			n = min(n, len(c))
		}
	}
	fs := make([]*Future, 0, n)
	for i := 0; i < n; i++ {
		callArgs := make(starlark.Tuple, len(columns))
		for j, c := range columns {
			callArgs[j] = c[i]
		}
		f, err := e.submit(thread, args[0], callArgs, nil)
		if err != nil {
			return nil, err
		}
		fs = append(fs, f)
	}
	i := 0
	return py.NewIterator(generatorClass, e.p, func(th *starlark.Thread) (starlark.Value, bool, error) {
		if i >= len(fs) {
			return nil, false, nil
		}
		f := fs[i]
		i++
		v, err := result(f, left(e.p, end))
		f.cancel(th)
		if err != nil {
			for _, rest := range fs[i:] {
				rest.cancel(th)
			}
			i = len(fs)
			return nil, false, err
		}
		return v, true, nil
	}), nil
}

// result is f.result(timeout).
func result(f *Future, d time.Duration) (starlark.Value, error) {
	ok, err := f.await(d)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, py.New(py.TimeoutError)
	}
	return f.outcome()
}
