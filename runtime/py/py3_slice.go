package py

import (
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// SliceType is slice.
var SliceType = &Class{name: "slice", module: "builtins", base: Object}

// Slice is a slice object, slice(start, stop, step): x[s] is x[start:stop:step].
type Slice struct{ start, stop, step starlark.Value }

var (
	_ starlark.HasAttrs   = (*Slice)(nil)
	_ starlark.Comparable = (*Slice)(nil)
	_ Typed               = (*Slice)(nil)
	_ Reprer              = (*Slice)(nil)
)

func newSlice(_ *starlark.Thread, _ *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, Errorf(TypeError, "slice() takes no keyword arguments")
	}
	switch len(args) {
	case 0:
		return nil, Errorf(TypeError, "slice expected at least 1 argument, got 0")
	case 1:
		return &Slice{starlark.None, args[0], starlark.None}, nil
	case 2:
		return &Slice{args[0], args[1], starlark.None}, nil
	case 3:
		return &Slice{args[0], args[1], args[2]}, nil
	}
	return nil, Errorf(TypeError, "slice expected at most 3 arguments, got %d", len(args))
}

func (s *Slice) String() string       { return s.PyRepr() }
func (s *Slice) Type() string         { return "slice" }
func (s *Slice) Freeze()              {}
func (s *Slice) Truth() starlark.Bool { return true }
func (s *Slice) PyClass() *Class      { return SliceType }
func (s *Slice) Hash() (uint32, error) {
	return 0, Errorf(TypeError, "unhashable type: 'slice'")
}
func (s *Slice) PyRepr() string {
	return "slice(" + Repr(s.start) + ", " + Repr(s.stop) + ", " + Repr(s.step) + ")"
}

func (s *Slice) tuple() starlark.Tuple { return starlark.Tuple{s.start, s.stop, s.step} }

// CompareSameType compares slices as the tuples of their three values.
func (s *Slice) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, s.tuple(), y.(*Slice).tuple(), depth)
}

func (s *Slice) AttrNames() []string { return []string{"indices", "start", "step", "stop"} }

func (s *Slice) Attr(name string) (starlark.Value, error) {
	switch name {
	case "start":
		return s.start, nil
	case "stop":
		return s.stop, nil
	case "step":
		return s.step, nil
	case "indices":
		return starlark.NewBuiltin("indices", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var n starlark.Value
			if err := starlark.UnpackPositionalArgs("slice.indices", args, kwargs, 1, &n); err != nil {
				return nil, err
			}
			length, err := asIndex(n)
			if err != nil {
				return nil, err
			}
			if length < 0 {
				return nil, Errorf(ValueError, "length should not be negative")
			}
			start, stop, step, err := s.Indices(length)
			if err != nil {
				return nil, err
			}
			return starlark.Tuple{starlark.MakeInt(start), starlark.MakeInt(stop), starlark.MakeInt(step)}, nil
		}).BindReceiver(s), nil
	}
	return nil, nil
}

// sliceBound reads one of a slice's values as an index; None is absent.
func sliceBound(v starlark.Value) (int, bool, error) {
	if v == starlark.None {
		return 0, false, nil
	}
	switch v.(type) {
	case starlark.Int, starlark.Bool:
		n, err := intArg(v)
		if err != nil {
			return 0, false, err
		}
		// Beyond any length: clamping below treats it as the far end.
		const limit = 1 << 62
		if n.IsInt64() && n.Int64() > -limit && n.Int64() < limit {
			return int(n.Int64()), true, nil
		}
		if n.Sign() < 0 {
			return -limit, true, nil
		}
		return limit, true, nil
	}
	return 0, false, Errorf(TypeError, "slice indices must be integers or None or have an __index__ method")
}

// Indices resolves the slice against a sequence of length n, as CPython's
// slice.indices does: start and stop clamped, the step never zero.
func (s *Slice) Indices(n int) (start, stop, step int, err error) {
	step = 1
	if st, ok, err := sliceBound(s.step); err != nil {
		return 0, 0, 0, err
	} else if ok {
		if st == 0 {
			return 0, 0, 0, Errorf(ValueError, "slice step cannot be zero")
		}
		step = st
	}
	lower, upper := 0, n
	if step < 0 {
		lower, upper = -1, n-1
	}
	clamp := func(v starlark.Value, dflt int) (int, error) {
		i, ok, err := sliceBound(v)
		if err != nil || !ok {
			return dflt, err
		}
		if i < 0 {
			i += n
			if i < lower {
				i = lower
			}
		} else if i > upper {
			i = upper
		}
		return i, nil
	}
	if step > 0 {
		start, err = clamp(s.start, lower)
		if err == nil {
			stop, err = clamp(s.stop, upper)
		}
	} else {
		start, err = clamp(s.start, upper)
		if err == nil {
			stop, err = clamp(s.stop, lower)
		}
	}
	return start, stop, step, err
}

// sliceItems is x[s] for a slice object s.
func sliceItems(x starlark.Value, s *Slice) (starlark.Value, error) {
	sl, ok := x.(starlark.Sliceable)
	if !ok {
		return nil, Errorf(TypeError, "'%s' object is not subscriptable", TypeOf(x).Name())
	}
	start, stop, step, err := s.Indices(sl.Len())
	if err != nil {
		return nil, err
	}
	return sl.Slice(start, stop, step), nil
}
