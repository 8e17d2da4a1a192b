package py

import (
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Python 3 builtins beyond Starlark's and the first ports':
//
//	iter(object[, sentinel])   next(iterator[, default])
//	frozenset([iterable])      slice(stop) / slice(start, stop[, step])
//	bytearray([source[, encoding[, errors]]])   memoryview(object)
//	open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None)
//
// (the types are in py3_*.go), and the helpers the rewriter puts where
// Starlark's own operators would not see these types: comparisons that may
// mix bytes with bytearray or memoryview, or set with frozenset
// (__sx_eq ...), and x += y, which changes a bytearray or list in place.
//
// globals() and locals() are left out: a script's globals and locals are
// Starlark's, partly boxed in cells by the lowering, and a dict built from
// them would be neither live (writes to it would change nothing) nor
// complete (CPython's has __name__, __builtins__ and the rest).

// py3Class is the class of a Python 3 builtin type name, or nil.
func py3Class(name string) *Class {
	switch name {
	case "frozenset":
		return FrozenSetType
	case "slice":
		return SliceType
	case "bytearray":
		return ByteArrayType
	case "memoryview":
		return MemoryViewType
	}
	return nil
}

// py3New is the constructor of a Python 3 builtin class, or nil.
func py3New(c *Class) newFunc {
	switch c {
	case FrozenSetType:
		return newFrozenSet
	case SliceType:
		return newSlice
	case ByteArrayType:
		return newByteArray
	case MemoryViewType:
		return newMemoryView
	}
	return nil
}

// py3Func is the Go function of a Python 3 builtin function, or nil.
func py3Func(name string) builtinFunc {
	switch name {
	case "iter":
		return builtinIter
	case "next":
		return builtinNext
	case "open":
		return builtinOpen
	}
	return nil
}

// py3Lowered is the Go function of a helper the rewriter calls, or nil.
func py3Lowered(name string) builtinFunc {
	switch name {
	case "__sx_eq":
		return compareOp(syntax.EQL)
	case "__sx_ne":
		return compareOp(syntax.NEQ)
	case "__sx_lt":
		return compareOp(syntax.LT)
	case "__sx_le":
		return compareOp(syntax.LE)
	case "__sx_gt":
		return compareOp(syntax.GT)
	case "__sx_ge":
		return compareOp(syntax.GE)
	case "__sx_iadd":
		return iaddOp
	}
	return nil
}

func builtinIter(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, sentinel starlark.Value
	if err := starlark.UnpackPositionalArgs("iter", args, kwargs, 1, &x, &sentinel); err != nil {
		return nil, err
	}
	if sentinel == nil {
		if c, ok := x.(interface{ IterCheck() error }); ok {
			if err := c.IterCheck(); err != nil {
				return nil, err
			}
		}
		return GetIter(thread, x)
	}
	if _, ok := x.(starlark.Callable); !ok {
		return nil, Errorf(TypeError, "iter(v, w): v must be callable")
	}
	// iter(callable, sentinel): call until the sentinel comes back.
	return GetIter(thread, newIterator(callableIteratorType, x, func(th *starlark.Thread) (starlark.Value, bool, error) {
		v, err := starlark.Call(th, x, nil, nil)
		if err != nil {
			if AsException(err).Class.IsSubclass(StopIteration) {
				return nil, false, nil
			}
			return nil, false, err
		}
		if eq, err := Equal(v, sentinel); err != nil || eq {
			return nil, false, err
		}
		return v, true, nil
	}))
}

func builtinNext(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var it, dflt starlark.Value
	if err := starlark.UnpackPositionalArgs("next", args, kwargs, 1, &it, &dflt); err != nil {
		return nil, err
	}
	v, ok, err := Next(thread, it)
	if err != nil {
		return nil, err
	}
	if !ok {
		if dflt != nil {
			return dflt, nil
		}
		return nil, New(StopIteration)
	}
	return v, nil
}

// bytesLike is the bytes of a value that compares as bytes: bytes,
// bytearray, memoryview.
func bytesLike(v starlark.Value) (string, bool) {
	switch v := v.(type) {
	case starlark.Bytes:
		return string(v), true
	case BytesLike:
		return v.PyBytes(), true
	}
	return "", false
}

// Equal is x == y as Python has it for the values Starlark calls of
// different types: bytes and bytearray, set and frozenset.
func Equal(x, y starlark.Value) (bool, error) {
	return Compare(syntax.EQL, x, y)
}

// Compare is a comparison with Python's meaning where Starlark's differs.
func Compare(op syntax.Token, x, y starlark.Value) (bool, error) {
	if x.Type() != y.Type() {
		if xs, ok := bytesLike(x); ok {
			if ys, ok := bytesLike(y); ok {
				_, xmv := x.(*MemoryView)
				_, ymv := y.(*MemoryView)
				if (xmv || ymv) && op != syntax.EQL && op != syntax.NEQ {
					return false, Errorf(TypeError, "'%s' not supported between instances of '%s' and '%s'", op, TypeOf(x).Name(), TypeOf(y).Name())
				}
				return compareStrings(op, xs, ys), nil
			}
		}
		if xs, ok := setOf(x); ok {
			if ys, ok := setOf(y); ok {
				return xs.CompareSameType(op, ys, starlark.CompareLimit)
			}
		}
		if xd, ok := dictOf(x); ok {
			if yd, ok := dictOf(y); ok && (op == syntax.EQL || op == syntax.NEQ) {
				return starlark.Compare(op, xd, yd)
			}
		}
		if ok, done, err := compareInstance(op, x, y); done {
			return ok, err
		}
	}
	ok, err := starlark.Compare(op, x, y)
	if err != nil {
		return false, AsException(err)
	}
	return ok, nil
}

// compareOp is one of the comparison helpers.
func compareOp(op syntax.Token) builtinFunc {
	return func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		ok, err := Compare(op, args[0], args[1])
		if err != nil {
			return nil, err
		}
		return starlark.Bool(ok), nil
	}
}

// iaddOp is x += y: a bytearray or a list is changed in place, as in
// Python, so every name bound to it sees the change.
func iaddOp(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	x, y := args[0], args[1]
	switch x := x.(type) {
	case *ByteArray:
		s, err := AsBytes(y)
		if err != nil {
			return nil, Errorf(TypeError, "can't concat %s to bytearray", TypeOf(y).Name())
		}
		x.b = append(x.b, s...)
		return x, nil
	case *starlark.List:
		if _, ok := y.(starlark.Iterable); ok || isText(y) {
			err := iterate(y, func(v starlark.Value) error {
				if err := x.Append(v); err != nil {
					return AsException(err)
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			return x, nil
		}
		return nil, Errorf(TypeError, "'%s' object is not iterable", TypeOf(y).Name())
	case InplaceAdder:
		return x.InplaceAdd(y)
	}
	v, err := starlark.Binary(syntax.PLUS, x, y)
	if err != nil {
		return nil, AsException(err)
	}
	return v, nil
}

// InplaceAdder is a library value that x += y changes in place (a deque
// extended by any iterable), where + would make a new one.
type InplaceAdder interface {
	starlark.Value
	InplaceAdd(y starlark.Value) (starlark.Value, error)
}

func isText(v starlark.Value) bool {
	switch v.(type) {
	case starlark.String, starlark.Bytes:
		return true
	}
	return false
}

// DictLike is a library mapping that Python counts as a dict
// (collections' defaultdict, OrderedDict and Counter): == compares its
// items with a dict's.
type DictLike interface {
	starlark.Value
	PyDict() *starlark.Dict
}

// DictLikeOf is the items of a dict or a DictLike.
func DictLikeOf(v starlark.Value) (*starlark.Dict, bool) { return dictOf(v) }

// dictOf is the items of a dict or a DictLike.
func dictOf(v starlark.Value) (*starlark.Dict, bool) {
	switch d := v.(type) {
	case *starlark.Dict:
		return d, true
	case DictLike:
		return d.PyDict(), true
	}
	return nil, false
}

// reflectedOps are the special methods of a comparison and of its mirror,
// which Python tries on the right operand when the left one has none (a
// switch, not a map, which an init function would build at every start).
func reflectedOps(op syntax.Token) (names [2]string, known bool) {
	switch op {
	case syntax.EQL:
		return [2]string{"__eq__", "__eq__"}, true
	case syntax.NEQ:
		return [2]string{"__ne__", "__ne__"}, true
	case syntax.LT:
		return [2]string{"__lt__", "__gt__"}, true
	case syntax.GT:
		return [2]string{"__gt__", "__lt__"}, true
	case syntax.LE:
		return [2]string{"__le__", "__ge__"}, true
	case syntax.GE:
		return [2]string{"__ge__", "__le__"}, true
	}
	return names, false
}

// compareInstance is a comparison of an instance of a class (a script's
// or a library's) with a value of another type, which Starlark does not
// ask the instance about: its special method, else the other operand's
// mirrored one, as Python does. done is false when neither operand is
// such an instance or neither has the method, so the comparison goes on
// as Starlark has it.
func compareInstance(op syntax.Token, x, y starlark.Value) (ok, done bool, err error) {
	names, known := reflectedOps(op)
	if !known {
		return false, false, nil
	}
	xi, _ := x.(*Instance)
	yi, _ := y.(*Instance)
	if xi == nil && yi == nil {
		return false, false, nil
	}
	if xi != nil {
		if v, found, err := xi.call(names[0], y); found && (err != nil || v != NotImplemented) {
			return err == nil && bool(v.Truth()), true, err
		}
	}
	if yi != nil {
		if v, found, err := yi.call(names[1], x); found && (err != nil || v != NotImplemented) {
			return err == nil && bool(v.Truth()), true, err
		}
	}
	if op == syntax.NEQ {
		// != without __ne__ is the negation of ==.
		eq, done, err := compareInstance(syntax.EQL, x, y)
		return done && err == nil && !eq, done, err
	}
	return false, false, nil
}
