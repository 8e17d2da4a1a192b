package py

import "go.starlark.net/starlark"

// CheckCArgs words the argument errors of a method CPython parses with
// PyArg_ParseTupleAndKeywords, whose messages are not Starlark's: too many
// arguments, a required one missing, one given twice, an unknown keyword.
// names are the parameters, the first `required` of them required.
func CheckCArgs(fname string, args starlark.Tuple, kwargs []starlark.Tuple, required int, names ...string) error {
	if total := len(args) + len(kwargs); total > len(names) {
		keyword := ""
		if len(args) == 0 {
			keyword = "keyword "
		}
		return Errorf(TypeError, "%s() takes at most %d %sargument%s (%d given)", fname, len(names), keyword, plural(len(names)), total)
	}
	given := func(name string) bool {
		for _, kv := range kwargs {
			if string(kv[0].(starlark.String)) == name {
				return true
			}
		}
		return false
	}
	for i := len(args); i < required; i++ {
		if !given(names[i]) {
			return Errorf(TypeError, "%s() missing required argument '%s' (pos %d)", fname, names[i], i+1)
		}
	}
	for i := 0; i < len(args); i++ {
		if given(names[i]) {
			return Errorf(TypeError, "argument for %s() given by name ('%s') and position (%d)", fname, names[i], i+1)
		}
	}
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		known := false
		for _, n := range names {
			known = known || n == k
		}
		if !known {
			return Errorf(TypeError, "'%s' is an invalid keyword argument for %s()", k, fname)
		}
	}
	return nil
}
