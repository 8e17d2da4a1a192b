package enum

import (
	"strings"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

// An enum class keeps its members in its namespace, under CPython's names:
// _member_names_ (the canonical ones, in order), _member_map_ (every name,
// aliases too) and _value2member_map_ (the hashable values).

func memberMap(cls *py.Class) *starlark.Dict {
	v, _ := cls.OwnAttr("_member_map_")
	d, _ := v.(*starlark.Dict)
	return d
}

// members are the canonical members, in definition order.
func members(cls *py.Class) starlark.Tuple {
	v, _ := cls.OwnAttr("_member_names_")
	names, _ := v.(*starlark.List)
	byName := memberMap(cls)
	if names == nil || byName == nil {
		return nil
	}
	out := make(starlark.Tuple, 0, names.Len())
	for i := 0; i < names.Len(); i++ {
		if m, found, _ := byName.Get(names.Index(i)); found {
			out = append(out, m)
		}
	}
	return out
}

// valueKind is what a member's value is made into: as given, int() or str.
type valueKind int

const (
	plainValue valueKind = iota
	intValue
	strValue
)

// kindOf is int for IntEnum, IntFlag and any enum mixing in int, str for
// StrEnum and the like.
func kindOf(cls *py.Class) valueKind {
	switch {
	case cls.IsSubclass(py.IntType):
		return intValue
	case cls.IsSubclass(py.StrType):
		return strValue
	}
	return plainValue
}

// isFlag is true for Flag and IntFlag classes.
func isFlag(cls *py.Class) bool { return cls.IsSubclass(kinds().flag) }

// created is EnumType.__new__'s work, after the class body: the names it
// bound to plain values become members; functions, properties, dunder,
// _sunder_ and private names stay as they are.
func created(thread *starlark.Thread, cls *py.Class) error {
	for _, base := range cls.MRO()[1:] {
		if len(members(base)) > 0 {
			return py.Errorf(py.TypeError, "%s cannot extend %s", cls.String(), base.String())
		}
	}
	kind, flag := kindOf(cls), isFlag(cls)
	var gen starlark.Value
	if v, _ := cls.Lookup("_generate_next_value_"); v != nil {
		gen, _ = cls.Attr("_generate_next_value_")
	}
	keys := append([]string(nil), cls.OwnKeys()...)
	names := starlark.NewList(nil)
	byName := starlark.NewDict(len(keys))
	byValue := starlark.NewDict(len(keys))
	var canonical []*py.Instance
	var lastValues []starlark.Value
	for _, key := range keys {
		v, _ := cls.OwnAttr(key)
		if !isMemberName(key) || isDescriptor(v) {
			continue
		}
		if a, ok := v.(*autoValue); ok {
			var err error
			if v, err = a.resolve(thread, gen, kind, flag, key, len(lastValues), lastValues); err != nil {
				return err
			}
		}
		lastValues = append(lastValues, v)
		args := starlark.Tuple{v}
		if t, ok := v.(starlark.Tuple); ok {
			args = t
		}
		value, err := memberValue(thread, kind, v, args)
		if err != nil {
			return err
		}
		// A value seen before makes the name an alias of that member.
		if m := find(canonical, byValue, value); m != nil {
			cls.SetOwnAttr(key, m)
			byName.SetKey(starlark.String(key), m)
			continue
		}
		obj, err := cls.Allocate(thread, nil)
		if err != nil {
			return err
		}
		m := obj.(*py.Instance)
		m.SetField("_value_", value)
		m.SetField("_name_", starlark.String(key))
		init, err := m.Attr("__init__")
		if err != nil {
			return err
		}
		if _, err := starlark.Call(thread, init, args, nil); err != nil {
			return err
		}
		cls.SetOwnAttr(key, m)
		// A flag's members of several bits, or none, are not iterated.
		if !flag || isSingleBit(value) {
			names.Append(starlark.String(key))
		}
		byName.SetKey(starlark.String(key), m)
		byValue.SetKey(value, m) // an unhashable value is found by scanning instead
		canonical = append(canonical, m)
	}
	cls.SetOwnAttr("_member_names_", names)
	cls.SetOwnAttr("_member_map_", byName)
	cls.SetOwnAttr("_value2member_map_", byValue)
	// __members__ is a copy, so that a script changing it changes no lookup.
	view := starlark.NewDict(byName.Len())
	for _, kv := range byName.Items() {
		view.SetKey(kv[0], kv[1])
	}
	cls.SetOwnAttr("__members__", view)
	return nil
}

// memberValue is a member's _value_: the value as given, or for IntEnum
// int(*args) and for StrEnum the str it must be.
func memberValue(thread *starlark.Thread, kind valueKind, v starlark.Value, args starlark.Tuple) (starlark.Value, error) {
	switch kind {
	case intValue:
		return starlark.Call(thread, py.IntType, args, nil)
	case strValue:
		if len(args) != 1 {
			return starlark.Call(thread, py.StrType, args, nil)
		}
		if _, ok := args[0].(starlark.String); !ok {
			return nil, py.Errorf(py.TypeError, "%s is not a string", py.Repr(args[0]))
		}
		return args[0], nil
	}
	return v, nil
}

// find is the member whose value equals value, or nil.
func find(canonical []*py.Instance, byValue *starlark.Dict, value starlark.Value) *py.Instance {
	if m, found, err := byValue.Get(value); found && err == nil {
		return m.(*py.Instance)
	}
	for _, m := range canonical {
		if eq, err := starlark.Equal(field(m, "_value_"), value); eq && err == nil {
			return m
		}
	}
	return nil
}

// isMemberName is false for __dunder__, _sunder_ and private (__name)
// names, which a class body binds without making members.
func isMemberName(name string) bool {
	n := len(name)
	switch {
	case n > 4 && strings.HasPrefix(name, "__") && strings.HasSuffix(name, "__") && name[2] != '_' && name[n-3] != '_':
		return false
	case n > 2 && name[0] == '_' && name[n-1] == '_' && name[1] != '_' && name[n-2] != '_':
		return false
	case strings.HasPrefix(name, "__") && !strings.HasSuffix(name, "__"):
		return false
	}
	return true
}

// isDescriptor is true for what a class body defines as behaviour: a def,
// a property, a staticmethod or a classmethod.
func isDescriptor(v starlark.Value) bool {
	switch v.(type) {
	case *starlark.Function, *py.BoundMethod, *py.StaticMethod, *py.ClassMethod, *py.Property:
		return true
	}
	return false
}

// call is Color(value): the member with that value; Enum('Name', names)
// makes a class (the functional API).
func call(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var value starlark.Value
	var names, module, qualname, typ, boundary starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
	start := 1
	if err := starlark.UnpackArgs("EnumType.__call__", args, kwargs, "value", &value, "names?", &names,
		"module?", &module, "qualname?", &qualname, "type?", &typ, "start?", &start, "boundary?", &boundary); err != nil {
		return nil, err
	}
	if names == starlark.None {
		return lookup(thread, cls, value)
	}
	return functional(thread, cls, value, names, start)
}

func lookup(thread *starlark.Thread, cls *py.Class, value starlark.Value) (starlark.Value, error) {
	byName := memberMap(cls)
	if byName == nil || byName.Len() == 0 {
		return nil, py.Errorf(py.TypeError, "%s has no members defined", cls.String())
	}
	if py.IsInstance(value, cls) {
		return value, nil
	}
	v, _ := cls.OwnAttr("_value2member_map_")
	byValue, _ := v.(*starlark.Dict)
	var canonical []*py.Instance
	for _, m := range members(cls) {
		canonical = append(canonical, m.(*py.Instance))
	}
	if m := find(canonical, byValue, value); m != nil {
		return m, nil
	}
	if v, _ := cls.Lookup("_missing_"); v != nil {
		missing, err := cls.Attr("_missing_")
		if err != nil {
			return nil, err
		}
		res, err := starlark.Call(thread, missing, starlark.Tuple{value}, nil)
		if err != nil {
			return nil, err
		}
		if py.IsInstance(res, cls) {
			return res, nil
		}
		if res != starlark.None {
			return nil, py.Errorf(py.TypeError, "error in %s._missing_: returned %s instead of None or a valid member", cls.Name(), py.Repr(res))
		}
	} else if n, ok := value.(starlark.Int); ok && isFlag(cls) {
		return flagMissing(thread, cls, n)
	}
	return nil, py.Errorf(py.ValueError, "%s is not a valid %s", py.Repr(value), cls.Name())
}

// functional is Enum('Animal', 'ANT BEE'): a subclass of cls named by
// value, its members from names (a str of names, a sequence of names or of
// (name, value) pairs, or a mapping), auto values counting from start.
func functional(thread *starlark.Thread, cls *py.Class, value, names starlark.Value, start int) (starlark.Value, error) {
	name, ok := value.(starlark.String)
	if !ok {
		return nil, py.Errorf(py.TypeError, "%s cannot extend %s", py.Repr(value), cls.String())
	}
	sub, err := py.NewUserClass("__main__", string(name), []*py.Class{cls})
	if err != nil {
		return nil, err
	}
	bind := func(item starlark.Value) error {
		switch item := item.(type) {
		case starlark.String:
			sub.SetOwnAttr(string(item), &autoValue{start: start})
			return nil
		case starlark.Tuple:
			if len(item) == 2 {
				if k, ok := item[0].(starlark.String); ok {
					sub.SetOwnAttr(string(k), item[1])
					return nil
				}
			}
		case *starlark.List:
			if item.Len() == 2 {
				if k, ok := item.Index(0).(starlark.String); ok {
					sub.SetOwnAttr(string(k), item.Index(1))
					return nil
				}
			}
		}
		return py.Errorf(py.TypeError, "invalid enum member: %s", py.Repr(item))
	}
	switch n := names.(type) {
	case starlark.String:
		for _, f := range strings.Fields(strings.ReplaceAll(string(n), ",", " ")) {
			sub.SetOwnAttr(f, &autoValue{start: start})
		}
	case starlark.IterableMapping:
		for _, kv := range n.Items() {
			if err := bind(starlark.Tuple{kv[0], kv[1]}); err != nil {
				return nil, err
			}
		}
	default:
		it, err := py.Iterable(names)
		if err != nil {
			return nil, err
		}
		iter := it.(starlark.Iterable).Iterate()
		defer iter.Done()
		var x starlark.Value
		for iter.Next(&x) {
			if err := bind(x); err != nil {
				return nil, err
			}
		}
	}
	if err := created(thread, sub); err != nil {
		return nil, err
	}
	return sub, nil
}

func iterate(cls *py.Class) (starlark.Iterable, error) { return members(cls), nil }

func length(cls *py.Class) (int, error) { return len(members(cls)), nil }

// contains is x in Color: a member of the class is; a value that is no
// member of any enum is refused, as CPython 3.11 does.
func contains(cls *py.Class, x starlark.Value) (bool, error) {
	if !py.IsInstance(x, kinds().enum) {
		return false, py.Errorf(py.TypeError, "unsupported operand type(s) for 'in': '%s' and 'EnumType'", py.TypeOf(x).Name())
	}
	byName := memberMap(cls)
	if !py.IsInstance(x, cls) || byName == nil {
		return false, nil
	}
	_, found, _ := byName.Get(field(x.(*py.Instance), "_name_"))
	return found, nil
}

// getItem is Color['RED'], aliases included.
func getItem(cls *py.Class, key starlark.Value) (starlark.Value, error) {
	if byName := memberMap(cls); byName != nil {
		m, found, err := byName.Get(key)
		if err != nil {
			return nil, py.AsException(err)
		}
		if found {
			return m, nil
		}
	}
	return nil, &py.Exception{Class: py.KeyError, Args: starlark.Tuple{key}}
}

// setAttr refuses Color.RED = ...: a member stays what the body made it.
func setAttr(cls *py.Class, name string, _ starlark.Value) error {
	if byName := memberMap(cls); byName != nil {
		if _, found, _ := byName.Get(starlark.String(name)); found {
			return py.Errorf(py.AttributeError, "cannot reassign member '%s'", name)
		}
	}
	return nil
}

// unique is the @unique decorator: an enum with aliases is refused.
func unique(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var cls *py.Class
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "enumeration", &cls); err != nil {
		return nil, err
	}
	var dups []string
	if byName := memberMap(cls); byName != nil {
		for _, kv := range byName.Items() {
			canonical := py.Str(field(kv[1].(*py.Instance), "_name_"))
			if alias := py.Str(kv[0]); alias != canonical {
				dups = append(dups, alias+" -> "+canonical)
			}
		}
	}
	if len(dups) > 0 {
		return nil, py.Errorf(py.ValueError, "duplicate values found in %s: %s", cls.String(), strings.Join(dups, ", "))
	}
	return cls, nil
}

// autoClass is enum.auto: auto() stands for the next value.
var autoClass = py.DeclareClass("enum", "auto", &py.Object, newAuto)

// autoValue is what auto() returns until the class statement replaces it.
type autoValue struct {
	value starlark.Value // auto(value) gives it; nil for the next one
	start int
}

var _ py.Typed = (*autoValue)(nil)

func newAuto(_ *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var value starlark.Value
	if err := starlark.UnpackArgs("auto", args, kwargs, "value?", &value); err != nil {
		return nil, err
	}
	return &autoValue{value: value, start: 1}, nil
}

func (a *autoValue) String() string {
	if a.value != nil {
		return "auto(" + py.Repr(a.value) + ")"
	}
	return "auto(_auto_null)"
}
func (a *autoValue) Type() string         { return "auto" }
func (a *autoValue) Freeze()              {}
func (a *autoValue) Truth() starlark.Bool { return true }
func (a *autoValue) PyClass() *py.Class   { return autoClass }
func (a *autoValue) Hash() (uint32, error) {
	return 0, py.Errorf(py.TypeError, "unhashable type: 'auto'")
}

// resolve is the value auto() stands for: the class's own
// _generate_next_value_(name, start, count, last_values), else the name in
// lower case for a StrEnum, the next power of two for a Flag, else one
// more than the last int value (start when there is none).
func (a *autoValue) resolve(thread *starlark.Thread, gen starlark.Value, kind valueKind, flag bool, name string, count int, last []starlark.Value) (starlark.Value, error) {
	if a.value != nil {
		return a.value, nil
	}
	if gen != nil {
		args := starlark.Tuple{starlark.String(name), starlark.MakeInt(a.start), starlark.MakeInt(count),
			starlark.NewList(append([]starlark.Value(nil), last...))}
		return starlark.Call(thread, gen, args, nil)
	}
	if kind == strValue {
		return starlark.String(strings.ToLower(name)), nil
	}
	if flag && count > 0 {
		return nextBit(last)
	}
	for i := len(last) - 1; i >= 0; i-- {
		switch v := last[i].(type) {
		case starlark.Int:
			return v.Add(starlark.MakeInt(1)), nil
		case starlark.Float:
			return v + 1, nil
		}
	}
	return starlark.MakeInt(a.start), nil
}
