package collections

import (
	"sort"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/host"
	"sockstar/runtime/lazy"
	"sockstar/runtime/py"
)

// The dict subclasses: defaultdict, OrderedDict and Counter, one Go type
// over a Starlark dict (which keeps insertion order, as Python's does).
var (
	DefaultDictClass = lazy.Value[*py.Class]{Make: func() *py.Class {
		return withFromkeys(py.NewClassWith("collections", "defaultdict", py.DictType, newDefaultDict), defaultKind)
	}}
	OrderedDictClass = lazy.Value[*py.Class]{Make: func() *py.Class {
		return withFromkeys(py.NewClassWith("collections", "OrderedDict", py.DictType, newOrderedDict), orderedKind)
	}}
	CounterClass = lazy.Value[*py.Class]{Make: func() *py.Class {
		return withFromkeys(py.NewClassWith("collections", "Counter", py.DictType, newCounter), counterKind)
	}}
)

// withFromkeys gives a class its fromkeys, which makes one of its own
// kind (a defaultdict's with no default_factory); Counter refuses it.
func withFromkeys(cls *py.Class, kind dictKind) *py.Class {
	cls.Attrs = starlark.StringDict{"fromkeys": starlark.NewBuiltin(cls.Name()+".fromkeys", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if kind == counterKind {
			return nil, py.Errorf(py.NotImplementedError, "Counter.fromkeys() is undefined.  Use Counter(iterable) instead.")
		}
		var iterable starlark.Value
		var value starlark.Value = starlark.None
		if err := starlark.UnpackPositionalArgs("fromkeys", args, kwargs, 1, &iterable, &value); err != nil {
			return nil, err
		}
		d := &Dict{kind: kind, d: starlark.NewDict(0), factory: starlark.None, p: host.Of(thread)}
		return d, forEach(thread, iterable, func(k starlark.Value) error { return d.SetKey(k, value) })
	})}
	return cls
}

type dictKind int

const (
	defaultKind dictKind = iota
	orderedKind
	counterKind
)

// Dict is a defaultdict, an OrderedDict or a Counter.
type Dict struct {
	kind    dictKind
	d       *starlark.Dict
	factory starlark.Value // a defaultdict's default_factory, None when it has none
	p       *host.Process
	iterErr error
	inRepr  bool
}

var (
	_ starlark.IterableMapping = (*Dict)(nil)
	_ starlark.HasSetKey       = (*Dict)(nil)
	_ starlark.Container       = (*Dict)(nil)
	_ starlark.Sequence        = (*Dict)(nil)
	_ starlark.Comparable      = (*Dict)(nil)
	_ starlark.HasBinary       = (*Dict)(nil)
	_ starlark.HasUnary        = (*Dict)(nil)
	_ starlark.HasAttrs        = (*Dict)(nil)
	_ starlark.HasSetField     = (*Dict)(nil)
	_ py.DictLike              = (*Dict)(nil)
	_ py.HasDelItem            = (*Dict)(nil)
	_ py.PyIterable            = (*Dict)(nil)
	_ py.InplaceAdder          = (*Dict)(nil)
	_ py.Typed                 = (*Dict)(nil)
)

func (d *Dict) class() *py.Class {
	switch d.kind {
	case orderedKind:
		return OrderedDictClass.Get()
	case counterKind:
		return CounterClass.Get()
	}
	return DefaultDictClass.Get()
}

// tpName is the name CPython's errors give the type: the C types carry
// their module, Counter (a Python class) does not.
func (d *Dict) tpName() string {
	if d.kind == counterKind {
		return "Counter"
	}
	return "collections." + d.class().Name()
}

func (d *Dict) newLike() *Dict {
	return &Dict{kind: d.kind, d: starlark.NewDict(d.d.Len()), factory: d.factory, p: d.p}
}

// fill adds what a dict() call would: a mapping's items, or an iterable's
// pairs, then keyword arguments.
func (d *Dict) fill(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) error {
	if len(args) > 1 {
		return py.Errorf(py.TypeError, "%s expected at most 1 argument, got %d", name, len(args))
	}
	if len(args) == 1 {
		if m, ok := args[0].(starlark.IterableMapping); ok {
			for _, kv := range m.Items() {
				if err := d.d.SetKey(kv[0], kv[1]); err != nil {
					return py.AsException(err)
				}
			}
		} else {
			i := 0
			err := forEach(thread, args[0], func(item starlark.Value) error {
				var pair []starlark.Value
				if err := forEach(thread, item, func(v starlark.Value) error {
					pair = append(pair, v)
					return nil
				}); err != nil {
					if py.AsException(err).Class == py.TypeError {
						return py.Errorf(py.TypeError, "cannot convert dictionary update sequence element #%d to a sequence", i)
					}
					return err
				}
				if len(pair) != 2 {
					return py.Errorf(py.ValueError, "dictionary update sequence element #%d has length %d; 2 is required", i, len(pair))
				}
				i++
				return pyErr(d.d.SetKey(pair[0], pair[1]))
			})
			if err != nil {
				return err
			}
		}
	}
	for _, kv := range kwargs {
		if err := d.d.SetKey(kv[0], kv[1]); err != nil {
			return py.AsException(err)
		}
	}
	return nil
}

func newDefaultDict(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	d := &Dict{kind: defaultKind, d: starlark.NewDict(0), factory: starlark.None, p: host.Of(thread)}
	if len(args) > 0 {
		if _, ok := args[0].(starlark.Callable); !ok && args[0] != starlark.None {
			return nil, py.Errorf(py.TypeError, "first argument must be callable or None")
		}
		d.factory = args[0]
		args = args[1:]
	}
	return d, d.fill(thread, "defaultdict", args, kwargs)
}

func newOrderedDict(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	d := &Dict{kind: orderedKind, d: starlark.NewDict(0), factory: starlark.None, p: host.Of(thread)}
	return d, d.fill(thread, "OrderedDict", args, kwargs)
}

func newCounter(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 1 {
		return nil, py.Errorf(py.TypeError, "Counter.__init__() takes from 1 to 2 positional arguments but %d were given", len(args)+1)
	}
	d := &Dict{kind: counterKind, d: starlark.NewDict(0), factory: starlark.None, p: host.Of(thread)}
	return d, d.count(thread, args, kwargs, 1)
}

// count is Counter.update (sign 1) and Counter.subtract (sign -1): a
// mapping's counts, or one for each item of an iterable, then kwds.
func (d *Dict) count(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple, sign int) error {
	add := func(k, n starlark.Value) error {
		old, found, err := d.d.Get(k)
		if err != nil {
			return py.AsException(err)
		}
		if !found {
			old = starlark.MakeInt(0)
		}
		op := syntax.PLUS
		if sign < 0 {
			op = syntax.MINUS
		}
		v, err := starlark.Binary(op, old, n)
		if err != nil {
			return py.AsException(err)
		}
		return pyErr(d.d.SetKey(k, v))
	}
	if len(args) == 1 && args[0] != starlark.None {
		if m, ok := args[0].(starlark.IterableMapping); ok {
			empty := d.d.Len() == 0 && sign > 0
			for _, kv := range m.Items() {
				var err error
				if empty {
					// An empty Counter takes a mapping's counts as they are.
					err = pyErr(d.d.SetKey(kv[0], kv[1]))
				} else {
					err = add(kv[0], kv[1])
				}
				if err != nil {
					return err
				}
			}
		} else if err := forEach(thread, args[0], func(v starlark.Value) error {
			return add(v, starlark.MakeInt(1))
		}); err != nil {
			return err
		}
	}
	for _, kv := range kwargs {
		if err := add(kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

func (d *Dict) String() string { return d.PyRepr() }

// PyRepr is CPython 3.11's repr of each kind.
func (d *Dict) PyRepr() string {
	if d.inRepr {
		return "..."
	}
	d.inRepr = true
	defer func() { d.inRepr = false }()
	switch d.kind {
	case orderedKind:
		if d.d.Len() == 0 {
			return "OrderedDict()"
		}
		items := make([]starlark.Value, 0, d.d.Len())
		for _, kv := range d.d.Items() {
			items = append(items, kv)
		}
		return "OrderedDict(" + py.Repr(starlark.NewList(items)) + ")"
	case counterKind:
		if d.d.Len() == 0 {
			return "Counter()"
		}
		// In most_common order; one whose counts do not order keeps its own.
		body := d.d
		if items, err := d.mostCommon(); err == nil {
			body = starlark.NewDict(len(items))
			for _, kv := range items {
				body.SetKey(kv[0], kv[1])
			}
		}
		return "Counter(" + py.Repr(body) + ")"
	}
	return "defaultdict(" + py.Repr(d.factory) + ", " + py.Repr(d.d) + ")"
}

func (d *Dict) Type() string           { return d.tpName() }
func (d *Dict) Freeze()                {}
func (d *Dict) Truth() starlark.Bool   { return d.d.Len() > 0 }
func (d *Dict) PyClass() *py.Class     { return d.class() }
func (d *Dict) PyDict() *starlark.Dict { return d.d }
func (d *Dict) Hash() (uint32, error) {
	return 0, py.Errorf(py.TypeError, "unhashable type: '%s'", d.tpName())
}
func (d *Dict) Len() int                { return d.d.Len() }
func (d *Dict) Items() []starlark.Tuple { return d.d.Items() }

// Get is d[k]: a defaultdict makes what is missing, a Counter counts it 0.
func (d *Dict) Get(k starlark.Value) (starlark.Value, bool, error) {
	v, found, err := d.d.Get(k)
	if err != nil || found {
		return v, found, pyErr(err)
	}
	switch d.kind {
	case counterKind:
		if _, err := k.Hash(); err != nil {
			return nil, false, py.Errorf(py.TypeError, "unhashable type: '%s'", py.TypeOf(k).Name())
		}
		return starlark.MakeInt(0), true, nil
	case defaultKind:
		v, err := d.missing(threadOf(d.p), k)
		if err != nil {
			return nil, false, err
		}
		return v, true, nil
	}
	return nil, false, nil
}

// missing is a defaultdict's __missing__: default_factory() stored under k.
func (d *Dict) missing(thread *starlark.Thread, k starlark.Value) (starlark.Value, error) {
	if d.factory == starlark.None {
		return nil, &py.Exception{Class: py.KeyError, Args: starlark.Tuple{k}}
	}
	v, err := starlark.Call(thread, d.factory, nil, nil)
	if err != nil {
		return nil, err
	}
	return v, pyErr(d.d.SetKey(k, v))
}

func (d *Dict) SetKey(k, v starlark.Value) error { return pyErr(d.d.SetKey(k, v)) }

// DelItem is del d[k]; a Counter ignores a key it does not have.
func (d *Dict) DelItem(k starlark.Value) error {
	_, found, err := d.d.Delete(k)
	if err != nil {
		return py.AsException(err)
	}
	if !found && d.kind != counterKind {
		return &py.Exception{Class: py.KeyError, Args: starlark.Tuple{k}}
	}
	return nil
}

func (d *Dict) Has(k starlark.Value) (bool, error) {
	_, found, err := d.d.Get(k)
	return found, pyErr(err)
}

// PyIter is iter(d), over the keys: a dict's iterator fails once the size
// has changed; an OrderedDict's once it has changed at all, unless it was
// at its end.
func (d *Dict) PyIter(p *host.Process) *py.Iterator {
	keys := d.d.Keys()
	n, i := d.d.Len(), 0
	ordered := d.kind == orderedKind
	return py.NewIterator(py.DictKeyIteratorType, p, func(*starlark.Thread) (starlark.Value, bool, error) {
		if ordered && i >= len(keys) {
			return nil, false, nil
		}
		if d.d.Len() != n {
			n = -1 // it stays failed
			if ordered {
				return nil, false, py.Errorf(py.RuntimeError, "OrderedDict mutated during iteration")
			}
			return nil, false, py.Errorf(py.RuntimeError, "dictionary changed size during iteration")
		}
		if i >= len(keys) {
			return nil, false, nil
		}
		i++
		return keys[i-1], true, nil
	})
}

func (d *Dict) Iterate() starlark.Iterator {
	return py.IterateStepper(d.p, d.PyIter(d.p), func(err error) { d.iterErr = err })
}

func (d *Dict) TakeIterError() error {
	err := d.iterErr
	d.iterErr = nil
	return err
}

// CompareSameType compares two of these dicts: two Counters as counts
// (a missing key is 0, and < is a strict subset), two OrderedDicts in
// order; any other pair as dicts.
func (d *Dict) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	other := y.(*Dict)
	if d.kind == counterKind && other.kind == counterKind {
		return d.compareCounts(op, other)
	}
	if op != syntax.EQL && op != syntax.NEQ {
		return false, py.Errorf(py.TypeError, "'%s' not supported between instances of '%s' and '%s'", op, d.tpName(), other.tpName())
	}
	if d.kind == orderedKind && other.kind == orderedKind {
		a, b := d.d.Items(), other.d.Items()
		eq := len(a) == len(b)
		for i := 0; eq && i < len(a); i++ {
			var err error
			if eq, err = starlark.EqualDepth(a[i], b[i], depth-1); err != nil {
				return false, err
			}
		}
		return eq == (op == syntax.EQL), nil
	}
	return starlark.CompareDepth(op, d.d, other.d, depth)
}

// compareCounts is Counter's ==, <= and the others: every key of either
// compared, a missing one counting 0.
func (d *Dict) compareCounts(op syntax.Token, other *Dict) (bool, error) {
	test := map[syntax.Token]syntax.Token{syntax.EQL: syntax.EQL, syntax.NEQ: syntax.EQL,
		syntax.LE: syntax.LE, syntax.LT: syntax.LE, syntax.GE: syntax.GE, syntax.GT: syntax.GE}[op]
	all := true
	for _, c := range []*Dict{d, other} {
		for _, k := range c.d.Keys() {
			x, _, _ := d.Get(k)
			y, _, _ := other.Get(k)
			ok, err := py.Compare(test, x, y)
			if err != nil {
				return false, err
			}
			all = all && ok
		}
	}
	switch op {
	case syntax.NEQ:
		return !all, nil
	case syntax.LT, syntax.GT:
		if !all {
			return false, nil
		}
		eq, err := d.compareCounts(syntax.EQL, other)
		return !eq, err
	}
	return all, nil
}

// Binary is a Counter's +, -, | and &, and the other kinds' | (a dict's
// union, which keeps the left one's kind).
func (d *Dict) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	other, ok := y.(*Dict)
	if d.kind == counterKind {
		if !ok || other.kind != counterKind || side == starlark.Right {
			return nil, nil
		}
		return d.counterOp(op, other)
	}
	if op != syntax.PIPE || side == starlark.Right {
		return nil, nil
	}
	items, ok := py.DictLikeOf(y)
	if !ok {
		return nil, nil
	}
	out := d.newLike()
	for _, src := range []*starlark.Dict{d.d, items} {
		for _, kv := range src.Items() {
			out.d.SetKey(kv[0], kv[1])
		}
	}
	return out, nil
}

// counterOp is Counter's multiset arithmetic; only positive counts stay.
func (d *Dict) counterOp(op syntax.Token, other *Dict) (starlark.Value, error) {
	out := d.newLike()
	zero := starlark.MakeInt(0)
	keep := func(k, v starlark.Value) error {
		pos, err := py.Compare(syntax.GT, v, zero)
		if err == nil && pos {
			err = out.d.SetKey(k, v)
		}
		return err
	}
	for _, kv := range d.d.Items() {
		k, count := kv[0], kv[1]
		theirs, _, _ := other.Get(k)
		var v starlark.Value
		var err error
		switch op {
		case syntax.PLUS:
			v, err = starlark.Binary(syntax.PLUS, count, theirs)
		case syntax.MINUS:
			v, err = starlark.Binary(syntax.MINUS, count, theirs)
		case syntax.PIPE, syntax.AMP:
			less, cerr := py.Compare(syntax.LT, count, theirs)
			if err = cerr; err == nil {
				v = count
				if less == (op == syntax.PIPE) {
					v = theirs
				}
			}
		default:
			return nil, nil
		}
		if err == nil {
			err = keep(k, v)
		}
		if err != nil {
			return nil, py.AsException(err)
		}
	}
	if op == syntax.AMP {
		return out, nil
	}
	for _, kv := range other.d.Items() {
		if _, mine, _ := d.d.Get(kv[0]); mine {
			continue
		}
		v := kv[1]
		if op == syntax.MINUS {
			var err error
			if v, err = starlark.Binary(syntax.MINUS, zero, v); err != nil {
				return nil, py.AsException(err)
			}
		}
		if err := keep(kv[0], v); err != nil {
			return nil, py.AsException(err)
		}
	}
	return out, nil
}

// Unary is +c and -c of a Counter: the positive counts, or the negative
// ones made positive.
func (d *Dict) Unary(op syntax.Token) (starlark.Value, error) {
	if d.kind != counterKind || (op != syntax.PLUS && op != syntax.MINUS) {
		return nil, nil
	}
	out := d.newLike()
	zero := starlark.MakeInt(0)
	for _, kv := range d.d.Items() {
		v := kv[1]
		if op == syntax.MINUS {
			var err error
			if v, err = starlark.Binary(syntax.MINUS, zero, v); err != nil {
				return nil, py.AsException(err)
			}
		}
		pos, err := py.Compare(syntax.GT, v, zero)
		if err != nil {
			return nil, err
		}
		if pos {
			out.d.SetKey(kv[0], v)
		}
	}
	return out, nil
}

// InplaceAdd is c += other for a Counter, in place; another kind has no
// += and gets +'s error.
func (d *Dict) InplaceAdd(y starlark.Value) (starlark.Value, error) {
	other, ok := y.(*Dict)
	if d.kind != counterKind || !ok || other.kind != counterKind {
		return nil, py.Errorf(py.TypeError, "unsupported operand type(s) for +=: '%s' and '%s'", d.tpName(), py.TypeOf(y).Name())
	}
	sum, err := d.counterOp(syntax.PLUS, other)
	if err != nil {
		return nil, err
	}
	d.d.Clear()
	for _, kv := range sum.(*Dict).d.Items() {
		d.d.SetKey(kv[0], kv[1])
	}
	return d, nil
}

// mostCommon is the items by count, largest first, ties in the order the
// keys went in (a stable sort, as sorted() and heapq.nlargest are).
func (d *Dict) mostCommon() ([]starlark.Tuple, error) {
	items := d.d.Items()
	var err error
	sort.SliceStable(items, func(i, j int) bool {
		if err != nil {
			return false
		}
		less, cerr := py.Compare(syntax.GT, items[i][1], items[j][1])
		if cerr != nil {
			err = cerr
		}
		return less
	})
	return items, err
}

func (d *Dict) Attr(name string) (starlark.Value, error) {
	if d.kind == defaultKind && name == "default_factory" {
		return d.factory, nil
	}
	if m, ok := dictMethods.Map()[name]; ok && m.kinds&(1<<d.kind) != 0 {
		qual := d.class().Name() + "." + name
		return starlark.NewBuiltin(qual, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return m.fn(d, thread, b, args, kwargs)
		}).BindReceiver(d), nil
	}
	// The rest are a dict's (get, keys, items, setdefault, pop ...).
	v, err := py.GetAttr(d.d, name)
	if err != nil {
		return nil, py.Errorf(py.AttributeError, "'%s' object has no attribute '%s'", d.class().Name(), name)
	}
	return v, nil
}

func (d *Dict) AttrNames() []string {
	names := d.d.AttrNames()
	for name, m := range dictMethods.Map() {
		if m.kinds&(1<<d.kind) != 0 {
			names = append(names, name)
		}
	}
	if d.kind == defaultKind {
		names = append(names, "default_factory")
	}
	return py.SortedKeys(names)
}

// SetField is d.default_factory = f.
func (d *Dict) SetField(name string, v starlark.Value) error {
	if d.kind == defaultKind && name == "default_factory" {
		if _, ok := v.(starlark.Callable); !ok && v != starlark.None {
			return py.Errorf(py.TypeError, "default_factory must be callable or None")
		}
		d.factory = v
		return nil
	}
	return py.Errorf(py.AttributeError, "'%s' object has no attribute '%s'", d.class().Name(), name)
}

type dictMethod struct {
	kinds int // a bit for each kind that has it
	fn    func(d *Dict, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)
}

const (
	allKinds    = 1<<defaultKind | 1<<orderedKind | 1<<counterKind
	onlyDefault = 1 << defaultKind
	onlyOrdered = 1 << orderedKind
	onlyCounter = 1 << counterKind
)

var dictMethods = py.Table[string, dictMethod]{Build: func() map[string]dictMethod {
	return map[string]dictMethod{
		"copy": {allKinds, func(d *Dict, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			out := d.newLike()
			for _, kv := range d.d.Items() {
				out.d.SetKey(kv[0], kv[1])
			}
			return out, nil
		}},
		"__copy__": {allKinds, func(d *Dict, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			out := d.newLike()
			for _, kv := range d.d.Items() {
				out.d.SetKey(kv[0], kv[1])
			}
			return out, nil
		}},
		"__missing__": {onlyDefault | onlyCounter, func(d *Dict, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var k starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &k); err != nil {
				return nil, err
			}
			if d.kind == counterKind {
				return starlark.MakeInt(0), nil
			}
			return d.missing(thread, k)
		}},
		"update": {allKinds, func(d *Dict, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if d.kind == counterKind {
				return counterUpdate(d, thread, args, kwargs)
			}
			return starlark.None, d.fill(thread, "update", args, kwargs)
		}},
		"move_to_end": {onlyOrdered, func(d *Dict, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var key starlark.Value
			last := true
			if err := starlark.UnpackArgs("move_to_end", args, kwargs, "key", &key, "last?", &last); err != nil {
				return nil, err
			}
			v, found, err := d.d.Get(key)
			if err != nil {
				return nil, py.AsException(err)
			}
			if !found {
				return nil, &py.Exception{Class: py.KeyError, Args: starlark.Tuple{key}}
			}
			d.d.Delete(key)
			if last {
				d.d.SetKey(key, v)
				return starlark.None, nil
			}
			rest := d.d.Items()
			d.d.Clear()
			d.d.SetKey(key, v)
			for _, kv := range rest {
				d.d.SetKey(kv[0], kv[1])
			}
			return starlark.None, nil
		}},
		"popitem": {onlyOrdered, func(d *Dict, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			last := true
			if err := starlark.UnpackArgs("popitem", args, kwargs, "last?", &last); err != nil {
				return nil, err
			}
			items := d.d.Items()
			if len(items) == 0 {
				return nil, py.Errorf(py.KeyError, "dictionary is empty")
			}
			kv := items[0]
			if last {
				kv = items[len(items)-1]
			}
			d.d.Delete(kv[0])
			return kv, nil
		}},
		"most_common": {onlyCounter, func(d *Dict, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var nV starlark.Value = starlark.None
			if err := starlark.UnpackArgs("most_common", args, kwargs, "n?", &nV); err != nil {
				return nil, err
			}
			items, err := d.mostCommon()
			if err != nil {
				return nil, err
			}
			if nV != starlark.None {
				n, ok := nV.(starlark.Int)
				if !ok {
					// heapq.nlargest compares n with the size first.
					return nil, py.Errorf(py.TypeError, "'>=' not supported between instances of '%s' and 'int'", py.TypeOf(nV).Name())
				}
				k, _ := n.Int64()
				items = items[:max(0, min(int(k), len(items)))]
			}
			out := make([]starlark.Value, len(items))
			for i, kv := range items {
				out[i] = kv
			}
			return starlark.NewList(out), nil
		}},
		"elements": {onlyCounter, func(d *Dict, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			items := d.d.Items()
			i, left := 0, int64(0)
			return py.NewIterator(chainClass, host.Of(thread), func(*starlark.Thread) (starlark.Value, bool, error) {
				for left <= 0 {
					if i >= len(items) {
						return nil, false, nil
					}
					n, ok := items[i][1].(starlark.Int)
					if !ok {
						return nil, false, py.Errorf(py.TypeError, "integer argument expected, got '%s'", py.TypeOf(items[i][1]).Name())
					}
					left, _ = n.Int64()
					i++
				}
				left--
				return items[i-1][0], true, nil
			}), nil
		}},
		"total": {onlyCounter, func(d *Dict, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			var sum starlark.Value = starlark.MakeInt(0)
			for _, kv := range d.d.Items() {
				var err error
				if sum, err = starlark.Binary(syntax.PLUS, sum, kv[1]); err != nil {
					return nil, py.AsException(err)
				}
			}
			return sum, nil
		}},
		"subtract": {onlyCounter, func(d *Dict, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) > 1 {
				return nil, py.Errorf(py.TypeError, "Counter.subtract() takes from 1 to 2 positional arguments but %d were given", len(args)+1)
			}
			return starlark.None, d.count(thread, args, kwargs, -1)
		}},
	}
}}

// counterUpdate is Counter.update: counts added, not replaced.
func counterUpdate(d *Dict, thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 1 {
		return nil, py.Errorf(py.TypeError, "Counter.update() takes from 1 to 2 positional arguments but %d were given", len(args)+1)
	}
	return starlark.None, d.count(thread, args, kwargs, 1)
}

// chainClass is the class of Counter.elements()'s iterator.
var chainClass = py.DeclareClass("itertools", "chain", &py.Object, nil)

// pyErr is a Starlark error as the Python exception it stands for.
func pyErr(err error) error {
	if err == nil {
		return nil
	}
	return py.AsException(err)
}
