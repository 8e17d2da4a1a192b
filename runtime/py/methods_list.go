package py

import (
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Python's list and dict methods where Starlark's are missing (sort,
// reverse, copy, count) or differ in result or error (index, remove, pop,
// insert; dict.pop, popitem, which pops the last item in Python).

func listMethods() map[string]Method {
	return map[string]Method{
		"sort":    listSort,
		"reverse": listReverse,
		"copy":    listCopy,
		"count":   listCount,
		"index":   listIndex,
		"remove":  listRemove,
		"pop":     listPop,
		"insert":  listInsert,
	}
}

func tupleMethods() map[string]Method {
	return map[string]Method{
		"count": listCount,
		"index": listIndex,
	}
}

func dictMethods() map[string]Method {
	return map[string]Method{
		"copy":    dictCopy,
		"pop":     dictPop,
		"popitem": dictPopItem,
	}
}

func listOf(recv starlark.Value) *starlark.List { return recv.(*starlark.List) }

func listValues(l starlark.Indexable) []starlark.Value {
	out := make([]starlark.Value, l.Len())
	for i := range out {
		out[i] = l.Index(i)
	}
	return out
}

// seqName is "list" or "tuple", for messages.
func seqName(recv starlark.Value) string { return TypeOf(recv).Name() }

// native calls Starlark's own method of the same name on recv.
func native(thread *starlark.Thread, recv starlark.Value, name string, args ...starlark.Value) (starlark.Value, error) {
	m, err := recv.(starlark.HasAttrs).Attr(name)
	if err != nil {
		return nil, err
	}
	v, err := starlark.Call(thread, m, args, nil)
	if err != nil {
		return nil, AsException(err)
	}
	return v, nil
}

// Less is x < y with Python's error for values that have no order.
func Less(x, y starlark.Value) (bool, error) {
	lt, err := starlark.Compare(syntax.LT, x, y)
	if err != nil {
		return false, Errorf(TypeError, "'<' not supported between instances of '%s' and '%s'", TypeOf(x).Name(), TypeOf(y).Name())
	}
	return lt, nil
}

// sortValues is a stable binary insertion sort; like CPython's sort for short
// lists it compares a later item with earlier ones (later < earlier), so a
// failed comparison names the types in the order CPython does.
func sortValues(keys, vals []starlark.Value) error {
	for i := 1; i < len(keys); i++ {
		k, v := keys[i], vals[i]
		lo, hi := 0, i
		for lo < hi {
			mid := (lo + hi) / 2
			lt, err := Less(k, keys[mid])
			if err != nil {
				return err
			}
			if lt {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		copy(keys[lo+1:i+1], keys[lo:i])
		copy(vals[lo+1:i+1], vals[lo:i])
		keys[lo], vals[lo] = k, v
	}
	return nil
}

func reverseValues(v []starlark.Value) {
	for i, j := 0, len(v)-1; i < j; i, j = i+1, j-1 {
		v[i], v[j] = v[j], v[i]
	}
}

func listSort(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, Errorf(TypeError, "sort() takes no positional arguments")
	}
	a, err := kwArgs(name, nil, kwargs, "key", "reverse")
	if err != nil {
		return nil, err
	}
	l := listOf(recv)
	vals := listValues(l)
	keys := vals
	if a[0] != nil && a[0] != starlark.None {
		keys = make([]starlark.Value, len(vals))
		for i, v := range vals {
			if keys[i], err = starlark.Call(thread, a[0], starlark.Tuple{v}, nil); err != nil {
				return nil, err
			}
		}
	} else {
		keys = append([]starlark.Value(nil), vals...)
	}
	reverse := a[1] != nil && a[1].Truth() == starlark.True
	if reverse {
		// Reversing before and after keeps equal items in their order, as Python does.
		reverseValues(keys)
		reverseValues(vals)
	}
	if err := sortValues(keys, vals); err != nil {
		return nil, err
	}
	if reverse {
		reverseValues(vals)
	}
	for i, v := range vals {
		if err := l.SetIndex(i, v); err != nil {
			return nil, AsException(err)
		}
	}
	return starlark.None, nil
}

func listReverse(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args)+len(kwargs) > 0 {
		return nil, Errorf(TypeError, "list.reverse() takes no arguments (%d given)", len(args)+len(kwargs))
	}
	l := listOf(recv)
	vals := listValues(l)
	reverseValues(vals)
	for i, v := range vals {
		if err := l.SetIndex(i, v); err != nil {
			return nil, AsException(err)
		}
	}
	return starlark.None, nil
}

func listCopy(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args)+len(kwargs) > 0 {
		return nil, Errorf(TypeError, "list.copy() takes no arguments (%d given)", len(args)+len(kwargs))
	}
	return starlark.NewList(listValues(listOf(recv))), nil
}

func listCount(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 || len(kwargs) > 0 {
		return nil, Errorf(TypeError, "%s.count() takes exactly one argument (%d given)", seqName(recv), len(args)+len(kwargs))
	}
	n := 0
	for _, v := range listValues(recv.(starlark.Indexable)) {
		eq, err := starlark.Equal(v, args[0])
		if err != nil {
			return nil, AsException(err)
		}
		if eq {
			n++
		}
	}
	return starlark.MakeInt(n), nil
}

func listIndex(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs(name, args, kwargs, 1, 3)
	if err != nil {
		return nil, err
	}
	vals := listValues(recv.(starlark.Indexable))
	lo, hi, err := span(len(vals), a[1], a[2])
	if err != nil {
		return nil, err
	}
	for i := lo; i < hi; i++ {
		eq, err := starlark.Equal(vals[i], a[0])
		if err != nil {
			return nil, AsException(err)
		}
		if eq {
			return starlark.MakeInt(i), nil
		}
	}
	if seqName(recv) == "tuple" {
		return nil, Errorf(ValueError, "tuple.index(x): x not in tuple")
	}
	return nil, Errorf(ValueError, "%s is not in list", Repr(a[0]))
}

func listRemove(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 || len(kwargs) > 0 {
		return nil, Errorf(TypeError, "list.remove() takes exactly one argument (%d given)", len(args)+len(kwargs))
	}
	for i, v := range listValues(listOf(recv)) {
		eq, err := starlark.Equal(v, args[0])
		if err != nil {
			return nil, AsException(err)
		}
		if eq {
			_, err := native(thread, recv, "pop", starlark.MakeInt(i))
			return starlark.None, err
		}
	}
	return nil, Errorf(ValueError, "list.remove(x): x not in list")
}

func listPop(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	l := listOf(recv)
	n := l.Len()
	i := n - 1
	if len(args) > 0 || len(kwargs) > 0 {
		a, err := posArgs(name, args, kwargs, 0, 1)
		if err != nil {
			return nil, err
		}
		if i, err = asIndex(a[0]); err != nil {
			return nil, err
		}
		if i < 0 {
			i += n
		}
	}
	if n == 0 {
		return nil, Errorf(IndexError, "pop from empty list")
	}
	if i < 0 || i >= n {
		return nil, Errorf(IndexError, "pop index out of range")
	}
	v, err := l.Pop(i)
	if err != nil {
		return nil, AsException(err)
	}
	return v, nil
}

func listInsert(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, Errorf(TypeError, "list.insert() takes no keyword arguments")
	}
	if len(args) != 2 {
		return nil, Errorf(TypeError, "insert expected 2 arguments, got %d", len(args))
	}
	i, err := asIndex(args[0])
	if err != nil {
		return nil, err
	}
	return native(thread, recv, "insert", starlark.MakeInt(i), args[1])
}

func dictCopy(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args)+len(kwargs) > 0 {
		return nil, Errorf(TypeError, "dict.copy() takes no arguments (%d given)", len(args)+len(kwargs))
	}
	d := recv.(*starlark.Dict)
	out := starlark.NewDict(d.Len())
	for _, kv := range d.Items() {
		out.SetKey(kv[0], kv[1])
	}
	return out, nil
}

func dictPop(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs(name, args, kwargs, 1, 2)
	if err != nil {
		return nil, err
	}
	d := recv.(*starlark.Dict)
	_, found, err := d.Get(a[0])
	if err != nil {
		return nil, AsException(err)
	}
	if !found {
		if a[1] != nil {
			return a[1], nil
		}
		return nil, &Exception{Class: KeyError, Args: starlark.Tuple{a[0]}}
	}
	return native(thread, recv, "pop", a[0])
}

func dictPopItem(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args)+len(kwargs) > 0 {
		return nil, Errorf(TypeError, "dict.popitem() takes no arguments (%d given)", len(args)+len(kwargs))
	}
	d := recv.(*starlark.Dict)
	items := d.Items()
	if len(items) == 0 {
		return nil, Errorf(KeyError, "popitem(): dictionary is empty")
	}
	last := items[len(items)-1]
	if _, err := native(thread, recv, "pop", last[0]); err != nil {
		return nil, err
	}
	return last, nil
}

func dictFromKeys(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs("fromkeys", args, kwargs, 1, 2)
	if err != nil {
		return nil, err
	}
	value := a[1]
	if value == nil {
		value = starlark.None
	}
	it, err := Iterable(a[0])
	if err != nil {
		return nil, err
	}
	out := starlark.NewDict(0)
	iter := it.(starlark.Iterable).Iterate()
	defer iter.Done()
	var k starlark.Value
	for iter.Next(&k) {
		if err := out.SetKey(k, value); err != nil {
			return nil, AsException(err)
		}
	}
	return out, nil
}
