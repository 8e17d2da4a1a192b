package py

import (
	"go.starlark.net/starlark"
)

// getItemOp is __getitem__, which the runtime puts where a script indexes.
func getItemOp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return GetItem(args[0], args[1])
}

// GetItem is x[y] with Python's results and errors: indexing bytes gives an
// int, a missing key is KeyError, a bad index IndexError.
func GetItem(x, y starlark.Value) (starlark.Value, error) {
	if s, ok := y.(*Slice); ok {
		if _, isMap := x.(starlark.Mapping); !isMap {
			return sliceItems(x, s)
		}
	}
	switch x := x.(type) {
	case *Instance:
		return x.getItem(y)
	case *MemoryView:
		return x.getItem(y)
	case starlark.Bytes:
		i, err := index(y, len(x), "index out of range", "byte")
		if err != nil {
			return nil, err
		}
		return starlark.MakeInt(int(x[i])), nil
	case *Class:
		if x.Meta != nil && x.Meta.GetItem != nil {
			return x.Meta.GetItem(x, y)
		}
		return nil, Errorf(TypeError, "type '%s' is not subscriptable", x.name)
	case starlark.Mapping:
		v, found, err := x.Get(y)
		if err != nil {
			return nil, AsException(err)
		}
		if !found {
			return nil, &Exception{Class: KeyError, Args: starlark.Tuple{y}}
		}
		return v, nil
	case starlark.Indexable:
		kind := TypeOf(x).Name()
		i, err := index(y, x.Len(), kind+" index out of range", kind)
		if err != nil {
			return nil, err
		}
		return x.Index(i), nil
	}
	return nil, Errorf(TypeError, "'%s' object is not subscriptable", TypeOf(x).Name())
}

func index(y starlark.Value, n int, rangeMsg, kind string) (int, error) {
	iv, ok := y.(starlark.Int)
	if !ok {
		if b, isBool := y.(starlark.Bool); isBool {
			iv, ok = starlark.MakeInt(map[starlark.Bool]int{false: 0, true: 1}[b]), true
		}
	}
	if !ok {
		return 0, Errorf(TypeError, "%s indices must be integers or slices, not %s", kind, TypeOf(y).Name())
	}
	i, ok := iv.Int64()
	if !ok {
		return 0, Errorf(IndexError, "cannot fit 'int' into an index-sized integer")
	}
	if i < 0 {
		i += int64(n)
	}
	if i < 0 || i >= int64(n) {
		return 0, Errorf(IndexError, "%s", rangeMsg)
	}
	return int(i), nil
}
