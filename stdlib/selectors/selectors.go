// Package selectors is Python's selectors module over sockstar's select
// module: every selector class is the same epoll-backed one, named as
// CPython names it on Linux.
//
//	selectors.DefaultSelector() -> EpollSelector (also PollSelector, SelectSelector)
//	    register(fileobj, events, data=None) -> SelectorKey
//	    unregister(fileobj) -> SelectorKey
//	    modify(fileobj, events, data=None) -> SelectorKey
//	    select(timeout=None) -> [(key, events), ...]
//	    get_key(fileobj) -> SelectorKey
//	    get_map() -> mapping of fd and fileobj to SelectorKey (None once closed)
//	    close()
//	selectors.SelectorKey: fileobj, fd, events, data (a 4-tuple, as CPython's namedtuple)
//	selectors.EVENT_READ = 1, selectors.EVENT_WRITE = 2
//
// select() reports ready keys in the order they were registered (CPython:
// the kernel's order, usually the same for sockets that became ready together).
package selectors

import (
	"fmt"
	"math"
	"time"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
	pyselect "sockstar/stdlib/select"
)

const (
	eventRead  = 1
	eventWrite = 2
)

// Classes of the module.
var (
	KeyClass     = py.DeclareClass("selectors", "SelectorKey", &py.Object, newKey)
	MappingClass = py.DeclareClass("selectors", "_SelectorMapping", &py.Object, nil)
	EpollClass   = py.DeclareClass("selectors", "EpollSelector", &py.Object, newSelector)
	PollClass    = py.DeclareClass("selectors", "PollSelector", &py.Object, newSelector)
	SelectClass  = py.DeclareClass("selectors", "SelectSelector", &py.Object, newSelector)
)

// Module is the selectors module.
var Module = &py.Module{
	Name: "selectors",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"DefaultSelector": EpollClass,
			"EpollSelector":   EpollClass,
			"PollSelector":    PollClass,
			"SelectSelector":  SelectClass,
			"SelectorKey":     KeyClass,
			"EVENT_READ":      starlark.MakeInt(eventRead),
			"EVENT_WRITE":     starlark.MakeInt(eventWrite),
		}
	},
}

// Key is a SelectorKey: an immutable 4-tuple with named fields.
type Key struct {
	Fileobj starlark.Value
	Fd      int
	Events  int
	Data    starlark.Value
}

var (
	_ starlark.HasAttrs   = (*Key)(nil)
	_ starlark.Indexable  = (*Key)(nil)
	_ starlark.Sequence   = (*Key)(nil)
	_ starlark.Comparable = (*Key)(nil)
)

func newKey(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fileobj, fd, events, data starlark.Value
	if err := starlark.UnpackArgs("SelectorKey", args, kwargs, "fileobj", &fileobj, "fd", &fd, "events", &events, "data", &data); err != nil {
		return nil, err
	}
	fdn, _ := starlark.AsInt32(fd)
	ev, _ := starlark.AsInt32(events)
	return &Key{Fileobj: fileobj, Fd: fdn, Events: ev, Data: data}, nil
}

func (k *Key) tuple() starlark.Tuple {
	return starlark.Tuple{k.Fileobj, starlark.MakeInt(k.Fd), starlark.MakeInt(k.Events), k.Data}
}

func (k *Key) String() string {
	return fmt.Sprintf("SelectorKey(fileobj=%s, fd=%d, events=%d, data=%s)", py.Repr(k.Fileobj), k.Fd, k.Events, py.Repr(k.Data))
}
func (k *Key) Type() string          { return "SelectorKey" }
func (k *Key) Freeze()               {}
func (k *Key) Truth() starlark.Bool  { return true }
func (k *Key) Hash() (uint32, error) { return k.tuple().Hash() }
func (k *Key) PyClass() *py.Class    { return KeyClass }
func (k *Key) Len() int              { return 4 }
func (k *Key) Index(i int) starlark.Value {
	return k.tuple()[i]
}
func (k *Key) Iterate() starlark.Iterator { return k.tuple().Iterate() }
func (k *Key) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return k.tuple().CompareSameType(op, y.(*Key).tuple(), depth)
}

func (k *Key) Attr(name string) (starlark.Value, error) {
	switch name {
	case "fileobj":
		return k.Fileobj, nil
	case "fd":
		return starlark.MakeInt(k.Fd), nil
	case "events":
		return starlark.MakeInt(k.Events), nil
	case "data":
		return k.Data, nil
	}
	return nil, nil
}

func (k *Key) AttrNames() []string { return []string{"data", "events", "fd", "fileobj"} }

// Selector is an EpollSelector (or its Poll/Select aliases). Only script code
// touches it, under the interpreter lock.
type Selector struct {
	cls     *py.Class
	order   []int // registered descriptors, oldest first
	keys    map[int]*Key
	closed  bool
	mapping *Mapping
}

var (
	_ starlark.HasAttrs = (*Selector)(nil)
	_ py.Typed          = (*Selector)(nil)
)

func newSelector(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(cls.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	s := &Selector{cls: cls, keys: map[int]*Key{}}
	s.mapping = &Mapping{s: s}
	return s, nil
}

func (s *Selector) String() string {
	return fmt.Sprintf("<selectors.%s object at %p>", s.cls.Name(), s)
}
func (s *Selector) Type() string          { return s.cls.Name() }
func (s *Selector) Freeze()               {}
func (s *Selector) Truth() starlark.Bool  { return true }
func (s *Selector) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(s)) >> 3), nil }
func (s *Selector) PyClass() *py.Class    { return s.cls }

type selMethod func(s *Selector, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

var selMethods = py.Table[string, selMethod]{Build: func() map[string]selMethod {
	return map[string]selMethod{
		"register":   (*Selector).register,
		"unregister": (*Selector).unregister,
		"modify":     (*Selector).modify,
		"select":     (*Selector).selectMethod,
		"get_key":    (*Selector).getKey,
		"get_map":    (*Selector).getMap,
		"close":      (*Selector).close,
	}
}}

func (s *Selector) Attr(name string) (starlark.Value, error) {
	m, ok := selMethods.Map()[name]
	if !ok {
		return nil, nil
	}
	fn := func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(s, thread, b, args, kwargs)
	}
	if name == "select" {
		fn = py.Traced(fn) // the wait shows in a run's trace
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(s), nil
}

func (s *Selector) AttrNames() []string {
	return []string{"close", "get_key", "get_map", "modify", "register", "select", "unregister"}
}

// fileobjToFd is CPython's selectors._fileobj_to_fd.
func fileobjToFd(thread *starlark.Thread, fileobj starlark.Value) (int, error) {
	var n int64
	if i, ok := fileobj.(starlark.Int); ok {
		v, ok := i.Int64()
		if !ok {
			return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C int")
		}
		n = v
	} else {
		fn := filenoOf(fileobj)
		if fn == nil {
			return 0, py.Errorf(py.ValueError, "Invalid file object: %s", py.Repr(fileobj))
		}
		r, err := starlark.Call(thread, fn, nil, nil)
		if err != nil {
			if e := py.AsException(err); e.Class.IsSubclass(py.AttributeError) || e.Class.IsSubclass(py.TypeError) || e.Class.IsSubclass(py.ValueError) {
				return 0, py.Errorf(py.ValueError, "Invalid file object: %s", py.Repr(fileobj))
			}
			return 0, err
		}
		i, ok := r.(starlark.Int)
		if !ok {
			return 0, py.Errorf(py.ValueError, "Invalid file object: %s", py.Repr(fileobj))
		}
		if n, ok = i.Int64(); !ok {
			return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C int")
		}
	}
	if n < 0 {
		return 0, py.Errorf(py.ValueError, "Invalid file descriptor: %d", n)
	}
	if n > math.MaxInt32 {
		return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C int")
	}
	return int(n), nil
}

func filenoOf(v starlark.Value) starlark.Callable {
	h, ok := v.(starlark.HasAttrs)
	if !ok {
		return nil
	}
	m, _ := h.Attr("fileno")
	c, _ := m.(starlark.Callable)
	return c
}

// lookup is CPython's _fileobj_lookup: the descriptor, or for an object that
// no longer has one (a closed socket), the descriptor it was registered with.
func (s *Selector) lookup(thread *starlark.Thread, fileobj starlark.Value) (int, error) {
	fd, err := fileobjToFd(thread, fileobj)
	if err == nil {
		return fd, nil
	}
	if e := py.AsException(err); e.Class != py.ValueError {
		return 0, err
	}
	for _, fd := range s.order {
		if s.keys[fd].Fileobj == fileobj {
			return fd, nil
		}
	}
	return 0, err
}

func (s *Selector) errClosed() error {
	return py.Errorf(py.ValueError, "I/O operation on closed epoll object")
}

func eventsArg(v starlark.Value) (int, error) {
	switch x := v.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if !ok {
			return 0, py.Errorf(py.ValueError, "Invalid events: %s", py.Repr(v))
		}
		return int(n), nil
	case starlark.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	}
	return 0, py.Errorf(py.TypeError, "unsupported operand type(s) for &: '%s' and 'int'", py.TypeOf(v).Name())
}

func (s *Selector) register(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fileobj, eventsV starlark.Value
	var data starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "fileobj", &fileobj, "events", &eventsV, "data?", &data); err != nil {
		return nil, err
	}
	events, err := eventsArg(eventsV)
	if err != nil {
		return nil, err
	}
	if events == 0 || events&^(eventRead|eventWrite) != 0 {
		return nil, py.Errorf(py.ValueError, "Invalid events: %s", py.Repr(eventsV))
	}
	fd, err := s.lookup(thread, fileobj)
	if err != nil {
		return nil, err
	}
	if _, ok := s.keys[fd]; ok {
		return nil, py.New(py.KeyError, starlark.String(fmt.Sprintf("%s (FD %d) is already registered", py.Repr(fileobj), fd)))
	}
	if s.closed {
		return nil, s.errClosed()
	}
	if fd != pyselect.StdinFD && !validFD(host.Of(thread), fd) {
		return nil, py.FromErrno(9) // EBADF, as epoll_ctl reports it
	}
	k := &Key{Fileobj: fileobj, Fd: fd, Events: events, Data: data}
	s.keys[fd] = k
	s.order = append(s.order, fd)
	return k, nil
}

func (s *Selector) notRegistered(fileobj starlark.Value) error {
	return py.New(py.KeyError, starlark.String(fmt.Sprintf("%s is not registered", py.Repr(fileobj))))
}

func (s *Selector) unregister(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fileobj starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "fileobj", &fileobj); err != nil {
		return nil, err
	}
	fd, err := s.lookup(thread, fileobj)
	if err != nil {
		return nil, err
	}
	k, ok := s.keys[fd]
	if !ok {
		return nil, s.notRegistered(fileobj)
	}
	delete(s.keys, fd)
	for i, f := range s.order {
		if f == fd {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
	return k, nil
}

func (s *Selector) modify(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fileobj, eventsV starlark.Value
	var data starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "fileobj", &fileobj, "events", &eventsV, "data?", &data); err != nil {
		return nil, err
	}
	fd, err := s.lookup(thread, fileobj)
	if err != nil {
		return nil, err
	}
	k, ok := s.keys[fd]
	if !ok {
		return nil, s.notRegistered(fileobj)
	}
	events, err := eventsArg(eventsV)
	if err != nil {
		return nil, err
	}
	if events == k.Events && data == k.Data {
		return k, nil
	}
	nk := &Key{Fileobj: k.Fileobj, Fd: k.Fd, Events: events, Data: data}
	s.keys[fd] = nk
	return nk, nil
}

// selectTimeout reads select()'s timeout in seconds: None waits forever,
// and 0 or less polls; EpollSelector rounds up to the millisecond.
func selectTimeout(v starlark.Value) (time.Duration, error) {
	if v == starlark.None {
		return -1, nil
	}
	secs, ok := pyselect.Seconds(v)
	if !ok {
		return 0, py.Errorf(py.TypeError, "'<=' not supported between instances of '%s' and 'int'", py.TypeOf(v).Name())
	}
	if math.IsNaN(secs) {
		// CPython's math.ceil(timeout * 1e3) of a NaN.
		return 0, py.Errorf(py.ValueError, "cannot convert float NaN to integer")
	}
	if secs <= 0 {
		return 0, nil
	}
	if secs > 9.2e9 {
		return 0, py.Errorf(py.OverflowError, "timeout is too large")
	}
	return time.Duration(math.Ceil(secs*1e3)) * time.Millisecond, nil
}

func (s *Selector) selectMethod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tv starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "timeout?", &tv); err != nil {
		return nil, err
	}
	timeout, err := selectTimeout(tv)
	if err != nil {
		return nil, err
	}
	if s.closed {
		return nil, s.errClosed()
	}
	fds := make([]pyselect.FD, len(s.order))
	for i, fd := range s.order {
		var ev int16
		if s.keys[fd].Events&eventRead != 0 {
			ev |= pyselect.POLLIN
		}
		if s.keys[fd].Events&eventWrite != 0 {
			ev |= pyselect.POLLOUT
		}
		fds[i] = pyselect.FD{Fd: fd, Events: ev}
	}
	if _, err := pyselect.Wait(host.Of(thread), fds, timeout); err != nil {
		return nil, err
	}
	out := []starlark.Value{}
	for _, f := range fds {
		if f.Revents == 0 {
			continue
		}
		// CPython's EpollSelector: any bit but POLLIN counts as writable, any
		// bit but POLLOUT as readable; then masked by what the key asked for.
		events := 0
		if f.Revents&^pyselect.POLLIN != 0 {
			events |= eventWrite
		}
		if f.Revents&^pyselect.POLLOUT != 0 {
			events |= eventRead
		}
		// The script may have changed the selector while the lock was let go.
		k, ok := s.keys[f.Fd]
		if !ok || events&k.Events == 0 {
			continue
		}
		out = append(out, starlark.Tuple{k, starlark.MakeInt(events & k.Events)})
	}
	return starlark.NewList(out), nil
}

func (s *Selector) getKey(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fileobj starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "fileobj", &fileobj); err != nil {
		return nil, err
	}
	if s.closed {
		return nil, py.Errorf(py.RuntimeError, "Selector is closed")
	}
	k, err := s.mapping.get(thread, fileobj)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return nil, s.notRegistered(fileobj)
	}
	return k, nil
}

func (s *Selector) getMap(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	if s.closed {
		return starlark.None, nil
	}
	return s.mapping, nil
}

// CloseFor closes the selector at the end of a with statement.
func (s *Selector) CloseFor(thread *starlark.Thread) error {
	_, err := s.close(thread, closeBuiltin, nil, nil)
	return err
}

func (s *Selector) close(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	s.closed = true
	s.keys = map[int]*Key{}
	s.order = nil
	return starlark.None, nil
}

// closeBuiltin names the close a with statement makes, in its errors.
var closeBuiltin = starlark.NewBuiltin("close", nil)
