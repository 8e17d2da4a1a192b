// Package enum is Python's enum module as tutorials use it.
//
//	class Color(Enum): RED = 1; GREEN = auto()   members: Color.RED, Color(1),
//	        Color['RED'], for c in Color, len(Color), Color.RED in Color,
//	        .name, .value, repr <Color.RED: 1>, str Color.RED, format,
//	        aliases (a repeated value), methods, properties and __init__
//	        (value tuples unpacked) in the body, _missing_,
//	        _generate_next_value_, __members__, _member_names_,
//	        _member_map_, _value2member_map_; members cannot be reassigned,
//	        an enum with members cannot be extended
//	IntEnum     members are ints: isinstance(m, int), int(m), str and
//	            format give the number, ordered and equal by value
//	StrEnum     members are strs: auto() gives the name in lower case
//	Flag        members are bits: |, &, ^, ~ and in; combinations are
//	            pseudo-members named R|W; auto() gives powers of two;
//	            values with unknown bits are refused
//	IntFlag     a Flag whose members are ints, unknown bits kept
//	ReprEnum    Enum whose str and format are the value's
//	auto()      the next value: the last int value + 1, else 1
//	unique      class decorator: ValueError naming the aliases
//	Enum('Name', 'A B C' | ['A', 'B'] | [('A', 1)] | {'A': 1}, start=1)
//	            the functional API
//	EnumType (also EnumMeta)   the class of every enum class
//
// The classes are made with a py.Meta, the metaclass hooks of a class
// object: Created turns the plain values a class body binds into members,
// the others make the class callable, iterable, sized and subscriptable.
package enum

import (
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/py"
)

// Module is the enum module.
var Module = &py.Module{
	Name: "enum",
	Build: func() starlark.StringDict {
		k := kinds()
		return starlark.StringDict{
			"Enum":     k.enum,
			"EnumType": k.enum.Meta.Class,
			"EnumMeta": k.enum.Meta.Class,
			"ReprEnum": k.repr,
			"IntEnum":  k.intEnum,
			"StrEnum":  k.strEnum,
			"Flag":     k.flag,
			"IntFlag":  k.intFlag,
			"auto":     autoClass,
			"unique":   starlark.NewBuiltin("unique", unique),
		}
	},
}

// classes are the module's base classes, made once per process; no run
// can change them (py.NewLibraryClass), so runs share them.
type classes struct {
	enum, repr, intEnum, strEnum, flag, intFlag *py.Class
}

var kindsOnce struct {
	once sync.Once
	k    classes
}

func kinds() *classes {
	kindsOnce.once.Do(func() {
		meta := &py.Meta{
			Created:  created,
			Call:     call,
			Iterate:  iterate,
			Len:      length,
			Contains: contains,
			GetItem:  getItem,
			Repr:     classRepr,
			SetAttr:  setAttr,
			Class:    py.NewClass("enum", "EnumType", py.TypeType),
		}
		k := &kindsOnce.k
		k.enum = must(py.NewLibraryClass("enum", "Enum", nil, enumNamespace()))
		k.enum.Meta = meta
		k.repr = must(py.NewLibraryClass("enum", "ReprEnum", []*py.Class{k.enum}, nil))
		k.intEnum = must(py.NewLibraryClass("enum", "IntEnum", []*py.Class{py.IntType, k.repr}, intNamespace()))
		k.strEnum = must(py.NewLibraryClass("enum", "StrEnum", []*py.Class{py.StrType, k.repr}, valueStrNamespace("StrEnum")))
		k.flag = must(py.NewLibraryClass("enum", "Flag", []*py.Class{k.enum}, flagNamespace("Flag", false)))
		intFlag := intNamespace()
		for name, v := range flagNamespace("IntFlag", true) {
			if name != "__repr__" && name != "__str__" {
				intFlag[name] = v
			}
		}
		k.intFlag = must(py.NewLibraryClass("enum", "IntFlag", []*py.Class{py.IntType, k.repr, k.flag}, intFlag))
	})
	return &kindsOnce.k
}

// classRepr is repr(cls): <enum 'Color'>, <flag 'Perm'>.
func classRepr(cls *py.Class) string {
	if isFlag(cls) {
		return "<flag '" + cls.Name() + "'>"
	}
	return "<enum '" + cls.Name() + "'>"
}

// must is for the module's own classes, whose bases always have an MRO.
func must(cls *py.Class, err error) *py.Class {
	if err != nil {
		panic(err)
	}
	return cls
}

// method makes a namespace function; its "Class.__name__" form makes the
// class bind it to the member, as a def in a class body is.
func method(name string, fn func(thread *starlark.Thread, self *py.Instance, args starlark.Tuple) (starlark.Value, error)) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) == 0 {
			return nil, py.Errorf(py.TypeError, "%s() needs an argument", b.Name())
		}
		self, ok := args[0].(*py.Instance)
		if !ok {
			return nil, py.Errorf(py.TypeError, "descriptor '%s' requires an enum member", b.Name())
		}
		return fn(thread, self, args[1:])
	})
}

// field is a member's _name_ or _value_.
func field(self *py.Instance, name string) starlark.Value {
	v, err := self.Attr(name)
	if err != nil || v == nil {
		return starlark.None
	}
	return v
}

func enumNamespace() starlark.StringDict {
	readOnly := func(name string) *py.Property {
		get := method("Enum."+name, func(_ *starlark.Thread, self *py.Instance, _ starlark.Tuple) (starlark.Value, error) {
			return field(self, "_"+name+"_"), nil
		})
		set := starlark.NewBuiltin("Enum."+name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return nil, py.Errorf(py.AttributeError, "<enum 'Enum'> cannot set attribute '%s'", name)
		})
		return py.NewProperty(get, set)
	}
	return starlark.StringDict{
		"name":  readOnly("name"),
		"value": readOnly("value"),
		"__init__": starlark.NewBuiltin("Enum.__init__", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		}),
		"__repr__": method("Enum.__repr__", func(_ *starlark.Thread, self *py.Instance, _ starlark.Tuple) (starlark.Value, error) {
			return starlark.String("<" + self.Name() + "." + py.Str(field(self, "_name_")) + ": " + py.Repr(field(self, "_value_")) + ">"), nil
		}),
		"__str__": method("Enum.__str__", func(_ *starlark.Thread, self *py.Instance, _ starlark.Tuple) (starlark.Value, error) {
			return starlark.String(self.Name() + "." + py.Str(field(self, "_name_"))), nil
		}),
		"__format__": method("Enum.__format__", func(_ *starlark.Thread, self *py.Instance, args starlark.Tuple) (starlark.Value, error) {
			s, err := py.FormatValue(starlark.String(self.PyStr()), specArg(args))
			return starlark.String(s), err
		}),
		// A member of an enum mixing in int (class Num(int, Enum)) is an int.
		"__int__":   mixedInt("Enum.__int__"),
		"__index__": mixedInt("Enum.__index__"),
	}
}

// mixedInt is int(member): the value where the class derives from int,
// else int()'s refusal, as for any object.
func mixedInt(name string) *starlark.Builtin {
	return method(name, func(_ *starlark.Thread, self *py.Instance, _ starlark.Tuple) (starlark.Value, error) {
		if n, ok := field(self, "_value_").(starlark.Int); ok && self.PyClass().IsSubclass(py.IntType) {
			return n, nil
		}
		return nil, py.Errorf(py.TypeError, "int() argument must be a string, a bytes-like object or a real number, not '%s'", self.Name())
	})
}

// specArg is __format__'s one argument.
func specArg(args starlark.Tuple) string {
	if len(args) == 1 {
		if s, ok := args[0].(starlark.String); ok {
			return string(s)
		}
	}
	return ""
}

// valueStrNamespace is ReprEnum's rule for a mixed-in type: str() and
// format() are the value's own.
func valueStrNamespace(class string) starlark.StringDict {
	return starlark.StringDict{
		"__str__": method(class+".__str__", func(_ *starlark.Thread, self *py.Instance, _ starlark.Tuple) (starlark.Value, error) {
			return starlark.String(py.Str(field(self, "_value_"))), nil
		}),
		"__format__": method(class+".__format__", func(_ *starlark.Thread, self *py.Instance, args starlark.Tuple) (starlark.Value, error) {
			s, err := py.FormatValue(field(self, "_value_"), specArg(args))
			return starlark.String(s), err
		}),
	}
}

// intNamespace makes IntEnum's members behave as their int values: equal
// and ordered by value, hashed as the value, false when 0.
func intNamespace() starlark.StringDict {
	ns := valueStrNamespace("IntEnum")
	value := func(self *py.Instance, _ starlark.Tuple) starlark.Value { return field(self, "_value_") }
	ns["__int__"] = method("IntEnum.__int__", func(_ *starlark.Thread, self *py.Instance, args starlark.Tuple) (starlark.Value, error) {
		return value(self, args), nil
	})
	ns["__index__"] = ns["__int__"]
	ns["__bool__"] = method("IntEnum.__bool__", func(_ *starlark.Thread, self *py.Instance, args starlark.Tuple) (starlark.Value, error) {
		return value(self, args).Truth(), nil
	})
	ns["__hash__"] = method("IntEnum.__hash__", func(_ *starlark.Thread, self *py.Instance, args starlark.Tuple) (starlark.Value, error) {
		h, err := value(self, args).Hash()
		return starlark.MakeInt(int(int32(h))), err
	})
	for _, c := range []struct {
		name, sym string
		test      func(cmp int) bool
	}{
		{"__eq__", "==", func(c int) bool { return c == 0 }},
		{"__ne__", "!=", func(c int) bool { return c != 0 }},
		{"__lt__", "<", func(c int) bool { return c < 0 }},
		{"__le__", "<=", func(c int) bool { return c <= 0 }},
		{"__gt__", ">", func(c int) bool { return c > 0 }},
		{"__ge__", ">=", func(c int) bool { return c >= 0 }},
	} {
		ns[c.name] = method("IntEnum."+c.name, func(_ *starlark.Thread, self *py.Instance, args starlark.Tuple) (starlark.Value, error) {
			x, _ := value(self, args).(starlark.Int)
			y, ok := intOf(args[0])
			if !ok {
				switch c.name {
				case "__eq__":
					return starlark.False, nil
				case "__ne__":
					return starlark.True, nil
				}
				return nil, py.Errorf(py.TypeError, "'%s' not supported between instances of '%s' and '%s'", c.sym, self.Name(), py.TypeOf(args[0]).Name())
			}
			cmp, err := x.Cmp(y, 1)
			return starlark.Bool(c.test(cmp)), err
		})
	}
	// Arithmetic is the value's: Priority.LOW + 1 is 2.
	for _, op := range []struct {
		name string
		tok  syntax.Token
	}{
		{"add", syntax.PLUS}, {"sub", syntax.MINUS}, {"mul", syntax.STAR}, {"truediv", syntax.SLASH},
		{"floordiv", syntax.SLASHSLASH}, {"mod", syntax.PERCENT}, {"or", syntax.PIPE}, {"and", syntax.AMP},
		{"xor", syntax.CIRCUMFLEX}, {"lshift", syntax.LTLT}, {"rshift", syntax.GTGT},
	} {
		for _, reflected := range []bool{false, true} {
			name := "__" + op.name + "__"
			if reflected {
				name = "__r" + op.name + "__"
			}
			ns[name] = method("IntEnum."+name, func(_ *starlark.Thread, self *py.Instance, args starlark.Tuple) (starlark.Value, error) {
				x := value(self, args)
				y := args[0]
				if n, ok := intOf(y); ok {
					y = n
				}
				if reflected {
					x, y = y, x
				}
				if op.tok == syntax.PERCENT {
					// starlark.Binary's % of a str is no formatting; Python's int % is.
					if _, isStr := x.(starlark.String); isStr {
						return starlark.None, nil
					}
				}
				v, err := starlark.Binary(op.tok, x, y)
				if err != nil {
					if e := py.AsException(err); e.Class == py.ZeroDivisionError {
						return nil, e
					}
					return py.NotImplemented, nil // the operator's own error follows
				}
				return v, nil
			})
		}
	}
	for name, tok := range map[string]syntax.Token{"__neg__": syntax.MINUS, "__pos__": syntax.PLUS, "__invert__": syntax.TILDE} {
		ns[name] = method("IntEnum."+name, func(_ *starlark.Thread, self *py.Instance, args starlark.Tuple) (starlark.Value, error) {
			return starlark.Unary(tok, value(self, args))
		})
	}
	return ns
}

// intOf is the int an int, a bool or an IntEnum member stands for.
func intOf(v starlark.Value) (starlark.Int, bool) {
	switch v := v.(type) {
	case starlark.Int:
		return v, true
	case starlark.Bool:
		if v {
			return starlark.MakeInt(1), true
		}
		return starlark.MakeInt(0), true
	case *py.Instance:
		if py.IsInstance(v, py.IntType) {
			n, ok := field(v, "_value_").(starlark.Int)
			return n, ok
		}
	}
	return starlark.Int{}, false
}
