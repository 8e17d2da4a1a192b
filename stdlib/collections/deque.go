package collections

import (
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// DequeClass is collections.deque.
var DequeClass = py.DeclareClass("collections", "deque", &py.Object, newDeque)

// dequeIteratorClass is the class of iter(deque).
var dequeIteratorClass = py.DeclareClass("_collections", "_deque_iterator", &py.Object, nil)

// Deque is a collections.deque: a ring of items, appended and popped at
// either end in constant time, bounded by maxlen when it has one.
type Deque struct {
	buf    []starlark.Value // the ring; len(buf) is its capacity
	head   int              // where the first item is
	n      int              // how many items there are
	maxlen int              // -1: unbounded
	// state counts the changes an iterator must not see happen under it.
	state uint64
	// iterErr is an error a Starlark-driven iteration (list(d)) met.
	iterErr error
	inRepr  bool
	p       *host.Process // the run it belongs to, whose thread extends it
}

var (
	_ starlark.Indexable   = (*Deque)(nil)
	_ starlark.HasSetIndex = (*Deque)(nil)
	_ starlark.Container   = (*Deque)(nil)
	_ starlark.Comparable  = (*Deque)(nil)
	_ starlark.HasBinary   = (*Deque)(nil)
	_ starlark.HasAttrs    = (*Deque)(nil)
	_ py.PyIterable        = (*Deque)(nil)
	_ py.HasDelItem        = (*Deque)(nil)
	_ py.InplaceAdder      = (*Deque)(nil)
	_ py.Typed             = (*Deque)(nil)
)

func newDeque(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := py.CheckCArgs("deque", args, kwargs, 0, "iterable", "maxlen"); err != nil {
		return nil, err
	}
	var iterable, maxlenV starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs("deque", args, kwargs, "iterable?", &iterable, "maxlen?", &maxlenV); err != nil {
		return nil, err
	}
	d := &Deque{maxlen: -1, p: host.Of(thread)}
	if maxlenV != starlark.None {
		n, ok := maxlenV.(starlark.Int)
		if !ok {
			return nil, py.Errorf(py.TypeError, "an integer is required")
		}
		m, ok := n.Int64()
		if !ok || m > 1<<62 {
			return nil, py.Errorf(py.OverflowError, "Python int too large to convert to C ssize_t")
		}
		if m < 0 {
			return nil, py.Errorf(py.ValueError, "maxlen must be non-negative")
		}
		d.maxlen = int(m)
	}
	if iterable != starlark.None {
		if err := d.extend(thread, iterable, false); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (d *Deque) at(i int) starlark.Value { return d.buf[(d.head+i)%len(d.buf)] }

func (d *Deque) set(i int, v starlark.Value) { d.buf[(d.head+i)%len(d.buf)] = v }

// grow makes room for one more item.
func (d *Deque) grow() {
	if d.n < len(d.buf) {
		return
	}
	buf := make([]starlark.Value, max(8, 2*len(d.buf)))
	for i := 0; i < d.n; i++ {
		buf[i] = d.at(i)
	}
	d.buf, d.head = buf, 0
}

func (d *Deque) pushRight(v starlark.Value) {
	if d.maxlen == 0 {
		return
	}
	if d.n == d.maxlen {
		d.popLeft()
	}
	d.grow()
	d.set(d.n, v)
	d.n++
	d.state++
}

func (d *Deque) pushLeft(v starlark.Value) {
	if d.maxlen == 0 {
		return
	}
	if d.n == d.maxlen {
		d.popRight()
	}
	d.grow()
	d.head = (d.head - 1 + len(d.buf)) % len(d.buf)
	d.buf[d.head] = v
	d.n++
	d.state++
}

func (d *Deque) popRight() starlark.Value {
	v := d.at(d.n - 1)
	d.set(d.n-1, nil)
	d.n--
	d.state++
	return v
}

func (d *Deque) popLeft() starlark.Value {
	v := d.buf[d.head]
	d.buf[d.head] = nil
	d.head = (d.head + 1) % len(d.buf)
	d.n--
	d.state++
	return v
}

// items is a copy of the items, first to last.
func (d *Deque) items() []starlark.Value {
	out := make([]starlark.Value, d.n)
	for i := range out {
		out[i] = d.at(i)
	}
	return out
}

// setItems replaces the items, keeping maxlen.
func (d *Deque) setItems(items []starlark.Value) {
	d.buf = make([]starlark.Value, max(8, len(items)))
	copy(d.buf, items)
	d.head, d.n = 0, len(items)
	d.state++
}

// extend appends (or, left, prepends one by one) the items of any iterable.
func (d *Deque) extend(thread *starlark.Thread, iterable starlark.Value, left bool) error {
	if iterable == starlark.Value(d) {
		// Its own items, as they are before the first is added.
		iterable = starlark.NewList(d.items())
	}
	return forEach(thread, iterable, func(v starlark.Value) error {
		if left {
			d.pushLeft(v)
		} else {
			d.pushRight(v)
		}
		return nil
	})
}

func (d *Deque) String() string { return d.PyRepr() }

// PyRepr is deque([1, 2]) or deque([1, 2], maxlen=3); a deque inside
// itself is [...].
func (d *Deque) PyRepr() string {
	if d.inRepr {
		return "[...]"
	}
	d.inRepr = true
	defer func() { d.inRepr = false }()
	var b strings.Builder
	b.WriteString("deque([")
	for i := 0; i < d.n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(py.Repr(d.at(i)))
	}
	b.WriteString("]")
	if d.maxlen >= 0 {
		b.WriteString(", maxlen=" + starlark.MakeInt(d.maxlen).String())
	}
	b.WriteString(")")
	return b.String()
}

func (d *Deque) Type() string         { return "collections.deque" }
func (d *Deque) Freeze()              {}
func (d *Deque) Truth() starlark.Bool { return d.n > 0 }
func (d *Deque) PyClass() *py.Class   { return DequeClass }
func (d *Deque) Hash() (uint32, error) {
	return 0, py.Errorf(py.TypeError, "unhashable type: 'collections.deque'")
}
func (d *Deque) Len() int                   { return d.n }
func (d *Deque) Index(i int) starlark.Value { return d.at(i) }
func (d *Deque) SetIndex(i int, v starlark.Value) error {
	d.set(i, v)
	return nil
}

// index checks a deque index as CPython's deque does.
func (d *Deque) index(k starlark.Value) (int, error) {
	n, ok := k.(starlark.Int)
	if b, isBool := k.(starlark.Bool); isBool {
		n, ok = starlark.MakeInt(map[starlark.Bool]int{false: 0, true: 1}[b]), true
	}
	if !ok {
		return 0, py.Errorf(py.TypeError, "sequence index must be integer, not '%s'", py.TypeOf(k).Name())
	}
	i, ok := n.Int64()
	if ok && i < 0 {
		i += int64(d.n)
	}
	if !ok || i < 0 || i >= int64(d.n) {
		return 0, py.Errorf(py.IndexError, "deque index out of range")
	}
	return int(i), nil
}

// Get is d[i], as Starlark's indexing asks a Mapping; Index, which
// Starlark checks itself, is for iteration. A slice is refused as CPython
// refuses it.
func (d *Deque) Get(k starlark.Value) (starlark.Value, bool, error) {
	i, err := d.index(k)
	if err != nil {
		return nil, false, err
	}
	return d.at(i), true, nil
}

func (d *Deque) SetKey(k, v starlark.Value) error {
	i, err := d.index(k)
	if err != nil {
		return err
	}
	d.set(i, v)
	return nil
}

// DelItem is del d[i].
func (d *Deque) DelItem(k starlark.Value) error {
	i, err := d.index(k)
	if err != nil {
		return err
	}
	d.removeAt(i)
	return nil
}

func (d *Deque) removeAt(i int) {
	items := d.items()
	d.setItems(append(items[:i], items[i+1:]...))
}

func (d *Deque) Has(x starlark.Value) (bool, error) {
	state := d.state
	for i := 0; i < d.n; i++ {
		eq, err := py.Equal(d.at(i), x)
		if err != nil {
			return false, err
		}
		if d.state != state {
			return false, py.Errorf(py.RuntimeError, "deque mutated during iteration")
		}
		if eq {
			return true, nil
		}
	}
	return false, nil
}

// PyIter is iter(d): it fails once the deque has changed under it.
func (d *Deque) PyIter(p *host.Process) *py.Iterator {
	state, i := d.state, 0
	return py.NewIterator(dequeIteratorClass, p, func(*starlark.Thread) (starlark.Value, bool, error) {
		if d.state != state {
			return nil, false, py.Errorf(py.RuntimeError, "deque mutated during iteration")
		}
		if i >= d.n {
			return nil, false, nil
		}
		i++
		return d.at(i - 1), true, nil
	})
}

// Iterate is iteration driven by Starlark (list(d), sorted(d)).
func (d *Deque) Iterate() starlark.Iterator {
	return py.IterateStepper(d.p, d.PyIter(d.p), func(err error) { d.iterErr = err })
}

func (d *Deque) TakeIterError() error {
	err := d.iterErr
	d.iterErr = nil
	return err
}

// CompareSameType compares two deques item by item, as sequences.
func (d *Deque) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, starlark.Tuple(d.items()), starlark.Tuple(y.(*Deque).items()), depth)
}

// Binary is d + deque, d * n and n * d.
func (d *Deque) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch op {
	case syntax.PLUS:
		other, ok := y.(*Deque)
		if side == starlark.Right {
			return nil, nil
		}
		if !ok {
			return nil, py.Errorf(py.TypeError, "can only concatenate deque (not \"%s\") to deque", py.TypeOf(y).Name())
		}
		out := &Deque{maxlen: d.maxlen, p: d.p}
		for _, v := range append(d.items(), other.items()...) {
			out.pushRight(v)
		}
		return out, nil
	case syntax.STAR:
		n, ok := y.(starlark.Int)
		if !ok {
			return nil, py.Errorf(py.TypeError, "can't multiply sequence by non-int of type '%s'", py.TypeOf(y).Name())
		}
		k, _ := n.Int64()
		out := &Deque{maxlen: d.maxlen, p: d.p}
		items := d.items()
		for ; k > 0; k-- {
			for _, v := range items {
				out.pushRight(v)
			}
		}
		return out, nil
	}
	return nil, nil
}

// InplaceAdd is d += iterable: d extended in place.
func (d *Deque) InplaceAdd(y starlark.Value) (starlark.Value, error) {
	return d, d.extend(threadOf(d.p), y, false)
}

var dequeMethods = py.Table[string, func(d *Deque, thread *starlark.Thread, name string, args starlark.Tuple) (starlark.Value, error)]{
	Build: func() map[string]func(d *Deque, thread *starlark.Thread, name string, args starlark.Tuple) (starlark.Value, error) {
		return map[string]func(d *Deque, thread *starlark.Thread, name string, args starlark.Tuple) (starlark.Value, error){
			"append":     oneArg((*Deque).pushRight),
			"appendleft": oneArg((*Deque).pushLeft),
			"pop":        noArgs((*Deque).popMethod),
			"popleft":    noArgs((*Deque).popleftMethod),
			"clear":      noArgs(func(d *Deque) (starlark.Value, error) { d.setItems(nil); return starlark.None, nil }),
			"copy":       noArgs(func(d *Deque) (starlark.Value, error) { return d.copy(), nil }),
			"reverse":    noArgs((*Deque).reverse),
			"extend":     (*Deque).extendMethod,
			"extendleft": (*Deque).extendMethod,
			"count":      (*Deque).count,
			"remove":     (*Deque).remove,
			"index":      (*Deque).indexMethod,
			"insert":     (*Deque).insert,
			"rotate":     (*Deque).rotate,
			"__copy__":   noArgs(func(d *Deque) (starlark.Value, error) { return d.copy(), nil }),
		}
	},
}

// oneArg is a method of exactly one argument that returns None.
func oneArg(fn func(d *Deque, v starlark.Value)) func(d *Deque, thread *starlark.Thread, name string, args starlark.Tuple) (starlark.Value, error) {
	return func(d *Deque, _ *starlark.Thread, name string, args starlark.Tuple) (starlark.Value, error) {
		if len(args) != 1 {
			return nil, py.Errorf(py.TypeError, "deque.%s() takes exactly one argument (%d given)", name, len(args))
		}
		fn(d, args[0])
		return starlark.None, nil
	}
}

// noArgs is a method of no arguments.
func noArgs(fn func(d *Deque) (starlark.Value, error)) func(d *Deque, thread *starlark.Thread, name string, args starlark.Tuple) (starlark.Value, error) {
	return func(d *Deque, _ *starlark.Thread, name string, args starlark.Tuple) (starlark.Value, error) {
		if len(args) != 0 {
			return nil, py.Errorf(py.TypeError, "deque.%s() takes no arguments (%d given)", name, len(args))
		}
		return fn(d)
	}
}

func (d *Deque) popMethod() (starlark.Value, error) {
	if d.n == 0 {
		return nil, py.Errorf(py.IndexError, "pop from an empty deque")
	}
	return d.popRight(), nil
}

func (d *Deque) popleftMethod() (starlark.Value, error) {
	if d.n == 0 {
		return nil, py.Errorf(py.IndexError, "pop from an empty deque")
	}
	return d.popLeft(), nil
}

func (d *Deque) copy() *Deque {
	out := &Deque{maxlen: d.maxlen, p: d.p}
	out.setItems(d.items())
	return out
}

func (d *Deque) reverse() (starlark.Value, error) {
	items := d.items()
	for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
		items[i], items[j] = items[j], items[i]
	}
	d.setItems(items)
	return starlark.None, nil
}

func (d *Deque) extendMethod(thread *starlark.Thread, name string, args starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 {
		return nil, py.Errorf(py.TypeError, "deque.%s() takes exactly one argument (%d given)", name, len(args))
	}
	return starlark.None, d.extend(thread, args[0], name == "extendleft")
}

func (d *Deque) count(_ *starlark.Thread, name string, args starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 {
		return nil, py.Errorf(py.TypeError, "deque.%s() takes exactly one argument (%d given)", name, len(args))
	}
	state, n := d.state, 0
	for i := 0; i < d.n; i++ {
		eq, err := py.Equal(d.at(i), args[0])
		if err != nil {
			return nil, err
		}
		if d.state != state {
			return nil, py.Errorf(py.RuntimeError, "deque mutated during iteration")
		}
		if eq {
			n++
		}
	}
	return starlark.MakeInt(n), nil
}

// find is the position of the first item equal to x in [start, stop), or -1.
func (d *Deque) find(x starlark.Value, start, stop int) (int, error) {
	state := d.state
	for i := start; i < min(stop, d.n); i++ {
		eq, err := py.Equal(d.at(i), x)
		if err != nil {
			return 0, err
		}
		if d.state != state {
			return 0, py.Errorf(py.RuntimeError, "deque mutated during iteration")
		}
		if eq {
			return i, nil
		}
	}
	return -1, nil
}

func (d *Deque) remove(_ *starlark.Thread, name string, args starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 {
		return nil, py.Errorf(py.TypeError, "deque.%s() takes exactly one argument (%d given)", name, len(args))
	}
	i, err := d.find(args[0], 0, d.n)
	if err != nil {
		return nil, err
	}
	if i < 0 {
		return nil, py.Errorf(py.ValueError, "%s is not in deque", py.Repr(args[0]))
	}
	d.removeAt(i)
	return starlark.None, nil
}

// clamp is a start or stop of index(), as CPython bounds them.
func (d *Deque) clamp(v starlark.Value) (int, error) {
	n, ok := v.(starlark.Int)
	if !ok {
		return 0, py.Errorf(py.TypeError, "slice indices must be integers or have an __index__ method")
	}
	i, ok := n.Int64()
	if !ok {
		if n.Sign() < 0 {
			return 0, nil
		}
		return d.n, nil
	}
	if i < 0 {
		i = max(i+int64(d.n), 0)
	}
	return int(min(i, int64(d.n))), nil
}

func (d *Deque) indexMethod(_ *starlark.Thread, name string, args starlark.Tuple) (starlark.Value, error) {
	var x, startV, stopV starlark.Value
	if err := starlark.UnpackPositionalArgs("index", args, nil, 1, &x, &startV, &stopV); err != nil {
		return nil, err
	}
	start, stop := 0, d.n
	var err error
	if startV != nil {
		if start, err = d.clamp(startV); err != nil {
			return nil, err
		}
	}
	if stopV != nil {
		if stop, err = d.clamp(stopV); err != nil {
			return nil, err
		}
	}
	i, err := d.find(x, start, stop)
	if err != nil {
		return nil, err
	}
	if i < 0 {
		return nil, py.Errorf(py.ValueError, "%s is not in deque", py.Repr(x))
	}
	return starlark.MakeInt(i), nil
}

func (d *Deque) insert(_ *starlark.Thread, name string, args starlark.Tuple) (starlark.Value, error) {
	var iv, x starlark.Value
	if err := starlark.UnpackPositionalArgs("insert", args, nil, 2, &iv, &x); err != nil {
		return nil, err
	}
	n, ok := iv.(starlark.Int)
	if !ok {
		return nil, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(iv).Name())
	}
	if d.maxlen >= 0 && d.n >= d.maxlen {
		return nil, py.Errorf(py.IndexError, "deque already at its maximum size")
	}
	i, ok := n.Int64()
	switch {
	case !ok && n.Sign() < 0:
		i = 0
	case !ok:
		i = int64(d.n)
	case i < 0:
		i = max(i+int64(d.n), 0)
	}
	i = min(i, int64(d.n))
	items := d.items()
	items = append(items[:i], append([]starlark.Value{x}, items[i:]...)...)
	d.setItems(items)
	return starlark.None, nil
}

func (d *Deque) rotate(_ *starlark.Thread, name string, args starlark.Tuple) (starlark.Value, error) {
	if len(args) > 1 {
		return nil, py.Errorf(py.TypeError, "deque.rotate expected at most 1 argument, got %d", len(args))
	}
	k := int64(1)
	if len(args) == 1 {
		n, ok := args[0].(starlark.Int)
		if !ok {
			return nil, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(args[0]).Name())
		}
		var fits bool
		if k, fits = n.Int64(); !fits {
			return nil, py.Errorf(py.OverflowError, "Python int too large to convert to C ssize_t")
		}
	}
	if d.n <= 1 {
		return starlark.None, nil
	}
	// Right by k: the last k items come first.
	k %= int64(d.n)
	if k < 0 {
		k += int64(d.n)
	}
	items := d.items()
	cut := d.n - int(k)
	d.setItems(append(items[cut:], items[:cut]...))
	return starlark.None, nil
}

func (d *Deque) Attr(name string) (starlark.Value, error) {
	if name == "maxlen" {
		if d.maxlen < 0 {
			return starlark.None, nil
		}
		return starlark.MakeInt(d.maxlen), nil
	}
	m, ok := dequeMethods.Map()[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin("deque."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(kwargs) > 0 {
			return nil, py.Errorf(py.TypeError, "deque.%s() takes no keyword arguments", name)
		}
		return m(d, thread, name, args)
	}).BindReceiver(d), nil
}

func (d *Deque) AttrNames() []string {
	names := []string{"maxlen"}
	for name := range dequeMethods.Map() {
		names = append(names, name)
	}
	return py.SortedKeys(names)
}

// SetField refuses d.maxlen = n, as the attribute is read-only.
func (d *Deque) SetField(name string, v starlark.Value) error {
	if name == "maxlen" {
		return py.Errorf(py.AttributeError, "attribute 'maxlen' of 'collections.deque' objects is not writable")
	}
	return py.Errorf(py.AttributeError, "'collections.deque' object has no attribute '%s'", name)
}
