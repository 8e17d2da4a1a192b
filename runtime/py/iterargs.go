package py

import (
	"go.starlark.net/starlark"
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
