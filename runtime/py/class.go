// Package py gives Starlark values Python 3's behaviour where tutorials rely
// on it: classes and isinstance, exceptions with errno, repr and str as
// CPython prints them, and the str, bytes, list and dict methods Starlark lacks.
package py

import (
	"fmt"

	"go.starlark.net/starlark"
)

// Class is a Python class as a script sees it: callable, printable as
// <class 'name'>, and the second argument of isinstance.
type Class struct {
	name   string // e.g. "ConnectionRefusedError", "socket"
	module string // "builtins" for built-in classes, else e.g. "socket"
	base   *Class
	// baseVar, for a class made by DeclareClass, is the variable that
	// holds its base: read when needed, so that the class is static data.
	baseVar **Class
	// New builds an instance; nil for classes that cannot be called and
	// for built-in classes, whose constructors builtinNew knows.
	New func(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)
	// Is reports whether v is an instance of this exact class; nil for
	// exception classes, whose instances carry their class.
	Is func(v starlark.Value) bool
	// Attrs are class attributes such as bytes.fromhex and dict.fromkeys.
	Attrs starlark.StringDict
	// user is the namespace and bases of a class a script defined.
	user *userClass
	// Meta, if set, is what a metaclass gives this class and, through
	// NewUserClass, every class deriving from it.
	Meta *Meta
	// Methods, if set, gives a library class's methods as the class
	// shows them (socket.socket.recv, for help and dir): functions whose
	// first argument is the instance. Its instances answer for themselves.
	Methods func() starlark.StringDict
}

// Meta is a metaclass written in Go (enum's EnumType): the hooks a library
// base class sets on itself, which its subclasses share. A class statement
// deriving from it runs Created, and the class object itself answers
// cls(...), iteration, len, in, cls[key], repr and attribute assignment
// through the others. Any hook may be nil; classes without a Meta are
// untouched, apart from the nil test.
type Meta struct {
	// Created runs when a class statement has made a subclass, its
	// namespace in place (enum turns the plain values into members).
	Created func(thread *starlark.Thread, cls *Class) error
	// Call is cls(...), in place of making an instance.
	Call func(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)
	// Iterate is for x in cls: an iterable of what the loop sees.
	Iterate  func(cls *Class) (starlark.Iterable, error)
	Len      func(cls *Class) (int, error)
	Contains func(cls *Class, x starlark.Value) (bool, error)
	GetItem  func(cls *Class, key starlark.Value) (starlark.Value, error)
	// Repr is repr(cls), and its str.
	Repr func(cls *Class) string
	// SetAttr may refuse cls.name = v before it is set.
	SetAttr func(cls *Class, name string, v starlark.Value) error
	// Class is the metaclass as type(cls) shows it (enum.EnumType).
	Class *Class
}

var (
	_ starlark.Callable    = (*Class)(nil)
	_ starlark.HasAttrs    = (*Class)(nil)
	_ starlark.HasSetField = (*Class)(nil)
	_ starlark.Container   = (*Class)(nil)
)

// NewClass declares a class; base may be nil.
func NewClass(module, name string, base *Class) *Class {
	return &Class{name: name, module: module, base: base}
}

// NewClassWith declares a class with its constructor. A package-level
// class declared so is static data, where setting New in init writes a
// page of data at every start.
func NewClassWith(module, name string, base *Class, newFn func(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)) *Class {
	return &Class{name: name, module: module, base: base, New: newFn}
}

// Name is the class's own name, without its module.
func (c *Class) Name() string { return c.name }

// DeclareClass declares a package-level class: base is the variable that
// holds its base (&py.Object), newFn its constructor or nil. Declared so,
// the class is static data in the binary: NewClass with another package's
// base would need an init function to copy the base's value in, which
// runs, and brings in its page of code and of data, at every start.
func DeclareClass(module, name string, base **Class, newFn func(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)) *Class {
	return &Class{name: name, module: module, baseVar: base, New: newFn}
}

// Base is the class it derives from, or nil.
func (c *Class) Base() *Class {
	if c.baseVar != nil {
		return *c.baseVar
	}
	return c.base
}

// QualName is the name Python prints: "socket.gaierror", "ValueError".
func (c *Class) QualName() string {
	if c.module == "" || c.module == "builtins" {
		return c.name
	}
	return c.module + "." + c.name
}

func (c *Class) String() string {
	if c.Meta != nil && c.Meta.Repr != nil {
		return c.Meta.Repr(c)
	}
	return fmt.Sprintf("<class '%s'>", c.QualName())
}
func (c *Class) Type() string          { return "type" }
func (c *Class) Freeze()               {}
func (c *Class) Truth() starlark.Bool  { return true }
func (c *Class) Hash() (uint32, error) { return hashString(c.QualName()), nil }

func hashString(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

func (c *Class) Attr(name string) (starlark.Value, error) {
	switch name {
	case "__name__", "__qualname__":
		return starlark.String(c.name), nil
	case "__module__":
		return starlark.String(c.module), nil
	case "__mro__":
		mro := c.MRO()
		t := make(starlark.Tuple, len(mro))
		for i, k := range mro {
			t[i] = k
		}
		return t, nil
	case "__bases__":
		if c.user != nil {
			t := make(starlark.Tuple, len(c.user.bases))
			for i, k := range c.user.bases {
				t[i] = k
			}
			return t, nil
		}
		if b := c.Base(); b != nil {
			return starlark.Tuple{b}, nil
		}
		return starlark.Tuple{}, nil
	}
	if c.user != nil {
		v, _ := c.lookup(name)
		switch v := v.(type) {
		case nil:
			return nil, Errorf(AttributeError, "type object '%s' has no attribute '%s'", c.name, name)
		case *StaticMethod:
			return v.fn, nil
		case *ClassMethod:
			return &BoundMethod{fn: v.fn, self: c}, nil
		}
		return v, nil
	}
	if v, ok := c.attrs()[name]; ok {
		return v, nil
	}
	// Exception.__init__, threading.Thread.__init__, as a subclass calls them.
	if v, _ := c.lookup(name); v != nil {
		return v, nil
	}
	if c.Methods != nil {
		if v, ok := c.Methods()[name]; ok {
			return v, nil
		}
	}
	return nil, nil
}

func (c *Class) AttrNames() []string {
	names := []string{"__bases__", "__module__", "__mro__", "__name__", "__qualname__"}
	if c.user != nil {
		for _, k := range c.MRO() {
			if k.user != nil {
				names = append(names, k.user.keys...)
			}
		}
		return names
	}
	names = append(names, c.attrs().Keys()...)
	if c.Methods != nil {
		names = append(names, c.Methods().Keys()...)
	}
	return names
}

// attrs is Attrs, or for a built-in type its table built on first use.
func (c *Class) attrs() starlark.StringDict {
	if c.Attrs == nil && c.module == "builtins" {
		return builtinClassAttrsOf(c)
	}
	return c.Attrs
}

func (c *Class) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if c.Meta != nil && c.Meta.Call != nil {
		return c.Meta.Call(thread, c, args, kwargs)
	}
	if c.user != nil {
		return c.newInstance(thread, args, kwargs)
	}
	newFn := c.New
	if newFn == nil {
		newFn = builtinNew(c)
	}
	if newFn == nil {
		return nil, Errorf(TypeError, "cannot create '%s' instances", c.QualName())
	}
	return newFn(thread, c, args, kwargs)
}

// Has is x in cls: what the class's Meta says, else Python's refusal.
func (c *Class) Has(x starlark.Value) (bool, error) {
	if c.Meta != nil && c.Meta.Contains != nil {
		return c.Meta.Contains(c, x)
	}
	return false, Errorf(TypeError, "argument of type 'type' is not iterable")
}

// IsSubclass reports whether c is base or derives from it.
func (c *Class) IsSubclass(base *Class) bool {
	if c == base {
		return true
	}
	if c.user != nil {
		for _, k := range c.user.mro {
			if k == base {
				return true
			}
		}
		return false
	}
	for k := c; k != nil; k = k.Base() {
		if k == base {
			return true
		}
	}
	return false
}

// TypeOf returns the Python class of a value.
func TypeOf(v starlark.Value) *Class {
	if e, ok := v.(*Exception); ok {
		return e.Class
	}
	if t, ok := v.(Typed); ok {
		return t.PyClass()
	}
	if c, ok := v.(*Class); ok && c.Meta != nil && c.Meta.Class != nil {
		return c.Meta.Class
	}
	if c := builtinType(v.Type()); c != nil {
		return c
	}
	return NewClass("builtins", v.Type(), Object)
}

// Typed is implemented by values that belong to a Python class of their own
// (a socket, a file object) so that type() and isinstance() find it.
type Typed interface {
	starlark.Value
	PyClass() *Class
}

// IsInstance reports whether v is an instance of cls or of a subclass.
func IsInstance(v starlark.Value, cls *Class) bool {
	if cls == Object {
		return true
	}
	if cls.Is != nil && cls.Is(v) {
		return true
	}
	return TypeOf(v).IsSubclass(cls)
}

// IntValue is a Starlark int, for building exception arguments in Go.
func IntValue(n int) starlark.Value { return starlark.MakeInt(n) }
