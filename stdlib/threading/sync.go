package threading

import (
	"fmt"
	"reflect"
	"sync"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// method is one Python method of a value of type T.
type method[T any] func(x T, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// attr finds a method by name and binds it to x.
func attr[T any](methods map[string]method[T], typeName string, x T, name string) (starlark.Value, error) {
	m, ok := methods[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(typeName+"."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(x, thread, b, args, kwargs)
	}), nil
}

func names[T any](methods map[string]method[T], extra ...string) []string {
	out := append([]string{}, extra...)
	for k := range methods {
		out = append(out, k)
	}
	return out
}

// addr is the address Python shows in a default repr.
func addr(x any) uintptr { return reflect.ValueOf(x).Pointer() }

// identityHash makes values hashable by identity, as Python objects are.
func identityHash(x any) (uint32, error) {
	a := addr(x)
	return uint32(a ^ a>>32), nil
}

// signal is a broadcast: waiters take ch, and it is closed and replaced on
// every change worth looking at again.
type signal struct{ ch chan struct{} }

func (s *signal) wait() <-chan struct{} {
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
	return s.ch
}

func (s *signal) broadcast() {
	if s.ch != nil {
		close(s.ch)
		s.ch = nil
	}
}

// lockArgs reads acquire(blocking=True, timeout=-1) as Lock and RLock take it.
func lockArgs(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (time.Duration, error) {
	blocking := true
	var timeout starlark.Value = starlark.MakeInt(-1)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "blocking?", &blocking, "timeout?", &timeout); err != nil {
		return 0, err
	}
	d, f, err := Seconds(b.Name(), timeout)
	if err != nil {
		return 0, err
	}
	if !blocking {
		if f != -1 {
			return 0, py.Errorf(py.ValueError, "can't specify a timeout for a non-blocking call")
		}
		return 0, nil
	}
	if f == -1 {
		return Forever, nil
	}
	if f < 0 {
		return 0, py.Errorf(py.ValueError, "timeout value must be positive")
	}
	return d, nil
}

// ownable is a lock a Condition can be built on.
type ownable interface {
	starlark.Value
	owned(thread *starlark.Thread) bool
	// releaseAll lets go of the lock entirely and says how to take it back.
	releaseAll(thread *starlark.Thread) int
	restore(p *host.Process, thread *starlark.Thread, count int) error
}

// Lock is _thread.lock: any thread may release it.
type Lock struct {
	mu      sync.Mutex
	held    bool
	changed signal
}

var lockClass = py.DeclareClass("_thread", "lock", &py.Object, newLock)

func newLock(*starlark.Thread, *py.Class, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return &Lock{}, nil
}

func (l *Lock) tryAcquire() (bool, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.held {
		l.held = true
		return true, nil
	}
	return false, l.changed.wait()
}

func (l *Lock) acquire(p *host.Process, d time.Duration) (bool, error) {
	return Block(p, d, l.tryAcquire)
}

func (l *Lock) release() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.held {
		return py.Errorf(py.RuntimeError, "release unlocked lock")
	}
	l.held = false
	l.changed.broadcast()
	return nil
}

func (l *Lock) isLocked() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.held
}

func (l *Lock) owned(*starlark.Thread) bool { return l.isLocked() }
func (l *Lock) releaseAll(*starlark.Thread) int {
	l.release()
	return 1
}
func (l *Lock) restore(p *host.Process, _ *starlark.Thread, _ int) error {
	_, err := l.acquire(p, Forever)
	return err
}

func (l *Lock) String() string {
	state := "unlocked"
	if l.isLocked() {
		state = "locked"
	}
	return fmt.Sprintf("<%s _thread.lock object at %#x>", state, addr(l))
}
func (l *Lock) Type() string          { return "lock" }
func (l *Lock) Freeze()               {}
func (l *Lock) Truth() starlark.Bool  { return true }
func (l *Lock) Hash() (uint32, error) { return identityHash(l) }
func (l *Lock) PyClass() *py.Class    { return lockClass }
func (l *Lock) PyRepr() string        { return l.String() }
func (l *Lock) AttrNames() []string   { return names(lockMethods.Map()) }
func (l *Lock) Attr(name string) (starlark.Value, error) {
	return attr(lockMethods.Map(), "lock", l, name)
}

var lockMethods = py.Table[string, method[*Lock]]{Build: func() map[string]method[*Lock] {
	return map[string]method[*Lock]{
		"acquire":      lockAcquire,
		"acquire_lock": lockAcquire,
		"__enter__":    lockAcquire,
		"release":      lockRelease,
		"release_lock": lockRelease,
		"__exit__": func(l *Lock, _ *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, l.release()
		},
		"locked": func(l *Lock, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			return starlark.Bool(l.isLocked()), nil
		},
	}
}}

func lockAcquire(l *Lock, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	d, err := lockArgs(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	ok, err := l.acquire(host.Of(thread), d)
	return starlark.Bool(ok), err
}

func lockRelease(l *Lock, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.None, l.release()
}

// RLock is _thread.RLock: its owner may take it again, and only its owner
// may release it.
type RLock struct {
	mu      sync.Mutex
	owner   *starlark.Thread
	count   int
	changed signal
}

var rlockClass = py.DeclareClass("_thread", "RLock", &py.Object, newRLock)

func newRLock(*starlark.Thread, *py.Class, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return &RLock{}, nil
}

func (l *RLock) acquire(p *host.Process, thread *starlark.Thread, d time.Duration, count int) (bool, error) {
	return Block(p, d, func() (bool, <-chan struct{}) {
		l.mu.Lock()
		defer l.mu.Unlock()
		switch l.owner {
		case nil:
			l.owner, l.count = thread, count
			return true, nil
		case thread:
			l.count += count
			return true, nil
		}
		return false, l.changed.wait()
	})
}

func (l *RLock) release(thread *starlark.Thread) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.owner != thread {
		return py.Errorf(py.RuntimeError, "cannot release un-acquired lock")
	}
	l.count--
	if l.count == 0 {
		l.owner = nil
		l.changed.broadcast()
	}
	return nil
}

func (l *RLock) owned(thread *starlark.Thread) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.owner == thread
}

func (l *RLock) releaseAll(thread *starlark.Thread) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.count
	l.owner, l.count = nil, 0
	l.changed.broadcast()
	return n
}

func (l *RLock) restore(p *host.Process, thread *starlark.Thread, count int) error {
	_, err := l.acquire(p, thread, Forever, count)
	return err
}

func (l *RLock) String() string {
	l.mu.Lock()
	owner, count := l.owner, l.count
	l.mu.Unlock()
	state, id := "unlocked", int64(0)
	if owner != nil {
		state = "locked"
		id = threadIdent(owner)
	}
	return fmt.Sprintf("<%s _thread.RLock object owner=%d count=%d at %#x>", state, id, count, addr(l))
}
func (l *RLock) Type() string          { return "RLock" }
func (l *RLock) Freeze()               {}
func (l *RLock) Truth() starlark.Bool  { return true }
func (l *RLock) Hash() (uint32, error) { return identityHash(l) }
func (l *RLock) PyClass() *py.Class    { return rlockClass }
func (l *RLock) PyRepr() string        { return l.String() }
func (l *RLock) AttrNames() []string   { return names(rlockMethods.Map()) }
func (l *RLock) Attr(name string) (starlark.Value, error) {
	return attr(rlockMethods.Map(), "RLock", l, name)
}

var rlockMethods = py.Table[string, method[*RLock]]{Build: func() map[string]method[*RLock] {
	return map[string]method[*RLock]{
		"acquire":   rlockAcquire,
		"__enter__": rlockAcquire,
		"release":   rlockRelease,
		"__exit__": func(l *RLock, thread *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, l.release(thread)
		},
	}
}}

func rlockAcquire(l *RLock, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	d, err := lockArgs(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	ok, err := l.acquire(host.Of(thread), thread, d, 1)
	return starlark.Bool(ok), err
}

func rlockRelease(l *RLock, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.None, l.release(thread)
}

// Event is threading.Event: a flag threads wait for.
type Event struct {
	mu      sync.Mutex
	flag    bool
	changed signal
}

var eventClass = py.DeclareClass("threading", "Event", &py.Object, newEvent)

func newEvent(_ *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("Event", args, kwargs, 0); err != nil {
		return nil, err
	}
	return &Event{}, nil
}

func (e *Event) isSet() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.flag
}

func (e *Event) set(v bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.flag = v
	if v {
		e.changed.broadcast()
	}
}

func (e *Event) wait(p *host.Process, d time.Duration) (bool, error) {
	return Block(p, d, func() (bool, <-chan struct{}) {
		e.mu.Lock()
		defer e.mu.Unlock()
		if e.flag {
			return true, nil
		}
		return false, e.changed.wait()
	})
}

func (e *Event) String() string {
	state := "unset"
	if e.isSet() {
		state = "set"
	}
	return fmt.Sprintf("<threading.Event at %#x: %s>", addr(e), state)
}
func (e *Event) Type() string          { return "Event" }
func (e *Event) Freeze()               {}
func (e *Event) Truth() starlark.Bool  { return true }
func (e *Event) Hash() (uint32, error) { return identityHash(e) }
func (e *Event) PyClass() *py.Class    { return eventClass }
func (e *Event) PyRepr() string        { return e.String() }
func (e *Event) AttrNames() []string   { return names(eventMethods.Map()) }
func (e *Event) Attr(name string) (starlark.Value, error) {
	return attr(eventMethods.Map(), "Event", e, name)
}

var eventMethods = py.Table[string, method[*Event]]{Build: func() map[string]method[*Event] {
	return map[string]method[*Event]{
		"set": func(e *Event, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			e.set(true)
			return starlark.None, nil
		},
		"clear": func(e *Event, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			e.set(false)
			return starlark.None, nil
		},
		"is_set": func(e *Event, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			return starlark.Bool(e.isSet()), nil
		},
		"wait": func(e *Event, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var timeout starlark.Value = starlark.None
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "timeout?", &timeout); err != nil {
				return nil, err
			}
			d, err := optTimeout(b.Name(), timeout)
			if err != nil {
				return nil, err
			}
			ok, err := e.wait(host.Of(thread), d)
			return starlark.Bool(ok), err
		},
	}
}}

// Semaphore is threading.Semaphore, and BoundedSemaphore when bound > 0.
type Semaphore struct {
	mu      sync.Mutex
	value   int
	bound   int
	changed signal
}

var (
	semaphoreClass        = py.DeclareClass("threading", "Semaphore", &py.Object, newSemaphore)
	boundedSemaphoreClass = py.DeclareClass("threading", "BoundedSemaphore", &semaphoreClass, newBoundedSemaphore)
)

func newSemaphore(_ *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return makeSemaphore(cls, args, kwargs, false)
}

func newBoundedSemaphore(_ *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return makeSemaphore(cls, args, kwargs, true)
}

// makeSemaphore is Semaphore(value=1) or BoundedSemaphore(value=1); the
// flag, not the class, says which, so the classes' initializers need no init.
func makeSemaphore(cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple, bounded bool) (starlark.Value, error) {
	value := 1
	if err := starlark.UnpackArgs(cls.Name(), args, kwargs, "value?", &value); err != nil {
		return nil, err
	}
	if value < 0 {
		return nil, py.Errorf(py.ValueError, "semaphore initial value must be >= 0")
	}
	s := &Semaphore{value: value}
	if bounded {
		s.bound = value
		if value == 0 {
			s.bound = -1 // bounded at zero: any release is one too many
		}
	}
	return s, nil
}

func (s *Semaphore) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bound != 0 {
		return fmt.Sprintf("<threading.BoundedSemaphore at %#x: value=%d/%d>", addr(s), s.value, max(s.bound, 0))
	}
	return fmt.Sprintf("<threading.Semaphore at %#x: value=%d>", addr(s), s.value)
}
func (s *Semaphore) Type() string          { return "Semaphore" }
func (s *Semaphore) Freeze()               {}
func (s *Semaphore) Truth() starlark.Bool  { return true }
func (s *Semaphore) Hash() (uint32, error) { return identityHash(s) }
func (s *Semaphore) PyRepr() string        { return s.String() }
func (s *Semaphore) PyClass() *py.Class {
	if s.bound != 0 {
		return boundedSemaphoreClass
	}
	return semaphoreClass
}
func (s *Semaphore) AttrNames() []string { return names(semaphoreMethods.Map()) }
func (s *Semaphore) Attr(name string) (starlark.Value, error) {
	return attr(semaphoreMethods.Map(), s.PyClass().Name(), s, name)
}

var semaphoreMethods = py.Table[string, method[*Semaphore]]{Build: func() map[string]method[*Semaphore] {
	return map[string]method[*Semaphore]{
		"acquire":   semAcquire,
		"__enter__": semAcquire,
		"release":   semRelease,
		"__exit__": func(s *Semaphore, _ *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, s.release(1)
		},
	}
}}

func semAcquire(s *Semaphore, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	blocking := true
	var timeout starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "blocking?", &blocking, "timeout?", &timeout); err != nil {
		return nil, err
	}
	if !blocking && timeout != starlark.None {
		return nil, py.Errorf(py.ValueError, "can't specify timeout for non-blocking acquire")
	}
	d, err := optTimeout(b.Name(), timeout)
	if err != nil {
		return nil, err
	}
	if !blocking {
		d = 0
	}
	ok, err := Block(host.Of(thread), d, func() (bool, <-chan struct{}) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.value > 0 {
			s.value--
			return true, nil
		}
		return false, s.changed.wait()
	})
	return starlark.Bool(ok), err
}

func semRelease(s *Semaphore, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n := 1
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "n?", &n); err != nil {
		return nil, err
	}
	return starlark.None, s.release(n)
}

func (s *Semaphore) release(n int) error {
	if n < 1 {
		return py.Errorf(py.ValueError, "n must be one or more")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bound != 0 && s.value+n > max(s.bound, 0) {
		return py.Errorf(py.ValueError, "Semaphore released too many times")
	}
	s.value += n
	s.changed.broadcast()
	return nil
}

// Condition is threading.Condition over a Lock or an RLock.
type Condition struct {
	lock    ownable
	mu      sync.Mutex
	waiters []chan struct{}
}

var conditionClass = py.DeclareClass("threading", "Condition", &py.Object, newCondition)

func newCondition(_ *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var lock starlark.Value = starlark.None
	if err := starlark.UnpackArgs("Condition", args, kwargs, "lock?", &lock); err != nil {
		return nil, err
	}
	if lock == starlark.None {
		return &Condition{lock: &RLock{}}, nil
	}
	l, ok := lock.(ownable)
	if !ok {
		return nil, py.Errorf(py.TypeError, "Condition() needs a threading.Lock or threading.RLock, not '%s'", py.TypeOf(lock).Name())
	}
	return &Condition{lock: l}, nil
}

func (c *Condition) String() string {
	c.mu.Lock()
	n := len(c.waiters)
	c.mu.Unlock()
	return fmt.Sprintf("<Condition(%s, %d)>", py.Repr(c.lock), n)
}
func (c *Condition) Type() string          { return "Condition" }
func (c *Condition) Freeze()               {}
func (c *Condition) Truth() starlark.Bool  { return true }
func (c *Condition) Hash() (uint32, error) { return identityHash(c) }
func (c *Condition) PyClass() *py.Class    { return conditionClass }
func (c *Condition) PyRepr() string        { return c.String() }
func (c *Condition) AttrNames() []string   { return names(conditionMethods.Map()) }
func (c *Condition) Attr(name string) (starlark.Value, error) {
	switch name {
	case "acquire", "release", "__enter__", "__exit__", "locked":
		// The condition's lock methods are its lock's.
		return c.lock.(starlark.HasAttrs).Attr(name)
	}
	return attr(conditionMethods.Map(), "Condition", c, name)
}

// wait is Condition.wait: give up the lock, wait to be notified, take it back.
func (c *Condition) wait(thread *starlark.Thread, d time.Duration) (bool, error) {
	if !c.lock.owned(thread) {
		return false, py.Errorf(py.RuntimeError, "cannot wait on un-acquired lock")
	}
	p := host.Of(thread)
	me := make(chan struct{})
	c.mu.Lock()
	c.waiters = append(c.waiters, me)
	c.mu.Unlock()
	count := c.lock.releaseAll(thread)
	got, err := Block(p, d, func() (bool, <-chan struct{}) {
		select {
		case <-me:
			return true, nil
		default:
			return false, me
		}
	})
	if !got {
		c.mu.Lock()
		for i, w := range c.waiters {
			if w == me {
				c.waiters = append(c.waiters[:i], c.waiters[i+1:]...)
				break
			}
		}
		c.mu.Unlock()
	}
	if rerr := c.lock.restore(p, thread, count); err == nil {
		err = rerr
	}
	return got, err
}

func (c *Condition) notify(thread *starlark.Thread, n int) error {
	if !c.lock.owned(thread) {
		return py.Errorf(py.RuntimeError, "cannot notify on un-acquired lock")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for n > 0 && len(c.waiters) > 0 {
		close(c.waiters[0]) // a close, not a send: Block's wait must not consume it
		c.waiters = c.waiters[1:]
		n--
	}
	return nil
}

var conditionMethods = py.Table[string, method[*Condition]]{Build: func() map[string]method[*Condition] {
	return map[string]method[*Condition]{
		"wait": func(c *Condition, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var timeout starlark.Value = starlark.None
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "timeout?", &timeout); err != nil {
				return nil, err
			}
			d, err := optTimeout(b.Name(), timeout)
			if err != nil {
				return nil, err
			}
			ok, err := c.wait(thread, d)
			return starlark.Bool(ok), err
		},
		"wait_for": func(c *Condition, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var predicate starlark.Callable
			var timeout starlark.Value = starlark.None
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "predicate", &predicate, "timeout?", &timeout); err != nil {
				return nil, err
			}
			d, err := optTimeout(b.Name(), timeout)
			if err != nil {
				return nil, err
			}
			var deadline time.Time
			if d >= 0 {
				deadline = host.Of(thread).Now().Add(d)
			}
			for {
				result, err := starlark.Call(thread, predicate, nil, nil)
				if err != nil || result.Truth() {
					return result, err
				}
				wait := Forever
				if d >= 0 {
					if wait = deadline.Sub(host.Of(thread).Now()); wait <= 0 {
						return result, nil
					}
				}
				if _, err := c.wait(thread, wait); err != nil {
					return nil, err
				}
			}
		},
		"notify": func(c *Condition, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			n := 1
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "n?", &n); err != nil {
				return nil, err
			}
			return starlark.None, c.notify(thread, n)
		},
		"notify_all": func(c *Condition, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			return starlark.None, c.notify(thread, int(^uint(0)>>1))
		},
	}
}}
