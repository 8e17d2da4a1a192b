// Package types is the part of Python's types module scripts use.
//
//	types.SimpleNamespace(**kwargs)   an object whose attributes are its keyword
//	                                  arguments: ns.x reads one, ns.x = v sets
//	                                  one, ns.__dict__ is the live dict of them;
//	                                  repr "namespace(a=1, b='x')"; == compares
//	                                  the attributes; unhashable
package types

import (
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/py"
)

// Module is the types module.
var Module = &py.Module{
	Name: "types",
	Build: func() starlark.StringDict {
		return starlark.StringDict{"SimpleNamespace": NamespaceClass}
	},
}

// NamespaceClass is types.SimpleNamespace.
var NamespaceClass = py.DeclareClass("types", "SimpleNamespace", &py.Object, newNamespace)

func newNamespace(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, py.Errorf(py.TypeError, "no positional arguments expected")
	}
	ns := &Namespace{attrs: starlark.NewDict(len(kwargs))}
	for _, kv := range kwargs {
		if err := ns.attrs.SetKey(kv[0], kv[1]); err != nil {
			return nil, err
		}
	}
	return ns, nil
}

// Namespace is a SimpleNamespace: its attributes live in a dict, in the
// order they were first set, as CPython's __dict__ keeps them.
type Namespace struct {
	attrs *starlark.Dict
	// inRepr marks a repr in progress, so a namespace that holds itself
	// prints as namespace(...) instead of recursing forever.
	inRepr bool
}

var (
	_ starlark.HasSetField = (*Namespace)(nil)
	_ starlark.Comparable  = (*Namespace)(nil)
	_ py.Typed             = (*Namespace)(nil)
)

func (ns *Namespace) String() string       { return ns.PyRepr() }
func (ns *Namespace) Type() string         { return "types.SimpleNamespace" }
func (ns *Namespace) Freeze()              { ns.attrs.Freeze() }
func (ns *Namespace) Truth() starlark.Bool { return true }
func (ns *Namespace) PyClass() *py.Class   { return NamespaceClass }

func (ns *Namespace) Hash() (uint32, error) {
	return 0, py.Errorf(py.TypeError, "unhashable type: 'types.SimpleNamespace'")
}

func (ns *Namespace) PyRepr() string {
	if ns.inRepr {
		return "namespace(...)"
	}
	ns.inRepr = true
	defer func() { ns.inRepr = false }()
	var b strings.Builder
	b.WriteString("namespace(")
	for i, kv := range ns.attrs.Items() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(py.Str(kv[0]))
		b.WriteByte('=')
		b.WriteString(py.Repr(kv[1]))
	}
	b.WriteByte(')')
	return b.String()
}

func (ns *Namespace) Attr(name string) (starlark.Value, error) {
	if name == "__dict__" {
		return ns.attrs, nil
	}
	if name == "__class__" {
		return NamespaceClass, nil
	}
	v, found, err := ns.attrs.Get(starlark.String(name))
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, py.Errorf(py.AttributeError, "'types.SimpleNamespace' object has no attribute '%s'", name)
	}
	return v, nil
}

func (ns *Namespace) AttrNames() []string {
	var names []string
	for _, k := range ns.attrs.Keys() {
		if s, ok := k.(starlark.String); ok {
			names = append(names, string(s))
		}
	}
	return names
}

func (ns *Namespace) SetField(name string, v starlark.Value) error {
	return ns.attrs.SetKey(starlark.String(name), v)
}

// CompareSameType compares the attribute dicts, as CPython does, so an
// ordering fails with the dicts' error.
func (ns *Namespace) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	other := y.(*Namespace)
	switch op {
	case syntax.EQL, syntax.NEQ:
		eq, err := starlark.EqualDepth(ns.attrs, other.attrs, depth)
		if err != nil {
			return false, err
		}
		return eq == (op == syntax.EQL), nil
	}
	return false, py.Errorf(py.TypeError, "'%s' not supported between instances of 'dict' and 'dict'", op)
}
