package argparse

import (
	"fmt"
	"strings"
	"unicode"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/py"
)

// Namespace is argparse.Namespace: attributes in the order they were set,
// printed as Namespace(host='x', port=1).
type Namespace struct {
	names []string
	vals  map[string]starlark.Value
}

var (
	_ starlark.HasAttrs    = (*Namespace)(nil)
	_ starlark.HasSetField = (*Namespace)(nil)
	_ starlark.Comparable  = (*Namespace)(nil)
)

var namespaceClass = py.DeclareClass("argparse", "Namespace", &py.Object, newNamespace)

func newNamespace(_ *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, py.Errorf(py.TypeError, "Namespace.__init__() takes 1 positional argument but %d were given", len(args)+1)
	}
	ns := NewNamespace()
	for _, kv := range kwargs {
		ns.Set(string(kv[0].(starlark.String)), kv[1])
	}
	return ns, nil
}

// NewNamespace makes an empty Namespace.
func NewNamespace() *Namespace { return &Namespace{vals: map[string]starlark.Value{}} }

// Set is setattr(ns, name, v).
func (ns *Namespace) Set(name string, v starlark.Value) {
	if _, ok := ns.vals[name]; !ok {
		ns.names = append(ns.names, name)
	}
	ns.vals[name] = v
}

// Get is getattr(ns, name), with ok false when it has no such attribute.
func (ns *Namespace) Get(name string) (starlark.Value, bool) {
	v, ok := ns.vals[name]
	return v, ok
}

// Has is hasattr(ns, name).
func (ns *Namespace) Has(name string) bool {
	_, ok := ns.vals[name]
	return ok
}

// Delete is delattr(ns, name).
func (ns *Namespace) Delete(name string) {
	if _, ok := ns.vals[name]; !ok {
		return
	}
	delete(ns.vals, name)
	for i, n := range ns.names {
		if n == name {
			ns.names = append(ns.names[:i:i], ns.names[i+1:]...)
			break
		}
	}
}

func (ns *Namespace) String() string {
	var b strings.Builder
	b.WriteString("Namespace(")
	star := starlark.NewDict(0)
	first := true
	for _, name := range ns.names {
		if !isIdentifier(name) {
			star.SetKey(starlark.String(name), ns.vals[name])
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		b.WriteString(name)
		b.WriteByte('=')
		b.WriteString(py.Repr(ns.vals[name]))
	}
	if star.Len() > 0 {
		if !first {
			b.WriteString(", ")
		}
		b.WriteString("**")
		b.WriteString(py.Repr(star))
	}
	b.WriteByte(')')
	return b.String()
}

// isIdentifier is str.isidentifier, which decides how repr shows a name.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r)) {
			continue
		}
		return false
	}
	return true
}

func (ns *Namespace) PyRepr() string        { return ns.String() }
func (ns *Namespace) Type() string          { return "Namespace" }
func (ns *Namespace) PyClass() *py.Class    { return namespaceClass }
func (ns *Namespace) Freeze()               {}
func (ns *Namespace) Truth() starlark.Bool  { return true }
func (ns *Namespace) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: 'Namespace'") }

func (ns *Namespace) Attr(name string) (starlark.Value, error) {
	if name == "__dict__" {
		d := starlark.NewDict(len(ns.names))
		for _, n := range ns.names {
			d.SetKey(starlark.String(n), ns.vals[n])
		}
		return d, nil
	}
	if v, ok := ns.vals[name]; ok {
		return v, nil
	}
	return nil, nil
}

func (ns *Namespace) AttrNames() []string { return append([]string(nil), ns.names...) }

func (ns *Namespace) SetField(name string, v starlark.Value) error {
	ns.Set(name, v)
	return nil
}

// CompareSameType is ==: two namespaces with equal attributes.
func (ns *Namespace) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	other := y.(*Namespace)
	eq := len(ns.vals) == len(other.vals)
	for name, v := range ns.vals {
		if !eq {
			break
		}
		w, ok := other.vals[name]
		if !ok {
			eq = false
			break
		}
		same, err := starlark.EqualDepth(v, w, depth-1)
		if err != nil {
			return false, err
		}
		eq = same
	}
	switch op {
	case syntax.EQL:
		return eq, nil
	case syntax.NEQ:
		return !eq, nil
	}
	return false, py.Errorf(py.TypeError, "'%s' not supported between instances of 'Namespace' and 'Namespace'", op)
}
