package py

import (
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// FrozenSetType is frozenset.
var FrozenSetType = &Class{name: "frozenset", module: "builtins", base: Object}

// FrozenSet is a frozenset: a set that cannot change, so it can be hashed
// and be a dict key or a set's member. It holds a frozen Starlark set.
type FrozenSet struct{ s *starlark.Set }

var (
	_ starlark.Iterable   = (*FrozenSet)(nil)
	_ starlark.Sequence   = (*FrozenSet)(nil)
	_ starlark.Container  = (*FrozenSet)(nil)
	_ starlark.HasBinary  = (*FrozenSet)(nil)
	_ starlark.Comparable = (*FrozenSet)(nil)
	_ starlark.HasAttrs   = (*FrozenSet)(nil)
	_ Typed               = (*FrozenSet)(nil)
	_ Reprer              = (*FrozenSet)(nil)
)

func newFrozenSet(thread *starlark.Thread, _ *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, Errorf(TypeError, "frozenset() takes no keyword arguments")
	}
	var src starlark.Value
	if err := starlark.UnpackPositionalArgs("frozenset", args, nil, 0, &src); err != nil {
		return nil, err
	}
	if fs, ok := src.(*FrozenSet); ok {
		return fs, nil // frozenset(fs) is fs, as in CPython
	}
	s := starlark.NewSet(0)
	if src != nil {
		if err := iterate(src, func(x starlark.Value) error { return insert(s, x) }); err != nil {
			return nil, err
		}
	}
	return frozen(s), nil
}

func insert(s *starlark.Set, x starlark.Value) error {
	if err := s.Insert(x); err != nil {
		return Errorf(TypeError, "unhashable type: '%s'", TypeOf(x).Name())
	}
	return nil
}

func frozen(s *starlark.Set) *FrozenSet {
	s.Freeze()
	return &FrozenSet{s: s}
}

func (f *FrozenSet) String() string                     { return f.PyRepr() }
func (f *FrozenSet) Type() string                       { return "frozenset" }
func (f *FrozenSet) Freeze()                            {}
func (f *FrozenSet) Truth() starlark.Bool               { return f.s.Len() > 0 }
func (f *FrozenSet) Len() int                           { return f.s.Len() }
func (f *FrozenSet) Iterate() starlark.Iterator         { return f.s.Iterate() }
func (f *FrozenSet) Has(x starlark.Value) (bool, error) { return f.s.Has(x) }
func (f *FrozenSet) PyClass() *Class                    { return FrozenSetType }

func (f *FrozenSet) PyRepr() string {
	if f.s.Len() == 0 {
		return "frozenset()"
	}
	var b strings.Builder
	b.WriteString("frozenset(")
	writeRepr(&b, f.s, nil)
	b.WriteString(")")
	return b.String()
}

// Hash does not depend on the order of the items, as equal sets may hold
// them in different orders.
func (f *FrozenSet) Hash() (uint32, error) {
	h := uint32(1927868237) * uint32(f.s.Len()+1)
	for _, x := range setItems(f.s) {
		xh, err := x.Hash()
		if err != nil {
			return 0, err
		}
		h ^= (xh ^ xh<<16 ^ 89869747) * 3644798167
	}
	return h*69069 + 907133923, nil
}

// setOf is the set behind a set or frozenset operand.
func setOf(v starlark.Value) (*starlark.Set, bool) {
	switch v := v.(type) {
	case *starlark.Set:
		return v, true
	case *FrozenSet:
		return v.s, true
	}
	return nil, false
}

// Binary is |, &, - and ^ with a set or frozenset on the other side; the
// result has the left operand's type, as in CPython.
func (f *FrozenSet) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	other, ok := setOf(y)
	if !ok {
		return nil, nil
	}
	left, right := f.s, other
	if side == starlark.Right {
		left, right = other, f.s
	}
	r, err := setOp(op, left, right)
	if r == nil || err != nil {
		return nil, err
	}
	if side == starlark.Right && y.Type() == "set" {
		return r, nil
	}
	return frozen(r), nil
}

func setOp(op syntax.Token, x, y *starlark.Set) (*starlark.Set, error) {
	iter := y.Iterate()
	defer iter.Done()
	var v starlark.Value
	var err error
	switch op {
	case syntax.PIPE:
		v, err = x.Union(iter)
	case syntax.AMP:
		v, err = x.Intersection(iter)
	case syntax.MINUS:
		v, err = x.Difference(iter)
	case syntax.CIRCUMFLEX:
		v, err = x.SymmetricDifference(iter)
	default:
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return v.(*starlark.Set), nil
}

// CompareSameType compares as sets do: equality, and subsets for < and <=.
func (f *FrozenSet) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return f.s.CompareSameType(op, y.(*FrozenSet).s, depth)
}

var frozenSetMethods = Table[string, func(f *FrozenSet, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)]{
	Build: func() map[string]func(f *FrozenSet, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		op := func(tok syntax.Token) func(f *FrozenSet, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return func(f *FrozenSet, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				if len(kwargs) > 0 {
					return nil, Errorf(TypeError, "frozenset.%s() takes no keyword arguments", name)
				}
				acc := f.s
				for _, a := range args {
					other, err := anySet(a)
					if err != nil {
						return nil, err
					}
					if acc, err = setOp(tok, acc, other); err != nil {
						return nil, err
					}
				}
				if acc == f.s {
					return f, nil
				}
				return frozen(acc), nil
			}
		}
		test := func(tok syntax.Token) func(f *FrozenSet, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return func(f *FrozenSet, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				var other starlark.Value
				if err := starlark.UnpackPositionalArgs("frozenset."+name, args, kwargs, 1, &other); err != nil {
					return nil, err
				}
				o, err := anySet(other)
				if err != nil {
					return nil, err
				}
				if tok == syntax.AMP {
					common, err := setOp(syntax.AMP, f.s, o)
					if err != nil {
						return nil, err
					}
					return starlark.Bool(common.Len() == 0), nil
				}
				ok, err := f.s.CompareSameType(tok, o, 10)
				return starlark.Bool(ok), err
			}
		}
		return map[string]func(f *FrozenSet, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error){
			"union":                op(syntax.PIPE),
			"intersection":         op(syntax.AMP),
			"difference":           op(syntax.MINUS),
			"symmetric_difference": op(syntax.CIRCUMFLEX),
			"issubset":             test(syntax.LE),
			"issuperset":           test(syntax.GE),
			"isdisjoint":           test(syntax.AMP),
			"copy": func(f *FrozenSet, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				if err := starlark.UnpackPositionalArgs("frozenset.copy", args, kwargs, 0); err != nil {
					return nil, err
				}
				return f, nil
			},
		}
	},
}

// anySet is the set of the items of any iterable, as the methods take them.
func anySet(v starlark.Value) (*starlark.Set, error) {
	if s, ok := setOf(v); ok {
		return s, nil
	}
	s := starlark.NewSet(0)
	if err := iterate(v, func(x starlark.Value) error { return insert(s, x) }); err != nil {
		return nil, err
	}
	return s, nil
}

func (f *FrozenSet) Attr(name string) (starlark.Value, error) {
	m, ok := frozenSetMethods.Map()[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(f, name, args, kwargs)
	}).BindReceiver(f), nil
}

func (f *FrozenSet) AttrNames() []string {
	names := make([]string, 0, len(frozenSetMethods.Map()))
	for name := range frozenSetMethods.Map() {
		names = append(names, name)
	}
	return SortedKeys(names)
}
