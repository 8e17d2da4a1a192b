package py

import (
	"fmt"
	"unicode/utf8"
	"unsafe"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
)

// Iterators, as iter() makes them: objects that remember how far they got,
// so next(), a for loop and list() each take up where the last one stopped.

// Stepper is a value whose items can be taken one at a time with an error:
// an iterator, a file. next() and for loops use Step, so an error in
// fetching an item (a read that fails, a __next__ that raises) reaches the
// script, where starlark.Iterator could only end the iteration.
type Stepper interface {
	starlark.Iterable
	// Step returns the next item, or ok false at the end.
	Step(thread *starlark.Thread) (v starlark.Value, ok bool, err error)
}

// Iterator is a built-in iterator: list_iterator, str_ascii_iterator,
// callable_iterator and the others.
type Iterator struct {
	class *Class
	next  func(thread *starlark.Thread) (starlark.Value, bool, error)
	done  bool
	// err is an error a Starlark-driven iteration (list(it)) met; the
	// builtin that drove it reports it (see TakeIterError).
	err   error
	owner starlark.Value // what it iterates
	p     *host.Process  // the run whose thread steps it when Starlark drives it
	repr  func() string  // its repr, when not <class object at 0x...>
}

var (
	_ Stepper  = (*Iterator)(nil)
	_ Typed    = (*Iterator)(nil)
	_ Reprer   = (*Iterator)(nil)
	_ iterErrs = (*Iterator)(nil)
)

// DictKeyIteratorType is dict_keyiterator, for a library dict's iterator.
var DictKeyIteratorType = dictKeyIteratorType

// The classes of built-in iterators, named as CPython 3.11 names them.
var (
	listIteratorType      = &Class{name: "list_iterator", module: "builtins", base: Object}
	tupleIteratorType     = &Class{name: "tuple_iterator", module: "builtins", base: Object}
	strASCIIIteratorType  = &Class{name: "str_ascii_iterator", module: "builtins", base: Object}
	strIteratorType       = &Class{name: "str_iterator", module: "builtins", base: Object}
	bytesIteratorType     = &Class{name: "bytes_iterator", module: "builtins", base: Object}
	bytearrayIteratorType = &Class{name: "bytearray_iterator", module: "builtins", base: Object}
	dictKeyIteratorType   = &Class{name: "dict_keyiterator", module: "builtins", base: Object}
	setIteratorType       = &Class{name: "set_iterator", module: "builtins", base: Object}
	rangeIteratorType     = &Class{name: "range_iterator", module: "builtins", base: Object}
	callableIteratorType  = &Class{name: "callable_iterator", module: "builtins", base: Object}
	memoryIteratorType    = &Class{name: "memory_iterator", module: "builtins", base: Object}
	iteratorType          = &Class{name: "iterator", module: "builtins", base: Object}
)

func (it *Iterator) String() string       { return it.PyRepr() }
func (it *Iterator) Type() string         { return it.class.name }
func (it *Iterator) Freeze()              {}
func (it *Iterator) Truth() starlark.Bool { return true }
func (it *Iterator) Hash() (uint32, error) {
	p := uintptr(unsafe.Pointer(it))
	return uint32(p>>4) ^ uint32(p>>36), nil
}
func (it *Iterator) PyClass() *Class { return it.class }
func (it *Iterator) PyRepr() string {
	if it.repr != nil {
		return it.repr()
	}
	return fmt.Sprintf("<%s object at %#x>", it.class.QualName(), uintptr(unsafe.Pointer(it)))
}

// SetRepr gives an iterator a repr of its own (itertools.count's count(5)).
func (it *Iterator) SetRepr(fn func() string) { it.repr = fn }

// Step takes the next item; an exhausted iterator stays exhausted.
func (it *Iterator) Step(thread *starlark.Thread) (starlark.Value, bool, error) {
	if it.done {
		return nil, false, nil
	}
	v, ok, err := it.next(thread)
	if !ok || err != nil {
		it.done = true
	}
	return v, ok, err
}

// Iterate lets Starlark drive the iterator: for loops (see iterOp), list(),
// sorted(). Starlark's iterators cannot fail, so an error is kept for
// TakeIterError.
func (it *Iterator) Iterate() starlark.Iterator {
	return IterateStepper(it.p, it, func(err error) { it.err = err })
}

func (it *Iterator) TakeIterError() error {
	err := it.err
	it.err = nil
	return err
}

// iterErrs is a value, of this package or a module's (a socket's file), that
// keeps the error a Starlark-driven iteration of it met.
type iterErrs interface {
	TakeIterError() error
}

// TakeIterError returns, and forgets, the error that ended a Starlark-driven
// iteration of v early, if v keeps one: a builtin that consumed v with
// starlark.Iterate reports it as if the iteration had raised it.
func TakeIterError(v starlark.Value) error {
	if k, ok := v.(iterErrs); ok {
		return k.TakeIterError()
	}
	return nil
}

// stepIter adapts a Stepper to starlark.Iterator; the error that ends it
// goes to onErr, or without one is kept for Err, which a loop raises
// (starlark.FallibleIterator).
type stepIter struct {
	s      Stepper
	thread *starlark.Thread
	onErr  func(error)
	err    error
}

func (si *stepIter) Next(p *starlark.Value) bool {
	v, ok, err := si.s.Step(si.thread)
	if err != nil {
		if si.onErr != nil {
			si.onErr(err)
		} else {
			si.err = err
		}
		return false
	}
	if !ok {
		return false
	}
	*p = v
	return true
}

func (si *stepIter) Done() {}

func (si *stepIter) Err() error { return si.err }

func newIterator(class *Class, owner starlark.Value, next func(*starlark.Thread) (starlark.Value, bool, error)) *Iterator {
	return &Iterator{class: class, next: next, owner: owner}
}

// NewIterator makes an iterator of class class, for a module's own kind of
// iterator (a generator a module function returns): next gives its items,
// on the thread that asks for them, and an error it returns is raised by
// next(), the for loop or the builtin that consumes it. It belongs to p's run.
func NewIterator(class *Class, p *host.Process, next func(thread *starlark.Thread) (starlark.Value, bool, error)) *Iterator {
	return &Iterator{class: class, next: next, p: p}
}

// IterateStepper is s's Iterate: s stepped on the thread that runs script
// code now (p's), the error that ends it given to keep.
func IterateStepper(p *host.Process, s Stepper, keep func(error)) starlark.Iterator {
	return &stepIter{s: s, thread: holderOf(p), onErr: keep}
}

// indexIterator walks an Indexable by position, reading its length anew
// each time, as CPython's sequence iterators do: a list may grow meanwhile.
func indexIterator(class *Class, x starlark.Indexable) *Iterator {
	i := 0
	return newIterator(class, x, func(*starlark.Thread) (starlark.Value, bool, error) {
		if i >= x.Len() {
			return nil, false, nil
		}
		v := x.Index(i)
		i++
		return v, true, nil
	})
}

// snapshotIterator walks a dict's keys or a set's items as they were when
// it started; it fails, as CPython's does, once the size has changed.
func snapshotIterator(class *Class, x starlark.Value, items []starlark.Value, size func() int, what string) *Iterator {
	n := size()
	i := 0
	return newIterator(class, x, func(*starlark.Thread) (starlark.Value, bool, error) {
		if size() != n {
			return nil, false, Errorf(RuntimeError, "%s changed size during iteration", what)
		}
		if i >= len(items) {
			return nil, false, nil
		}
		v := items[i]
		i++
		return v, true, nil
	})
}

// GetIter is iter(x): the iterator over x, with Python's types and errors.
func GetIter(thread *starlark.Thread, x starlark.Value) (starlark.Value, error) {
	v, err := getIter(thread, x)
	if it, ok := v.(*Iterator); ok && it.p == nil {
		it.p = host.Of(thread)
	}
	return v, err
}

func getIter(thread *starlark.Thread, x starlark.Value) (starlark.Value, error) {
	switch x := x.(type) {
	case PyIterable:
		return x.PyIter(host.Of(thread)), nil
	case Stepper:
		if _, isIter := x.(*Iterator); isIter || isSelfIterator(x) {
			return x, nil
		}
		return newIterator(iteratorType, x, x.Step), nil
	case *starlark.List:
		return indexIterator(listIteratorType, x), nil
	case starlark.Tuple:
		return indexIterator(tupleIteratorType, x), nil
	case starlark.String:
		s := string(x)
		class := strASCIIIteratorType
		for i := 0; i < len(s); i++ {
			if s[i] >= utf8.RuneSelf {
				class = strIteratorType
				break
			}
		}
		return newIterator(class, x, func(*starlark.Thread) (starlark.Value, bool, error) {
			if s == "" {
				return nil, false, nil
			}
			_, n := utf8.DecodeRuneInString(s)
			c := s[:n]
			s = s[n:]
			return starlark.String(c), true, nil
		}), nil
	case starlark.Bytes:
		i := 0
		return newIterator(bytesIteratorType, x, func(*starlark.Thread) (starlark.Value, bool, error) {
			if i >= len(x) {
				return nil, false, nil
			}
			i++
			return starlark.MakeInt(int(x[i-1])), true, nil
		}), nil
	case *starlark.Dict:
		return snapshotIterator(dictKeyIteratorType, x, x.Keys(), x.Len, "dictionary"), nil
	case *starlark.Set:
		return snapshotIterator(setIteratorType, x, setItems(x), x.Len, "Set"), nil
	case *FrozenSet:
		return snapshotIterator(setIteratorType, x, setItems(x.s), x.s.Len, "Set"), nil
	case *ByteArray:
		return indexIterator(bytearrayIteratorType, x), nil
	case *MemoryView:
		return indexIterator(memoryIteratorType, x), nil
	case *Instance:
		return instanceIter(thread, x)
	case starlark.Indexable:
		if x.Type() == "range" {
			return indexIterator(rangeIteratorType, x), nil
		}
	}
	it, ok := x.(starlark.Iterable)
	if !ok {
		return nil, Errorf(TypeError, "'%s' object is not iterable", TypeOf(x).Name())
	}
	// Another iterable of Go's (a socket's file): its Starlark iterator,
	// held open until it ends.
	var inner starlark.Iterator
	return newIterator(iteratorType, x, func(*starlark.Thread) (starlark.Value, bool, error) {
		if inner == nil {
			inner = it.Iterate()
		}
		var v starlark.Value
		if !inner.Next(&v) {
			inner.Done()
			return nil, false, TakeIterError(x)
		}
		return v, true, nil
	}), nil
}

// isSelfIterator reports whether a Stepper is its own iterator, as a file is.
func isSelfIterator(x starlark.Value) bool {
	s, ok := x.(interface{ SelfIterator() bool })
	return ok && s.SelfIterator()
}

func setItems(s *starlark.Set) []starlark.Value {
	out := make([]starlark.Value, 0, s.Len())
	iter := s.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		out = append(out, x)
	}
	return out
}

// instanceIter is iter(obj) for an object of a script's class: what its
// __iter__ returns, which must itself be an iterator.
func instanceIter(thread *starlark.Thread, x *Instance) (starlark.Value, error) {
	m, owner := x.class.lookup("__iter__")
	if m == nil || owner.user == nil {
		return nil, Errorf(TypeError, "'%s' object is not iterable", x.class.name)
	}
	v, err := starlark.Call(thread, bindAttr(m, x, x.class), nil, nil)
	if err != nil {
		return nil, err
	}
	if !isIterator(v) {
		return nil, Errorf(TypeError, "iter() returned non-iterator of type '%s'", TypeOf(v).Name())
	}
	return v, nil
}

// isIterator reports whether next() accepts v.
func isIterator(v starlark.Value) bool {
	switch v := v.(type) {
	case *Iterator:
		return true
	case *Instance:
		m, owner := v.class.lookup("__next__")
		return m != nil && owner.user != nil
	}
	return isSelfIterator(v)
}

// Next is next(it): the next item, or ok false once it is exhausted.
func Next(thread *starlark.Thread, it starlark.Value) (starlark.Value, bool, error) {
	switch x := it.(type) {
	case *Instance:
		m, owner := x.class.lookup("__next__")
		if m == nil || owner.user == nil {
			break
		}
		v, err := starlark.Call(thread, bindAttr(m, x, x.class), nil, nil)
		if err != nil {
			if exc := AsException(err); exc.Class.IsSubclass(StopIteration) {
				return nil, false, nil
			}
			return nil, false, err
		}
		return v, true, nil
	case Stepper:
		if _, isIter := x.(*Iterator); isIter || isSelfIterator(x) {
			return x.Step(thread)
		}
	}
	return nil, false, Errorf(TypeError, "'%s' object is not an iterator", TypeOf(it).Name())
}
