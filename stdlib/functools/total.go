package functools

import (
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/lazy"
	"sockstar/runtime/py"
)

// total_ordering fills in the comparisons a class lacks from the one it
// defines (the first of __lt__, __le__, __gt__, __ge__ it has), each made
// as functools.py makes it: from the root's result and == or !=.

// derived is how one missing comparison follows from the root's result r:
// not r, or r combined with self == other (or !=).
type derived struct {
	negate bool         // start from not r
	join   syntax.Token // AND with self != other, OR with self == other, or ILLEGAL for none
}

// orderingRules are made on first use: a map variable is built by an init
// function at every start.
var orderingRules = lazy.Value[map[string]map[string]derived]{Make: func() map[string]map[string]derived {
	return map[string]map[string]derived{
		"__lt__": {"__gt__": {true, syntax.AND}, "__le__": {false, syntax.OR}, "__ge__": {true, syntax.ILLEGAL}},
		"__le__": {"__ge__": {true, syntax.OR}, "__lt__": {false, syntax.AND}, "__gt__": {true, syntax.ILLEGAL}},
		"__gt__": {"__lt__": {true, syntax.AND}, "__ge__": {false, syntax.OR}, "__le__": {true, syntax.ILLEGAL}},
		"__ge__": {"__le__": {true, syntax.OR}, "__gt__": {false, syntax.AND}, "__lt__": {true, syntax.ILLEGAL}},
	}
}}

func totalOrdering(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var cls *py.Class
	if err := starlark.UnpackPositionalArgs("total_ordering", args, kwargs, 1, &cls); err != nil {
		return nil, err
	}
	// The root: the greatest name of those the class (not object) defines.
	root := ""
	for _, name := range []string{"__lt__", "__le__", "__gt__", "__ge__"} {
		if v, owner := cls.Lookup(name); v != nil && owner != nil && owner.IsUser() && name > root {
			root = name
		}
	}
	if root == "" {
		return nil, py.Errorf(py.ValueError, "must define at least one ordering operation: < > <= >=")
	}
	for name, rule := range orderingRules.Get()[root] {
		if v, owner := cls.Lookup(name); v != nil && owner != nil && owner.IsUser() {
			continue
		}
		cls.SetOwnAttr(name, derivedMethod(cls.Name(), root, name, rule))
	}
	return cls, nil
}

// derivedMethod is the missing comparison name, from root by rule.
func derivedMethod(className, root, name string, rule derived) *starlark.Builtin {
	return starlark.NewBuiltin(className+"."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var self, other starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 2, &self, &other); err != nil {
			return nil, err
		}
		m, err := py.GetAttr(py.TypeOf(self), root)
		if err != nil {
			return nil, err
		}
		r, err := starlark.Call(thread, m, starlark.Tuple{self, other}, nil)
		if err != nil || r == py.NotImplemented {
			return r, err
		}
		// As Python's and/or give it: the operand that decided.
		var first starlark.Value = r
		if rule.negate {
			first = !r.Truth()
		}
		decided := first.Truth() == (rule.join == syntax.OR)
		if rule.join == syntax.ILLEGAL || decided {
			return first, nil
		}
		op := syntax.NEQ
		if rule.join == syntax.OR {
			op = syntax.EQL
		}
		ok, err := py.Compare(op, self, other)
		return starlark.Bool(ok), err
	})
}
