// Package queue is Python's queue module: thread-safe queues whose blocking
// calls let go of the run's interpreter lock and end with the run.
//
//	queue.Queue(maxsize=0), queue.LifoQueue(maxsize=0), queue.PriorityQueue(maxsize=0)
//	    .put(item, block=True, timeout=None), .put_nowait(item)
//	    .get(block=True, timeout=None), .get_nowait()
//	    .qsize(), .empty(), .full(), .maxsize, .task_done(), .join()
//	queue.SimpleQueue()   .put(item, block=True, timeout=None), .put_nowait(item),
//	                      .get(block=True, timeout=None), .get_nowait(), .qsize(), .empty()
//	queue.Empty, queue.Full   exception classes, for catch and isinstance
package queue

import (
	"fmt"
	"reflect"
	"sync"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/stdlib/threading"
)

var (
	// Empty is raised by get when nothing comes; CPython's is _queue.Empty.
	Empty = py.DeclareClass("_queue", "Empty", &py.Exception_, nil)
	// Full is raised by put when there is no room.
	Full = py.DeclareClass("queue", "Full", &py.Exception_, nil)

	queueClass       = py.DeclareClass("queue", "Queue", &py.Object, newQueue)
	lifoQueueClass   = py.DeclareClass("queue", "LifoQueue", &queueClass, newQueue)
	priorityClass    = py.DeclareClass("queue", "PriorityQueue", &queueClass, newQueue)
	simpleQueueClass = py.DeclareClass("_queue", "SimpleQueue", &py.Object, newSimpleQueue)
)

// Module is the queue module.
var Module = &py.Module{
	Name: "queue",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"Queue":         queueClass,
			"LifoQueue":     lifoQueueClass,
			"PriorityQueue": priorityClass,
			"SimpleQueue":   simpleQueueClass,
			"Empty":         Empty,
			"Full":          Full,
		}
	},
}

// Queue is any of the module's queues; cls says which.
type Queue struct {
	cls     *py.Class
	maxsize int

	mu         sync.Mutex
	items      []starlark.Value
	unfinished int
	reserved   int           // room that puts have found and not yet filled
	changed    chan struct{} // closed and replaced on every put, get and task_done
}

func newSimpleQueue(_ *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("SimpleQueue", args, kwargs, 0); err != nil {
		return nil, err
	}
	return &Queue{cls: cls}, nil
}

func newQueue(_ *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	q := &Queue{cls: cls}
	if err := starlark.UnpackArgs(cls.Name(), args, kwargs, "maxsize?", &q.maxsize); err != nil {
		return nil, err
	}
	return q, nil
}

var (
	_ starlark.HasAttrs = (*Queue)(nil)
	_ py.Typed          = (*Queue)(nil)
)

func (q *Queue) String() string {
	return fmt.Sprintf("<%s object at %#x>", q.cls.QualName(), reflect.ValueOf(q).Pointer())
}
func (q *Queue) Type() string         { return q.cls.Name() }
func (q *Queue) Freeze()              {}
func (q *Queue) Truth() starlark.Bool { return true }
func (q *Queue) Hash() (uint32, error) {
	a := reflect.ValueOf(q).Pointer()
	return uint32(a ^ a>>32), nil
}
func (q *Queue) PyClass() *py.Class { return q.cls }
func (q *Queue) PyRepr() string     { return q.String() }

type method func(q *Queue, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

var methods = py.Table[string, method]{Build: func() map[string]method {
	return map[string]method{
		"put":        (*Queue).put,
		"put_nowait": (*Queue).putNowait,
		"get":        (*Queue).get,
		"get_nowait": (*Queue).getNowait,
		"qsize":      noArgs(func(q *Queue) starlark.Value { return starlark.MakeInt(q.size()) }),
		"empty":      noArgs(func(q *Queue) starlark.Value { return starlark.Bool(q.size() == 0) }),
		"full": noArgs(func(q *Queue) starlark.Value {
			return starlark.Bool(q.maxsize > 0 && q.size() >= q.maxsize)
		}),
		"task_done": (*Queue).taskDone,
		"join":      (*Queue).join,
	}
}}

// simpleOnly reports whether a SimpleQueue has the method too.
func simpleOnly(name string) bool {
	switch name {
	case "put", "put_nowait", "get", "get_nowait", "qsize", "empty":
		return true
	}
	return false
}

func (q *Queue) Attr(name string) (starlark.Value, error) {
	if q.cls == simpleQueueClass {
		if !simpleOnly(name) {
			return nil, nil
		}
	} else if name == "maxsize" {
		return starlark.MakeInt(q.maxsize), nil
	}
	m, ok := methods.Map()[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(q, thread, b, args, kwargs)
	}), nil
}

func (q *Queue) AttrNames() []string {
	var out []string
	for name := range methods.Map() {
		if q.cls != simpleQueueClass || simpleOnly(name) {
			out = append(out, name)
		}
	}
	if q.cls != simpleQueueClass {
		out = append(out, "maxsize")
	}
	return out
}

func noArgs(f func(q *Queue) starlark.Value) method {
	return func(q *Queue, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
			return nil, err
		}
		return f(q), nil
	}
}

func (q *Queue) size() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

// changedLocked is the channel closed at the next change; call with mu held.
func (q *Queue) changedLocked() <-chan struct{} {
	if q.changed == nil {
		q.changed = make(chan struct{})
	}
	return q.changed
}

func (q *Queue) notifyLocked() {
	if q.changed != nil {
		close(q.changed)
		q.changed = nil
	}
}

// blockArgs reads (block, timeout) as put and get take them.
func blockArgs(block bool, timeout starlark.Value) (time.Duration, error) {
	if !block {
		return 0, nil
	}
	if timeout == starlark.None {
		return threading.Forever, nil
	}
	d, f, err := threading.Seconds("timeout", timeout)
	if err != nil {
		return 0, err
	}
	if f < 0 {
		return 0, py.Errorf(py.ValueError, "'timeout' must be a non-negative number")
	}
	if d == 0 {
		// A zero timeout still waits no time, but reports Full/Empty.
		return 0, nil
	}
	return d, nil
}

func (q *Queue) put(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var item starlark.Value
	block := true
	var timeout starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "item", &item, "block?", &block, "timeout?", &timeout); err != nil {
		return nil, err
	}
	d, err := blockArgs(block, timeout)
	if err != nil {
		return nil, err
	}
	return starlark.None, q.putItem(thread, item, d)
}

func (q *Queue) putNowait(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var item starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "item", &item); err != nil {
		return nil, err
	}
	return starlark.None, q.putItem(thread, item, 0)
}

// putItem waits for room (a SimpleQueue always has some) and adds item.
func (q *Queue) putItem(thread *starlark.Thread, item starlark.Value, d time.Duration) error {
	// The wait reserves the room it finds, since it runs without the
	// interpreter lock and another put could take the room meanwhile.
	ok, err := threading.Block(host.Of(thread), d, func() (bool, <-chan struct{}) {
		q.mu.Lock()
		defer q.mu.Unlock()
		if q.maxsize > 0 && q.cls != simpleQueueClass && len(q.items)+q.reserved >= q.maxsize {
			return false, q.changedLocked()
		}
		q.reserved++
		return true, nil
	})
	if err != nil {
		return err
	}
	if !ok {
		return py.New(Full)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.reserved--
	pos := len(q.items)
	if q.cls == priorityClass {
		// Comparing script values needs the interpreter lock, which this
		// thread holds again now.
		if pos, err = searchPos(q.items, item); err != nil {
			q.notifyLocked()
			return err
		}
	}
	q.items = append(q.items, nil)
	copy(q.items[pos+1:], q.items[pos:])
	q.items[pos] = item
	q.unfinished++
	q.notifyLocked()
	return nil
}

// searchPos is where item goes in sorted items, after any equal ones.
func searchPos(items []starlark.Value, item starlark.Value) (int, error) {
	lo, hi := 0, len(items)
	for lo < hi {
		mid := (lo + hi) / 2
		less, err := starlark.Compare(syntax.LT, item, items[mid])
		if err != nil {
			return 0, py.Errorf(py.TypeError, "'<' not supported between instances of '%s' and '%s'", py.TypeOf(item).Name(), py.TypeOf(items[mid]).Name())
		}
		if less {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo, nil
}

func (q *Queue) get(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	block := true
	var timeout starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "block?", &block, "timeout?", &timeout); err != nil {
		return nil, err
	}
	d, err := blockArgs(block, timeout)
	if err != nil {
		return nil, err
	}
	return q.getItem(thread, d)
}

func (q *Queue) getNowait(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return q.getItem(thread, 0)
}

// getItem waits for an item and takes it: the oldest, the newest for a
// LifoQueue, the smallest for a PriorityQueue.
func (q *Queue) getItem(thread *starlark.Thread, d time.Duration) (starlark.Value, error) {
	var item starlark.Value
	ok, err := threading.Block(host.Of(thread), d, func() (bool, <-chan struct{}) {
		q.mu.Lock()
		defer q.mu.Unlock()
		n := len(q.items)
		if n == 0 {
			return false, q.changedLocked()
		}
		if q.cls == lifoQueueClass {
			item = q.items[n-1]
			q.items[n-1] = nil
			q.items = q.items[:n-1]
		} else {
			item = q.items[0]
			q.items[0] = nil
			q.items = q.items[1:]
		}
		q.notifyLocked()
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, py.New(Empty)
	}
	return item, nil
}

func (q *Queue) taskDone(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.unfinished <= 0 {
		return nil, py.Errorf(py.ValueError, "task_done() called too many times")
	}
	q.unfinished--
	if q.unfinished == 0 {
		q.notifyLocked()
	}
	return starlark.None, nil
}

func (q *Queue) join(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	_, err := threading.Block(host.Of(thread), threading.Forever, func() (bool, <-chan struct{}) {
		q.mu.Lock()
		defer q.mu.Unlock()
		if q.unfinished == 0 {
			return true, nil
		}
		return false, q.changedLocked()
	})
	return starlark.None, err
}
