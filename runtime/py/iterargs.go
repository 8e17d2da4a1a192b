package py

import (
	"go.starlark.net/starlark"

	"sockstar/runtime/host"
)

// Starlark's own enumerate, zip, reversed, min, max, any and all refuse str
// and bytes, and a class whose Meta iterates it (an enum); Python iterates
// them. These wrappers pass such arguments on as lists and keep everything
// else as is.
func iterArgs(name string) builtinFunc {
	universe := starlark.Universe[name].(*starlark.Builtin)
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		converted := args
		for i, a := range args {
			switch a := a.(type) {
			case *Class:
				if a.Meta == nil || a.Meta.Iterate == nil {
					continue
				}
			case starlark.String, starlark.Bytes:
				if name == "min" || name == "max" {
					if len(args) > 1 {
						continue // min('a', 'b') compares the strings themselves
					}
				}
			default:
				continue
			}
			it, err := Iterable(a)
			if err != nil {
				return nil, err
			}
			if &converted[0] == &args[0] {
				converted = append(starlark.Tuple(nil), args...)
			}
			converted[i] = it
		}
		if lazy, ok, err := lazyIter(thread, name, args, kwargs); ok || err != nil {
			return lazy, err
		}
		if name == "enumerate" && len(kwargs) == 1 && kwargs[0][0] == starlark.String("start") && len(converted) == 1 {
			// Starlark's enumerate takes start by position only.
			converted = append(append(starlark.Tuple(nil), converted...), kwargs[0][1])
			kwargs = nil
		}
		v, err := starlark.Call(thread, universe, converted, kwargs)
		if err != nil {
			return nil, AsException(err)
		}
		for _, a := range converted {
			if err := TakeIterError(a); err != nil {
				return nil, err
			}
		}
		return v, nil
	}
}

var (
	enumerateType = &Class{name: "enumerate", module: "builtins", base: Object}
	zipType       = &Class{name: "zip", module: "builtins", base: Object}
)

// lazyIter is enumerate(it) or zip(...) over an iterator that yields as it
// goes (a socket's file, a generator-like iterator, itertools.count()):
// Python takes its items one at a time, as the loop asks, where Starlark's
// would read them all first, and never end on an endless one. ok is false
// where no argument is such an iterator.
func lazyIter(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (v starlark.Value, ok bool, err error) {
	if name != "enumerate" && name != "zip" {
		return nil, false, nil
	}
	stepping := false
	for _, a := range args {
		switch a.(type) {
		case Stepper, PyIterable:
			stepping = true
		}
	}
	if !stepping {
		return nil, false, nil
	}
	p := host.Of(thread)
	if name == "enumerate" {
		if len(args) == 0 || len(args) > 2 || (len(args) == 2 && len(kwargs) > 0) {
			return nil, false, nil
		}
		start := starlark.Value(starlark.MakeInt(0))
		if len(args) == 2 {
			start = args[1]
		}
		for _, kv := range kwargs {
			if kv[0] != starlark.String("start") {
				return nil, false, nil
			}
			start = kv[1]
		}
		n, ok := start.(starlark.Int)
		if !ok {
			return nil, true, Errorf(TypeError, "'%s' object cannot be interpreted as an integer", TypeOf(start).Name())
		}
		step, err := stepperOf(p, args[0])
		if err != nil {
			return nil, true, err
		}
		return NewIterator(enumerateType, p, func(thread *starlark.Thread) (starlark.Value, bool, error) {
			v, ok, err := step(thread)
			if !ok || err != nil {
				return nil, false, err
			}
			i := n
			n = n.Add(starlark.MakeInt(1))
			return starlark.Tuple{i, v}, true, nil
		}), true, nil
	}
	if len(kwargs) > 0 {
		return nil, false, nil
	}
	steps := make([]func(*starlark.Thread) (starlark.Value, bool, error), len(args))
	for i, a := range args {
		if steps[i], err = stepperOf(p, a); err != nil {
			return nil, true, err
		}
	}
	return NewIterator(zipType, p, func(thread *starlark.Thread) (starlark.Value, bool, error) {
		if len(steps) == 0 {
			return nil, false, nil
		}
		t := make(starlark.Tuple, len(steps))
		for i, step := range steps {
			v, ok, err := step(thread)
			if !ok || err != nil {
				return nil, false, err
			}
			t[i] = v
		}
		return t, true, nil
	}), true, nil
}

// stepperOf is a function giving the items of iterable x one at a time: an
// iterator's own steps, or the items of anything else, taken at once (a
// list, a range), then handed out in turn.
func stepperOf(p *host.Process, x starlark.Value) (func(*starlark.Thread) (starlark.Value, bool, error), error) {
	switch x := x.(type) {
	case Stepper:
		return x.Step, nil
	case PyIterable:
		return x.PyIter(p).Step, nil
	}
	items, err := Collect(x)
	if err != nil {
		return nil, err
	}
	i := 0
	return func(*starlark.Thread) (starlark.Value, bool, error) {
		if i >= len(items) {
			return nil, false, nil
		}
		i++
		return items[i-1], true, nil
	}, nil
}
