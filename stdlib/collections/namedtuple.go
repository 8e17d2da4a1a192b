package collections

import (
	"fmt"
	"strings"
	"unicode"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/lazy"
	"sockstar/runtime/py"
)

// namedtuple makes a class deriving from tuple, as CPython's does; its
// instances are py.Instances that hold their tuple as their library part,
// so a class statement may derive from it and add methods.

// tupleMeta is what every namedtuple class (and a script's subclass of
// one) shares: calling the class makes the tuple from the fields.
var tupleMeta = lazy.Value[*py.Meta]{Make: func() *py.Meta { return &py.Meta{Call: newNamedTuple} }}

// pythonKeywords are the words a field may not be named.
var pythonKeywords = lazy.Value[map[string]bool]{Make: func() map[string]bool {
	return map[string]bool{
		"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true, "async": true,
		"await": true, "break": true, "class": true, "continue": true, "def": true, "del": true, "elif": true,
		"else": true, "except": true, "finally": true, "for": true, "from": true, "global": true, "if": true,
		"import": true, "in": true, "is": true, "lambda": true, "nonlocal": true, "not": true, "or": true,
		"pass": true, "raise": true, "return": true, "try": true, "while": true, "with": true, "yield": true,
	}
}}

// isIdentifier is str.isidentifier.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || unicode.IsLetter(r) || (i > 0 && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r))) {
			continue
		}
		return false
	}
	return true
}

func namedtuple(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 2 {
		return nil, py.Errorf(py.TypeError, "namedtuple() takes 2 positional arguments but %d were given", len(args))
	}
	var typenameV, fieldsV starlark.Value
	var rename bool
	var defaultsV, moduleV starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs("namedtuple", args, kwargs, "typename", &typenameV, "field_names", &fieldsV,
		"rename?", &rename, "defaults?", &defaultsV, "module?", &moduleV); err != nil {
		return nil, err
	}
	typename := py.Str(typenameV)
	var fields []string
	if s, ok := fieldsV.(starlark.String); ok {
		fields = strings.Fields(strings.ReplaceAll(string(s), ",", " "))
	} else if err := forEach(thread, fieldsV, func(v starlark.Value) error {
		fields = append(fields, py.Str(v))
		return nil
	}); err != nil {
		return nil, err
	}
	if rename {
		seen := map[string]bool{}
		for i, name := range fields {
			if !isIdentifier(name) || pythonKeywords.Get()[name] || strings.HasPrefix(name, "_") || seen[name] {
				fields[i] = fmt.Sprintf("_%d", i)
			}
			seen[fields[i]] = true
		}
	}
	for _, name := range append([]string{typename}, fields...) {
		if !isIdentifier(name) {
			return nil, py.Errorf(py.ValueError, "Type names and field names must be valid identifiers: %s", py.QuoteStr(name))
		}
		if pythonKeywords.Get()[name] {
			return nil, py.Errorf(py.ValueError, "Type names and field names cannot be a keyword: %s", py.QuoteStr(name))
		}
	}
	seen := map[string]bool{}
	for _, name := range fields {
		if strings.HasPrefix(name, "_") && !rename {
			return nil, py.Errorf(py.ValueError, "Field names cannot start with an underscore: %s", py.QuoteStr(name))
		}
		if seen[name] {
			return nil, py.Errorf(py.ValueError, "Encountered duplicate field name: %s", py.QuoteStr(name))
		}
		seen[name] = true
	}
	fieldDefaults := starlark.NewDict(0)
	if defaultsV != starlark.None {
		var defaults []starlark.Value
		if err := forEach(thread, defaultsV, func(v starlark.Value) error {
			defaults = append(defaults, v)
			return nil
		}); err != nil {
			return nil, err
		}
		if len(defaults) > len(fields) {
			return nil, py.Errorf(py.TypeError, "Got more default values than field names")
		}
		for i, v := range defaults {
			fieldDefaults.SetKey(starlark.String(fields[len(fields)-len(defaults)+i]), v)
		}
	}
	module := "__main__"
	if moduleV != starlark.None {
		module = py.Str(moduleV)
	}
	cls, err := py.NewUserClass(module, typename, []*py.Class{py.TupleType})
	if err != nil {
		return nil, err
	}
	for _, kv := range namespace(typename, fields, fieldDefaults) {
		cls.SetOwnAttr(kv.name, kv.v)
	}
	cls.Meta = tupleMeta.Get()
	return cls, nil
}

type nsEntry struct {
	name string
	v    starlark.Value
}

// tupleOf is the tuple a namedtuple instance holds.
func tupleOf(self starlark.Value) (starlark.Tuple, bool) {
	t, ok := py.Native(self).(starlark.Tuple)
	return t, ok
}

// otherTuple is the tuple an operand stands for: a tuple or a namedtuple.
func otherTuple(v starlark.Value) (starlark.Tuple, bool) {
	if t, ok := v.(starlark.Tuple); ok {
		return t, true
	}
	return tupleOf(v)
}

// namespace is the class body of a namedtuple: the tuple's protocols on
// the tuple each instance holds, the fields as read-only properties, and
// namedtuple's own methods.
func namespace(typename string, fields []string, fieldDefaults *starlark.Dict) []nsEntry {
	method := func(name string, fn func(thread *starlark.Thread, self starlark.Tuple, inst starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)) *starlark.Builtin {
		return starlark.NewBuiltin(typename+"."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) == 0 {
				return nil, py.Errorf(py.TypeError, "unbound method %s() needs an argument", b.Name())
			}
			t, ok := tupleOf(args[0])
			if !ok {
				return nil, py.Errorf(py.TypeError, "descriptor '%s' requires a 'tuple' object", name)
			}
			return fn(thread, t, args[0], args[1:], kwargs)
		})
	}
	// binary is a comparison or operator with a tuple on the other side.
	binary := func(name string, fn func(x, y starlark.Tuple) (starlark.Value, error)) *starlark.Builtin {
		return method(name, func(_ *starlark.Thread, self starlark.Tuple, _ starlark.Value, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			if len(args) != 1 {
				return nil, py.Errorf(py.TypeError, "expected 1 argument, got %d", len(args))
			}
			other, ok := otherTuple(args[0])
			if !ok {
				return py.NotImplemented, nil
			}
			return fn(self, other)
		})
	}
	compare := func(op syntax.Token) func(x, y starlark.Tuple) (starlark.Value, error) {
		return func(x, y starlark.Tuple) (starlark.Value, error) {
			ok, err := starlark.Compare(op, x, y)
			if err != nil {
				return nil, py.AsException(err)
			}
			return starlark.Bool(ok), nil
		}
	}
	repeat := func(name string) *starlark.Builtin {
		return method(name, func(_ *starlark.Thread, self starlark.Tuple, _ starlark.Value, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			n, ok := args[0].(starlark.Int)
			if len(args) != 1 || !ok {
				return py.NotImplemented, nil
			}
			v, err := starlark.Binary(syntax.STAR, self, n)
			return v, pyErr(err)
		})
	}
	names := make(starlark.Tuple, len(fields))
	for i, f := range fields {
		names[i] = starlark.String(f)
	}
	names.Freeze()
	ns := []nsEntry{
		{"__doc__", starlark.String(typename + "(" + strings.Join(fields, ", ") + ")")},
		{"__slots__", starlark.Tuple{}},
		{"_fields", names},
		{"_field_defaults", fieldDefaults},
		{"__match_args__", names},
		{"__repr__", method("__repr__", func(_ *starlark.Thread, self starlark.Tuple, inst starlark.Value, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			var b strings.Builder
			b.WriteString(py.TypeOf(inst).Name() + "(")
			for i, v := range self {
				if i > 0 {
					b.WriteString(", ")
				}
				if i < len(fields) {
					b.WriteString(fields[i] + "=")
				}
				b.WriteString(py.Repr(v))
			}
			b.WriteString(")")
			return starlark.String(b.String()), nil
		})},
		{"__len__", method("__len__", func(_ *starlark.Thread, self starlark.Tuple, _ starlark.Value, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt(len(self)), nil
		})},
		{"__getitem__", method("__getitem__", func(_ *starlark.Thread, self starlark.Tuple, _ starlark.Value, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return py.GetItem(self, args[0])
		})},
		{"__iter__", method("__iter__", func(thread *starlark.Thread, self starlark.Tuple, _ starlark.Value, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return py.GetIter(thread, self)
		})},
		{"__contains__", method("__contains__", func(_ *starlark.Thread, self starlark.Tuple, _ starlark.Value, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			for _, v := range self {
				if eq, err := py.Equal(v, args[0]); err != nil || eq {
					return starlark.Bool(eq), err
				}
			}
			return starlark.False, nil
		})},
		{"__hash__", method("__hash__", func(_ *starlark.Thread, self starlark.Tuple, _ starlark.Value, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			h, err := self.Hash()
			if err != nil {
				return nil, py.AsException(err)
			}
			return starlark.MakeInt64(int64(int32(h))), nil
		})},
		{"__eq__", binary("__eq__", compare(syntax.EQL))},
		{"__ne__", binary("__ne__", compare(syntax.NEQ))},
		{"__lt__", binary("__lt__", compare(syntax.LT))},
		{"__le__", binary("__le__", compare(syntax.LE))},
		{"__gt__", binary("__gt__", compare(syntax.GT))},
		{"__ge__", binary("__ge__", compare(syntax.GE))},
		{"__add__", binary("__add__", func(x, y starlark.Tuple) (starlark.Value, error) {
			return append(append(starlark.Tuple{}, x...), y...), nil
		})},
		{"__radd__", binary("__radd__", func(x, y starlark.Tuple) (starlark.Value, error) {
			return append(append(starlark.Tuple{}, y...), x...), nil
		})},
		{"__mul__", repeat("__mul__")},
		{"__rmul__", repeat("__rmul__")},
		{"__getnewargs__", method("__getnewargs__", func(_ *starlark.Thread, self starlark.Tuple, _ starlark.Value, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return append(starlark.Tuple{}, self...), nil
		})},
		{"count", py.NewLibraryMethod(method("count", func(_ *starlark.Thread, self starlark.Tuple, _ starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var x starlark.Value
			if err := starlark.UnpackPositionalArgs("count", args, kwargs, 1, &x); err != nil {
				return nil, err
			}
			n := 0
			for _, v := range self {
				eq, err := py.Equal(v, x)
				if err != nil {
					return nil, err
				}
				if eq {
					n++
				}
			}
			return starlark.MakeInt(n), nil
		}))},
		{"index", py.NewLibraryMethod(method("index", func(thread *starlark.Thread, self starlark.Tuple, _ starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			index, err := py.GetAttr(self, "index")
			if err != nil {
				return nil, err
			}
			return starlark.Call(thread, index, args, kwargs)
		}))},
		{"_asdict", py.NewLibraryMethod(method("_asdict", func(_ *starlark.Thread, self starlark.Tuple, _ starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(typename+"._asdict", args, kwargs); err != nil {
				return nil, err
			}
			d := starlark.NewDict(len(fields))
			for i, f := range fields {
				d.SetKey(starlark.String(f), self[i])
			}
			return d, nil
		}))},
		{"_replace", py.NewLibraryMethod(method("_replace", func(thread *starlark.Thread, self starlark.Tuple, inst starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) > 0 {
				return nil, py.Errorf(py.TypeError, "%s._replace() takes 1 positional argument but %d were given", typename, len(args)+1)
			}
			items := append(starlark.Tuple{}, self...)
			var unknown []starlark.Value
			for _, kv := range kwargs {
				k := string(kv[0].(starlark.String))
				found := false
				for i, f := range fields {
					if f == k {
						items[i], found = kv[1], true
					}
				}
				if !found {
					unknown = append(unknown, kv[0])
				}
			}
			if len(unknown) > 0 {
				return nil, py.Errorf(py.ValueError, "Got unexpected field names: %s", py.Repr(starlark.NewList(unknown)))
			}
			return py.NewInstance(thread, py.TypeOf(inst), items), nil
		}))},
		{"_make", py.NewClassMethod(starlark.NewBuiltin(typename+"._make", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var cls *py.Class
			var iterable starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &cls, &iterable); err != nil {
				return nil, err
			}
			var items starlark.Tuple
			if err := forEach(thread, iterable, func(v starlark.Value) error {
				items = append(items, v)
				return nil
			}); err != nil {
				return nil, err
			}
			if len(items) != len(fields) {
				return nil, py.Errorf(py.TypeError, "Expected %d arguments, got %d", len(fields), len(items))
			}
			return py.NewInstance(thread, cls, items), nil
		}))},
	}
	for i, f := range fields {
		get := method(f, func(_ *starlark.Thread, self starlark.Tuple, _ starlark.Value, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return self[i], nil
		})
		set := starlark.NewBuiltin(typename+"."+f, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return nil, py.Errorf(py.AttributeError, "can't set attribute")
		})
		ns = append(ns, nsEntry{f, py.NewProperty(get, set)})
	}
	return ns
}

// newNamedTuple is cls(...) for a namedtuple class: the fields from the
// arguments as its generated __new__ takes them, then the __init__ of a
// script's subclass, if it has one.
func newNamedTuple(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	fieldsV, _ := cls.Lookup("_fields")
	defaultsV, _ := cls.Lookup("_field_defaults")
	fields, _ := fieldsV.(starlark.Tuple)
	defaults, _ := defaultsV.(*starlark.Dict)
	// The class that namedtuple() made: __new__ is named after it.
	base := cls
	for _, k := range cls.MRO() {
		if _, own := k.OwnAttr("_make"); own {
			base = k
			break
		}
	}
	fn := base.Name() + ".__new__()"
	nDefaults := 0
	if defaults != nil {
		nDefaults = defaults.Len()
	}
	if len(args) > len(fields) {
		if nDefaults == 0 {
			return nil, py.Errorf(py.TypeError, "%s takes %d positional argument%s but %d were given", fn, len(fields)+1, plural(len(fields)+1), len(args)+1)
		}
		return nil, py.Errorf(py.TypeError, "%s takes from %d to %d positional arguments but %d were given", fn, len(fields)-nDefaults+1, len(fields)+1, len(args)+1)
	}
	items := make(starlark.Tuple, len(fields))
	copy(items, args)
	for _, kv := range kwargs {
		k := kv[0].(starlark.String)
		i := -1
		for j, f := range fields {
			if f == k {
				i = j
			}
		}
		if i < 0 {
			return nil, py.Errorf(py.TypeError, "%s got an unexpected keyword argument '%s'", fn, string(k))
		}
		if items[i] != nil {
			return nil, py.Errorf(py.TypeError, "%s got multiple values for argument '%s'", fn, string(k))
		}
		items[i] = kv[1]
	}
	var missing []string
	for i, v := range items {
		if v != nil {
			continue
		}
		if defaults != nil {
			if d, found, _ := defaults.Get(fields[i]); found {
				items[i] = d
				continue
			}
		}
		missing = append(missing, "'"+string(fields[i].(starlark.String))+"'")
	}
	if len(missing) > 0 {
		return nil, py.Errorf(py.TypeError, "%s missing %d required positional argument%s: %s", fn, len(missing), plural(len(missing)), joinNames(missing))
	}
	self := py.NewInstance(thread, cls, items)
	if init, owner := cls.Lookup("__init__"); init != nil && owner != py.Object {
		if _, err := starlark.Call(thread, init, append(starlark.Tuple{self}, args...), kwargs); err != nil {
			return nil, err
		}
	}
	return self, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// joinNames lists names as Python's argument errors do: 'a', 'b' and 'c'.
func joinNames(names []string) string {
	switch len(names) {
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + ", and " + names[len(names)-1]
}

// LibraryNamedTuple is a namedtuple class a module defines for its results
// (functools.CacheInfo): shared by every run, so no script may change it.
// Its instances are made with py.NewInstance and a tuple of the fields.
func LibraryNamedTuple(module, typename string, fields ...string) *py.Class {
	ns := starlark.StringDict{}
	defaults := starlark.NewDict(0)
	defaults.Freeze()
	for _, kv := range namespace(typename, fields, defaults) {
		ns[kv.name] = kv.v
	}
	// The base is tuple, whose MRO always exists.
	cls, _ := py.NewLibraryClass(module, typename, []*py.Class{py.TupleType}, ns)
	cls.Meta = tupleMeta.Get()
	return cls
}
