package py

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/host"
)

// Classes a script defines with the class statement. The lowering runs
// the class body as a function that returns its namespace; classOp makes
// the class from it. Instances are *Instance, or *Exception for classes
// that derive from BaseException, so that raise and except see them as
// they see the built-in exceptions.

// userClass is what a class statement adds to a Class.
type userClass struct {
	bases []*Class
	mro   []*Class
	dict  map[string]starlark.Value
	keys  []string // dict's keys in the order the body bound them
	// library marks a class a module defines: shared by every run, so no
	// script may change it.
	library bool
}

// classOp is __sx_class(module, name, body, *bases): it runs the class
// body and makes the class.
func classOp(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	module, name := string(args[0].(starlark.String)), string(args[1].(starlark.String))
	args = args[1:]
	bases := make([]*Class, 0, len(args)-2)
	for _, b := range args[2:] {
		c, ok := b.(*Class)
		if !ok {
			return nil, Errorf(TypeError, "bases must be types")
		}
		bases = append(bases, c)
	}
	nsv, err := starlark.Call(thread, args[1], nil, nil)
	if err != nil {
		return nil, err
	}
	cls, err := NewUserClass(module, name, bases)
	if err != nil {
		return nil, err
	}
	var cell *Cell
	for _, item := range nsv.(*starlark.Dict).Items() {
		k := string(item[0].(starlark.String))
		if k == "__classcell__" {
			cell = item[1].(*Cell)
			continue
		}
		cls.setAttr(k, item[1])
	}
	if cell != nil {
		cell.v = cls
	}
	if cls.Meta != nil && cls.Meta.Created != nil {
		if err := cls.Meta.Created(thread, cls); err != nil {
			return nil, err
		}
	}
	return cls, nil
}

// NewUserClass makes a class of module deriving from bases (object when
// none), with an empty namespace.
func NewUserClass(module, name string, bases []*Class) (*Class, error) {
	if len(bases) == 0 {
		bases = []*Class{Object}
	}
	cls := &Class{name: name, module: module, base: bases[0], user: &userClass{bases: bases, dict: map[string]starlark.Value{}}}
	mro, err := c3(cls, bases)
	if err != nil {
		return nil, err
	}
	cls.user.mro = mro
	// A metaclass is inherited: the first one along the MRO.
	for _, k := range mro[1:] {
		if k.Meta != nil {
			cls.Meta = k.Meta
			break
		}
	}
	return cls, nil
}

// NewLibraryClass is a class a module defines as a class statement would:
// several bases, a namespace that subclasses inherit and override (Go
// builtins named "Class.__method__" bind as methods). It is named in its
// module and, like a built-in class, cannot be changed.
func NewLibraryClass(module, name string, bases []*Class, ns starlark.StringDict) (*Class, error) {
	cls, err := NewUserClass(module, name, bases)
	if err != nil {
		return nil, err
	}
	for _, k := range ns.Keys() {
		cls.setAttr(k, ns[k])
	}
	cls.user.library = true
	return cls, nil
}

// c3 is Python's method resolution order: the C3 linearisation.
func c3(cls *Class, bases []*Class) ([]*Class, error) {
	var seqs [][]*Class
	for _, b := range bases {
		seqs = append(seqs, b.MRO())
	}
	seqs = append(seqs, append([]*Class(nil), bases...))
	out := []*Class{cls}
	for {
		empty := true
		for _, s := range seqs {
			if len(s) > 0 {
				empty = false
			}
		}
		if empty {
			return out, nil
		}
		var next *Class
		for _, s := range seqs {
			if len(s) == 0 {
				continue
			}
			head := s[0]
			inTail := false
			for _, t := range seqs {
				for k := 1; k < len(t); k++ {
					if t[k] == head {
						inTail = true
					}
				}
			}
			if !inTail {
				next = head
				break
			}
		}
		if next == nil {
			names := make([]string, len(bases))
			for i, b := range bases {
				names[i] = b.name
			}
			return nil, Errorf(TypeError, "Cannot create a consistent method resolution order (MRO) for bases %s", strings.Join(names, ", "))
		}
		out = append(out, next)
		for i, s := range seqs {
			if len(s) > 0 && s[0] == next {
				seqs[i] = s[1:]
			}
		}
	}
}

// MRO is the class's method resolution order, itself first.
func (c *Class) MRO() []*Class {
	if c.user != nil {
		return c.user.mro
	}
	var out []*Class
	for k := c; k != nil; k = k.Base() {
		out = append(out, k)
	}
	return out
}

// IsUser reports whether a script defined the class.
func (c *Class) IsUser() bool { return c.user != nil }

func (c *Class) setAttr(name string, v starlark.Value) {
	if _, ok := c.user.dict[name]; !ok {
		c.user.keys = append(c.user.keys, name)
	}
	c.user.dict[name] = v
}

// SetField sets a class attribute of a user class (C.count = 0).
func (c *Class) SetField(name string, v starlark.Value) error {
	if c.user == nil || c.user.library {
		return Errorf(TypeError, "cannot set '%s' attribute of immutable type '%s'", name, c.QualName())
	}
	if c.Meta != nil && c.Meta.SetAttr != nil {
		if err := c.Meta.SetAttr(c, name, v); err != nil {
			return err
		}
	}
	c.setAttr(name, v)
	return nil
}

// OwnKeys are the names a user class's own namespace binds, in the order
// its body bound them; nil for a built-in class.
func (c *Class) OwnKeys() []string {
	if c.user == nil {
		return nil
	}
	return c.user.keys
}

// OwnAttr is a name of a user class's own namespace, not its bases'.
func (c *Class) OwnAttr(name string) (starlark.Value, bool) {
	if c.user == nil {
		return nil, false
	}
	v, ok := c.user.dict[name]
	return v, ok
}

// SetOwnAttr binds a name in a user class's namespace, past SetField's
// checks: for a Meta's Created, which builds the class.
func (c *Class) SetOwnAttr(name string, v starlark.Value) {
	c.setAttr(name, v)
}

// Lookup finds name along the class's MRO, with the class that has it.
func (c *Class) Lookup(name string) (starlark.Value, *Class) { return c.lookup(name) }

// lookup finds name along the MRO: a user class's namespace, or what a
// built-in class gives its subclasses (__init__, __str__, its attributes).
func (c *Class) lookup(name string) (starlark.Value, *Class) {
	for _, k := range c.MRO() {
		if k.user != nil {
			if v, ok := k.user.dict[name]; ok {
				return v, k
			}
			continue
		}
		if v := builtinSlot(k, name); v != nil {
			return v, k
		}
		if v, ok := k.attrs()[name]; ok {
			return v, k
		}
	}
	return nil, nil
}

// builtinSlot is a built-in class's own __init__, __str__ or __repr__, as
// a subclass reaches it through super() or the class.
func builtinSlot(k *Class, name string) starlark.Value {
	switch {
	case k == Object:
		switch name {
		case "__init__":
			return starlark.NewBuiltin("object.__init__", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				if len(args) > 1 || len(kwargs) > 0 {
					return nil, Errorf(TypeError, "object.__init__() takes exactly one argument (the instance to initialize)")
				}
				return starlark.None, nil
			})
		case "__str__", "__repr__":
			return starlark.NewBuiltin("object."+name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
				if len(args) != 1 {
					return nil, Errorf(TypeError, "expected 1 argument, got %d", len(args))
				}
				if inst, ok := args[0].(*Instance); ok {
					return starlark.String(inst.defaultRepr()), nil
				}
				return starlark.String(Repr(args[0])), nil
			})
		}
	case k.user == nil && k.New != nil && name == "__init__" && !k.IsSubclass(BaseException):
		return nativeInit(k)
	case k == BaseException:
		switch name {
		case "__init__":
			return starlark.NewBuiltin("BaseException.__init__", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				if len(args) == 0 {
					return nil, Errorf(TypeError, "descriptor '__init__' of 'BaseException' object needs an argument")
				}
				exc, ok := args[0].(*Exception)
				if !ok {
					return nil, Errorf(TypeError, "descriptor '__init__' requires a 'BaseException' object")
				}
				if len(kwargs) > 0 {
					return nil, Errorf(TypeError, "%s() takes no keyword arguments", exc.Class.name)
				}
				exc.Args = append(starlark.Tuple(nil), args[1:]...)
				return starlark.None, nil
			})
		case "__str__":
			return starlark.NewBuiltin("BaseException.__str__", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
				if exc, ok := args[0].(*Exception); ok && len(args) == 1 {
					return starlark.String(exc.builtinMessage()), nil
				}
				return nil, Errorf(TypeError, "descriptor '__str__' requires a 'BaseException' object")
			})
		}
	}
	return nil
}

// Allocate is object.__new__(cls) for a user class: an instance whose
// __init__ has not run (an exception holding args).
func (c *Class) Allocate(thread *starlark.Thread, args starlark.Tuple) (starlark.Value, error) {
	p := host.Of(thread)
	if c.IsSubclass(BaseException) {
		exc := &Exception{Class: c, Args: args, owner: p}
		if c.IsSubclass(SystemExit) {
			exc.Code = starlark.None
			if len(args) == 1 {
				exc.Code = args[0]
			}
		}
		return exc, nil
	}
	inst := &Instance{class: c, dict: map[string]starlark.Value{}, owner: p}
	// The library class's part is made by its __init__ (through super()),
	// or as its constructor makes it with no arguments when first needed:
	// making it twice would take a Thread two default names.
	inst.nativeClass = c.nativeBase()
	return inst, nil
}

// newInstance makes an instance of a user class and runs its __init__.
func (c *Class) newInstance(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := c.Allocate(thread, args)
	if err != nil {
		return nil, err
	}
	init, owner := c.lookup("__init__")
	if init == nil || owner == Object {
		// The built-in __init__: an exception keeps its arguments, object takes none.
		if _, ok := self.(*Instance); ok && (len(args) > 0 || len(kwargs) > 0) {
			return nil, Errorf(TypeError, "%s() takes no arguments", c.name)
		}
		return self, nil
	}
	res, err := starlark.Call(thread, bindAttr(init, self, c), args, kwargs)
	if err != nil {
		return nil, err
	}
	if res != starlark.None {
		return nil, Errorf(TypeError, "__init__() should return None, not '%s'", TypeOf(res).Name())
	}
	return self, nil
}

// nativeBase is the library class (threading.Thread, ...) a user class
// derives from, or nil: its instances carry that class's Go value.
func (c *Class) nativeBase() *Class {
	for _, k := range c.MRO() {
		if k.user == nil && k != Object && k.New != nil {
			return k
		}
	}
	return nil
}

// Wrapped is a library value made as part of an instance of a script's
// subclass: Wrap gives it that instance, through which it calls the
// methods the subclass may override (Thread.start calls self.run()).
type Wrapped interface {
	Wrap(self starlark.Value)
}

func (i *Instance) initNative(thread *starlark.Thread, native *Class, args starlark.Tuple, kwargs []starlark.Tuple) error {
	v, err := native.New(thread, native, args, kwargs)
	if err != nil {
		return err
	}
	if w, ok := v.(Wrapped); ok {
		w.Wrap(i)
	}
	i.native = v
	return nil
}

// nativeInit is a library class's __init__ as its subclasses reach it.
func nativeInit(k *Class) starlark.Value {
	return starlark.NewBuiltin(k.name+".__init__", func(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) == 0 {
			return nil, Errorf(TypeError, "descriptor '__init__' of '%s' object needs an argument", k.name)
		}
		inst, ok := args[0].(*Instance)
		if !ok || !inst.class.IsSubclass(k) {
			return nil, Errorf(TypeError, "descriptor '__init__' requires a '%s' object", k.QualName())
		}
		return starlark.None, inst.initNative(thread, k, args[1:], kwargs)
	})
}

// TupleOf is the tuple a value stands for: a tuple, or an instance of a
// library's tuple class (collections.namedtuple's) holding one.
func TupleOf(v starlark.Value) (starlark.Tuple, bool) {
	switch v := v.(type) {
	case starlark.Tuple:
		return v, true
	case *Instance:
		t, ok := v.native.(starlark.Tuple)
		return t, ok && v.class.IsSubclass(TupleType)
	}
	return nil, false
}

// Native is the library value inside an instance of a script's subclass
// of a library class, or nil.
func Native(v starlark.Value) starlark.Value {
	if i, ok := v.(*Instance); ok {
		return i.nativeValue()
	}
	return nil
}

// nativeValue is the library class's part, made with no arguments if the
// subclass's __init__ did not call the library's.
func (i *Instance) nativeValue() starlark.Value {
	if i.native == nil && i.nativeClass != nil {
		i.initNative(holderOf(i.owner), i.nativeClass, nil, nil)
	}
	return i.native
}

// bindAttr is what reading a class attribute through an instance gives:
// a function becomes a method bound to it, as in Python.
func bindAttr(v starlark.Value, self starlark.Value, cls *Class) starlark.Value {
	switch v := v.(type) {
	case *starlark.Function:
		return &BoundMethod{fn: v, self: self}
	case *starlark.Builtin:
		if v.Receiver() == nil && strings.Contains(v.Name(), ".__") {
			return &BoundMethod{fn: v, self: self}
		}
	case *LibraryMethod:
		return &BoundMethod{fn: v, self: self}
	case FunctionLike:
		return &BoundMethod{fn: v, self: self}
	case *StaticMethod:
		return v.fn
	case *ClassMethod:
		return &BoundMethod{fn: v.fn, self: cls}
	}
	return v
}

// FunctionLike is a library value that stands for a function (what
// functools.wraps and lru_cache make of one): in a class body it becomes
// a method, bound to the instance it is read through, as a function does.
type FunctionLike interface {
	starlark.Callable
	PyFunction()
}

// LibraryMethod is a method of a library class's namespace written in Go
// (collections.namedtuple's _asdict): read through an instance it binds to
// it, as a def in a class body does. Dunder methods need no wrapper: a
// builtin named "Class.__name__" binds so already.
type LibraryMethod struct {
	fn *starlark.Builtin
}

var _ starlark.Callable = (*LibraryMethod)(nil)

// NewLibraryMethod wraps fn, named "Class.method" for its errors; it gets
// the instance as its first argument.
func NewLibraryMethod(fn *starlark.Builtin) *LibraryMethod { return &LibraryMethod{fn: fn} }

// Name is the method's own name, as a bound method's repr shows it.
func (m *LibraryMethod) Name() string {
	name := m.fn.Name()
	return name[strings.LastIndexByte(name, '.')+1:]
}
func (m *LibraryMethod) String() string {
	return fmt.Sprintf("<function %s at %#x>", m.fn.Name(), uintptr(unsafe.Pointer(m)))
}
func (m *LibraryMethod) Type() string          { return "function" }
func (m *LibraryMethod) Freeze()               {}
func (m *LibraryMethod) Truth() starlark.Bool  { return true }
func (m *LibraryMethod) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(m)) >> 4), nil }
func (m *LibraryMethod) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return starlark.Call(thread, m.fn, args, kwargs)
}

// NewClassMethod is classmethod(fn) for a library class's namespace: read
// through the class or an instance, fn gets the class first.
func NewClassMethod(fn starlark.Callable) starlark.Value { return &ClassMethod{fn: fn} }

// NewInstance makes an instance of a library class (or of a script's
// subclass of one) holding native as its library part, without running
// any __init__: for a Meta's Call that builds instances itself
// (collections.namedtuple's, whose instances hold their tuple).
func NewInstance(thread *starlark.Thread, cls *Class, native starlark.Value) *Instance {
	return &Instance{class: cls, dict: map[string]starlark.Value{}, owner: host.Of(thread), native: native}
}

// Instance is an object of a user class.
type Instance struct {
	class *Class
	dict  map[string]starlark.Value
	keys  []string
	owner *host.Process
	// native is the library class's value of an instance whose class
	// derives from one (a threading.Thread subclass's Thread), nativeClass
	// that class.
	native      starlark.Value
	nativeClass *Class
}

var (
	_ starlark.HasAttrs    = (*Instance)(nil)
	_ starlark.HasSetField = (*Instance)(nil)
	_ starlark.Callable    = (*Instance)(nil)
	_ starlark.Comparable  = (*Instance)(nil)
	_ starlark.HasBinary   = (*Instance)(nil)
	_ starlark.HasUnary    = (*Instance)(nil)
	_ starlark.Container   = (*Instance)(nil)
	_ Typed                = (*Instance)(nil)
)

func (i *Instance) PyClass() *Class { return i.class }
func (i *Instance) Type() string    { return i.class.name }
func (i *Instance) Freeze()         {}
func (i *Instance) Name() string    { return i.class.name }

func (i *Instance) defaultRepr() string {
	return fmt.Sprintf("<%s object at %#x>", i.class.QualName(), uintptr(unsafe.Pointer(i)))
}

// call runs a special method the class defines, on the thread that runs
// the script now; ok is false when the class has none.
func (i *Instance) call(name string, args ...starlark.Value) (v starlark.Value, ok bool, err error) {
	m, owner := i.class.lookup(name)
	if m == nil || owner.user == nil {
		return nil, false, nil
	}
	thread := holderOf(i.owner)
	v, err = starlark.Call(thread, bindAttr(m, i, i.class), args, nil)
	return v, true, err
}

// HolderThread is the thread to call script code on from a method that
// has no thread of its own (a comparison, a mapping's Get): the one that
// holds p's interpreter lock.
func HolderThread(p *host.Process) *starlark.Thread { return holderOf(p) }

// holderOf is the thread to call script code on from an interface method.
func holderOf(p *host.Process) *starlark.Thread {
	if p != nil {
		if t := p.Holder(); t != nil {
			return t
		}
	}
	t := &starlark.Thread{Name: "MainThread"}
	if p != nil {
		t.SetLocal("sockstar.host", p)
	}
	return t
}

func (i *Instance) String() string { return i.PyRepr() }

// PyRepr is repr(i): its __repr__, else <__main__.C object at 0x...>.
func (i *Instance) PyRepr() string {
	v, ok, err := i.call("__repr__")
	if !ok {
		return i.defaultRepr()
	}
	return specialString(v, err, "__repr__")
}

// PyStr is str(i): its __str__, else its repr.
func (i *Instance) PyStr() string {
	v, ok, err := i.call("__str__")
	if !ok {
		return i.PyRepr()
	}
	return specialString(v, err, "__str__")
}

// PyFormat is format(i, spec): its __format__, else object's, which is
// str(i) for an empty spec and refuses any other.
func (i *Instance) PyFormat(spec string) (string, error) {
	v, ok, err := i.call("__format__", starlark.String(spec))
	switch {
	case !ok && spec == "":
		return i.PyStr(), nil
	case !ok:
		return "", Errorf(TypeError, "unsupported format string passed to %s.__format__", i.class.name)
	case err != nil:
		return "", err
	}
	s, isStr := v.(starlark.String)
	if !isStr {
		return "", Errorf(TypeError, "__format__ must return a str, not %s", TypeOf(v).Name())
	}
	return string(s), nil
}

// IntValue is int(i) through the class's __int__, else its __index__; ok
// is false when it has neither.
func (i *Instance) IntValue() (n starlark.Int, ok bool, err error) {
	for _, name := range []string{"__int__", "__index__"} {
		v, found, err := i.call(name)
		if !found {
			continue
		}
		if err != nil {
			return starlark.Int{}, true, err
		}
		n, isInt := v.(starlark.Int)
		if !isInt {
			return starlark.Int{}, true, Errorf(TypeError, "%s returned non-int (type %s)", name, TypeOf(v).Name())
		}
		return n, true, nil
	}
	return starlark.Int{}, false, nil
}

// specialString is what a __str__ or __repr__ gave; an error cannot
// propagate through String, so it is shown in its place.
func specialString(v starlark.Value, err error, name string) string {
	if err != nil {
		return "<" + AsException(err).Error() + ">"
	}
	s, ok := v.(starlark.String)
	if !ok {
		return fmt.Sprintf("<%s returned non-string (type %s)>", name, TypeOf(v).Name())
	}
	return string(s)
}

func (i *Instance) Truth() starlark.Bool {
	if v, ok, err := i.call("__bool__"); ok && err == nil {
		return v.Truth()
	}
	if v, ok, err := i.call("__len__"); ok && err == nil {
		n, _ := starlark.AsInt32(v)
		return n != 0
	}
	return true
}

func (i *Instance) Hash() (uint32, error) {
	if v, ok, err := i.call("__hash__"); ok {
		if err != nil {
			return 0, err
		}
		n, err := starlark.AsInt32(v)
		return uint32(n), err
	}
	if m, _ := i.class.lookup("__eq__"); m != nil {
		if _, isFn := m.(*starlark.Function); isFn {
			return 0, Errorf(TypeError, "unhashable type: '%s'", i.class.name)
		}
	}
	p := uintptr(unsafe.Pointer(i))
	return uint32(p>>4) ^ uint32(p>>36), nil
}

func (i *Instance) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	names := map[syntax.Token]string{syntax.EQL: "__eq__", syntax.NEQ: "__ne__", syntax.LT: "__lt__", syntax.LE: "__le__", syntax.GT: "__gt__", syntax.GE: "__ge__"}
	name := names[op]
	if v, ok, err := i.call(name, y); ok {
		if err != nil {
			return false, err
		}
		return bool(v.Truth()), nil
	}
	switch op {
	case syntax.EQL:
		return i == y, nil
	case syntax.NEQ:
		if v, ok, err := i.call("__eq__", y); ok {
			return err == nil && !bool(v.Truth()), err
		}
		return i != y, nil
	}
	sym := map[syntax.Token]string{syntax.LT: "<", syntax.LE: "<=", syntax.GT: ">", syntax.GE: ">="}[op]
	return false, Errorf(TypeError, "'%s' not supported between instances of '%s' and '%s'", sym, i.class.name, TypeOf(y).Name())
}

// operatorMethods are the special methods of the binary operators: the
// left operand's, then the right one's reflected method.
var operatorMethods = Table[syntax.Token, [2]string]{Build: func() map[syntax.Token][2]string {
	return map[syntax.Token][2]string{
		syntax.PLUS: {"__add__", "__radd__"}, syntax.MINUS: {"__sub__", "__rsub__"},
		syntax.STAR: {"__mul__", "__rmul__"}, syntax.SLASH: {"__truediv__", "__rtruediv__"},
		syntax.SLASHSLASH: {"__floordiv__", "__rfloordiv__"}, syntax.PERCENT: {"__mod__", "__rmod__"},
		syntax.PIPE: {"__or__", "__ror__"}, syntax.AMP: {"__and__", "__rand__"},
		syntax.CIRCUMFLEX: {"__xor__", "__rxor__"}, syntax.LTLT: {"__lshift__", "__rlshift__"},
		syntax.GTGT: {"__rshift__", "__rrshift__"},
	}
}}

// Binary is x + y and the other operators where an operand is an instance:
// its class's __add__ (or __radd__ on the right). Without one, or when it
// returns NotImplemented, the operator goes on to its error.
func (i *Instance) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	names, ok := operatorMethods.Map()[op]
	if !ok {
		return nil, nil
	}
	name := names[0]
	if side == starlark.Right {
		name = names[1]
	}
	v, found, err := i.call(name, y)
	if !found || err != nil || v == NotImplemented {
		return nil, err
	}
	return v, nil
}

// Unary is -x, +x and ~x through __neg__, __pos__ and __invert__.
func (i *Instance) Unary(op syntax.Token) (starlark.Value, error) {
	name := map[syntax.Token]string{syntax.MINUS: "__neg__", syntax.PLUS: "__pos__", syntax.TILDE: "__invert__"}[op]
	if name == "" {
		return nil, nil
	}
	v, found, err := i.call(name)
	if !found || err != nil {
		return nil, err
	}
	return v, nil
}

func (i *Instance) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m, _ := i.class.lookup("__call__")
	if m == nil {
		return nil, Errorf(TypeError, "'%s' object is not callable", i.class.name)
	}
	return starlark.Call(thread, bindAttr(m, i, i.class), args, kwargs)
}

func (i *Instance) Attr(name string) (starlark.Value, error) {
	switch name {
	case "__class__":
		return i.class, nil
	case "__dict__":
		d := starlark.NewDict(len(i.keys))
		for _, k := range i.keys {
			d.SetKey(starlark.String(k), i.dict[k])
		}
		return d, nil
	}
	v, _ := i.class.lookup(name)
	if p, ok := v.(*Property); ok {
		if p.fget == nil {
			return nil, Errorf(AttributeError, "property '%s' of '%s' object has no getter", name, i.class.name)
		}
		return starlark.Call(holderOf(i.owner), p.fget, starlark.Tuple{i}, nil)
	}
	if x, ok := i.dict[name]; ok {
		return x, nil
	}
	if v != nil {
		return bindAttr(v, i, i.class), nil
	}
	if h, ok := i.nativeValue().(starlark.HasAttrs); ok {
		if v, err := h.Attr(name); err != nil || v != nil {
			return v, err
		}
	}
	if g, _ := i.class.lookup("__getattr__"); g != nil {
		return starlark.Call(holderOf(i.owner), bindAttr(g, i, i.class), starlark.Tuple{starlark.String(name)}, nil)
	}
	return nil, Errorf(AttributeError, "'%s' object has no attribute '%s'", i.class.name, name)
}

func (i *Instance) AttrNames() []string {
	names := append([]string(nil), i.keys...)
	for _, k := range i.class.MRO() {
		if k.user != nil {
			names = append(names, k.user.keys...)
		}
	}
	sort.Strings(names)
	return names
}

func (i *Instance) SetField(name string, v starlark.Value) error {
	if i.class == Object {
		// object() has no __dict__.
		return Errorf(AttributeError, "'object' object has no attribute '%s'", name)
	}
	if c, _ := i.class.lookup(name); c != nil {
		if p, ok := c.(*Property); ok {
			if p.fset == nil {
				return Errorf(AttributeError, "property '%s' of '%s' object has no setter", name, i.class.name)
			}
			_, err := starlark.Call(holderOf(i.owner), p.fset, starlark.Tuple{i, v}, nil)
			return err
		}
	}
	if h, ok := i.nativeValue().(starlark.HasSetField); ok {
		if err := h.SetField(name, v); err == nil {
			return nil
		}
	}
	if _, ok := i.dict[name]; !ok {
		i.keys = append(i.keys, name)
	}
	i.dict[name] = v
	return nil
}

// BoundMethod is a function bound to an object: obj.method.
type BoundMethod struct {
	fn   starlark.Callable
	self starlark.Value
}

var _ starlark.Callable = (*BoundMethod)(nil)

func (m *BoundMethod) Name() string { return m.fn.Name() }
func (m *BoundMethod) String() string {
	owner := TypeOf(m.self).Name()
	if c, ok := m.self.(*Class); ok {
		owner = c.name
	}
	return fmt.Sprintf("<bound method %s.%s of %s>", owner, m.fn.Name(), Repr(m.self))
}
func (m *BoundMethod) Type() string         { return "method" }
func (m *BoundMethod) Freeze()              {}
func (m *BoundMethod) Truth() starlark.Bool { return true }
func (m *BoundMethod) Hash() (uint32, error) {
	return 0, Errorf(TypeError, "unhashable type: 'method'")
}

func (m *BoundMethod) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	all := make(starlark.Tuple, 0, len(args)+1)
	all = append(append(all, m.self), args...)
	return starlark.Call(thread, m.fn, all, kwargs)
}

// StaticMethod, ClassMethod and Property are the decorators' wrappers.
type StaticMethod struct{ fn starlark.Value }
type ClassMethod struct{ fn starlark.Callable }
type Property struct{ fget, fset, fdel starlark.Value }

func (s *StaticMethod) String() string        { return "<staticmethod>" }
func (s *StaticMethod) Type() string          { return "staticmethod" }
func (s *StaticMethod) Freeze()               {}
func (s *StaticMethod) Truth() starlark.Bool  { return true }
func (s *StaticMethod) Hash() (uint32, error) { return 0, nil }
func (s *ClassMethod) String() string         { return "<classmethod>" }
func (s *ClassMethod) Type() string           { return "classmethod" }
func (s *ClassMethod) Freeze()                {}
func (s *ClassMethod) Truth() starlark.Bool   { return true }
func (s *ClassMethod) Hash() (uint32, error)  { return 0, nil }
func (p *Property) String() string            { return "<property>" }
func (p *Property) Type() string              { return "property" }
func (p *Property) Freeze()                   {}
func (p *Property) Truth() starlark.Bool      { return true }
func (p *Property) Hash() (uint32, error)     { return 0, nil }

func (p *Property) Attr(name string) (starlark.Value, error) {
	with := func(which string) starlark.Value {
		return starlark.NewBuiltin(which, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			if len(args) != 1 {
				return nil, Errorf(TypeError, "%s() takes exactly one argument", which)
			}
			q := *p
			switch which {
			case "getter":
				q.fget = args[0]
			case "setter":
				q.fset = args[0]
			case "deleter":
				q.fdel = args[0]
			}
			return &q, nil
		})
	}
	switch name {
	case "getter", "setter", "deleter":
		return with(name), nil
	case "fget":
		return orNone(p.fget), nil
	case "fset":
		return orNone(p.fset), nil
	}
	return nil, nil
}

func (p *Property) AttrNames() []string {
	return []string{"deleter", "fget", "fset", "getter", "setter"}
}

// NewProperty is property(fget, fset) for a library class's namespace;
// fset may be nil.
func NewProperty(fget, fset starlark.Value) *Property {
	return &Property{fget: fget, fset: fset}
}

func staticmethodOp(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &fn); err != nil {
		return nil, err
	}
	return &StaticMethod{fn: fn}, nil
}

func classmethodOp(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn starlark.Callable
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &fn); err != nil {
		return nil, err
	}
	return &ClassMethod{fn: fn}, nil
}

func propertyOp(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fget, fset, fdel, doc starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "fget?", &fget, "fset?", &fset, "fdel?", &fdel, "doc?", &doc); err != nil {
		return nil, err
	}
	p := &Property{}
	for _, f := range []struct {
		dst *starlark.Value
		v   starlark.Value
	}{{&p.fget, fget}, {&p.fset, fset}, {&p.fdel, fdel}} {
		if f.v != nil && f.v != starlark.None {
			*f.dst = f.v
		}
	}
	return p, nil
}

// Super is super(C, obj): attribute lookup that starts after C in obj's MRO.
type Super struct {
	class *Class
	self  starlark.Value
}

func (s *Super) String() string {
	return fmt.Sprintf("<super: <class '%s'>, <%s object>>", s.class.name, TypeOf(s.self).Name())
}
func (s *Super) Type() string          { return "super" }
func (s *Super) Freeze()               {}
func (s *Super) Truth() starlark.Bool  { return true }
func (s *Super) Hash() (uint32, error) { return 0, nil }
func (s *Super) AttrNames() []string   { return nil }

func (s *Super) Attr(name string) (starlark.Value, error) {
	objClass := TypeOf(s.self)
	if c, ok := s.self.(*Class); ok {
		objClass = c
	}
	mro := objClass.MRO()
	for i, k := range mro {
		if k != s.class {
			continue
		}
		for _, k := range mro[i+1:] {
			var v starlark.Value
			if k.user != nil {
				v = k.user.dict[name]
			} else if v = builtinSlot(k, name); v == nil {
				v = k.attrs()[name]
			}
			if v != nil {
				return bindAttr(v, s.self, objClass), nil
			}
		}
		break
	}
	return nil, Errorf(AttributeError, "'super' object has no attribute '%s'", name)
}

// superOp is super(C, obj), and what a method's super() is lowered to:
// __sx_super(cell holding C, first argument).
func superOp(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, Errorf(RuntimeError, "super(): no arguments")
	}
	if len(args) != 2 || len(kwargs) > 0 {
		return nil, Errorf(TypeError, "super() takes 2 arguments")
	}
	c := args[0]
	if cell, ok := c.(*Cell); ok {
		c = cell.v
	}
	cls, ok := c.(*Class)
	if !ok {
		return nil, Errorf(TypeError, "super() argument 1 must be a type, not %s", TypeOf(c).Name())
	}
	if !IsInstance(args[1], cls) {
		if sub, ok := args[1].(*Class); !ok || !sub.IsSubclass(cls) {
			return nil, Errorf(TypeError, "super(type, obj): obj must be an instance or subtype of type")
		}
	}
	return &Super{class: cls, self: args[1]}, nil
}

// setattrOp is setattr(obj, name, value).
func setattrOp(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var obj, v starlark.Value
	var name string
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 3, &obj, &name, &v); err != nil {
		return nil, err
	}
	s, ok := obj.(starlark.HasSetField)
	if !ok {
		return nil, Errorf(AttributeError, "'%s' object has no attribute '%s'", TypeOf(obj).Name(), name)
	}
	return starlark.None, s.SetField(name, v)
}

// varsOp is vars(obj): its attributes as a dict.
func varsOp(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var obj starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &obj); err != nil {
		return nil, err
	}
	if h, ok := obj.(starlark.HasAttrs); ok {
		if d, err := h.Attr("__dict__"); err == nil && d != nil {
			return d, nil
		}
	}
	return nil, Errorf(TypeError, "vars() argument must have __dict__ attribute")
}

// globalsOp is globals(): the caller's module globals, as a new dict. Unlike
// CPython's, it is a copy: storing into it does not bind a global.
func globalsOp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	d := starlark.NewDict(16)
	fn, ok := callerFunction(thread)
	if !ok {
		return d, nil
	}
	g := fn.Globals()
	d.SetKey(starlark.String("__name__"), starlark.String("__main__"))
	if name, ok := g["__name__"]; ok {
		d.SetKey(starlark.String("__name__"), name)
	}
	for _, name := range g.Keys() {
		addVisible(d, name, g[name])
	}
	return d, nil
}

// localsOp is locals(): in a function its local variables, at the top
// level globals(); a new dict, as globalsOp's.
func localsOp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	fn, ok := callerFunction(thread)
	if !ok || fn.Name() == "<toplevel>" {
		return globalsOp(thread, starlark.NewBuiltin("globals", globalsOp), nil, nil)
	}
	fr := thread.DebugFrame(1)
	d := starlark.NewDict(fr.NumLocals())
	for i := 0; i < fr.NumLocals(); i++ {
		bind, v := fr.Local(i)
		addVisible(d, bind.Name, v)
	}
	return d, nil
}

// callerFunction is the Starlark function that called the builtin.
func callerFunction(thread *starlark.Thread) (*starlark.Function, bool) {
	if thread.CallStackDepth() < 2 {
		return nil, false
	}
	fn, ok := thread.DebugFrame(1).Callable().(*starlark.Function)
	return fn, ok
}

// addVisible adds a variable as the script sees it: a cell by the name it
// stands for and its value; the runtime's own names and unbound ones not.
func addVisible(d *starlark.Dict, name string, v starlark.Value) {
	if c, ok := v.(*Cell); ok {
		name, v = c.name, c.v
	}
	if v == nil || strings.HasPrefix(name, "__sx_") {
		return
	}
	d.SetKey(starlark.String(name), v)
}

// idOp is id(obj): a number that stays the object's while it lives.
func idOp(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var obj starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &obj); err != nil {
		return nil, err
	}
	type iface struct{ typ, data unsafe.Pointer }
	return starlark.MakeUint64(uint64(uintptr((*iface)(unsafe.Pointer(&obj)).data))), nil
}

// lenOp is len(x): a user class's __len__, else Starlark's len.
func lenOp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 && len(kwargs) == 0 {
		if mv, ok := args[0].(*MemoryView); ok && mv.released {
			return nil, errReleased()
		}
		if n := starlark.Len(args[0]); n >= 0 {
			return starlark.MakeInt(n), nil
		}
		if c, ok := args[0].(*Class); ok {
			if c.Meta == nil || c.Meta.Len == nil {
				return nil, Errorf(TypeError, "object of type 'type' has no len()")
			}
			n, err := c.Meta.Len(c)
			if err != nil {
				return nil, err
			}
			return starlark.MakeInt(n), nil
		}
		if inst, ok := args[0].(*Instance); ok {
			m, owner := inst.class.lookup("__len__")
			if m == nil || owner.user == nil {
				return nil, Errorf(TypeError, "object of type '%s' has no len()", inst.class.name)
			}
			v, err := starlark.Call(thread, bindAttr(m, inst, inst.class), nil, nil)
			if err != nil {
				return nil, err
			}
			if _, ok := v.(starlark.Int); !ok {
				return nil, Errorf(TypeError, "'%s' object cannot be interpreted as an integer", TypeOf(v).Name())
			}
			return v, nil
		}
	}
	return starlark.Call(thread, starlark.Universe["len"], args, kwargs)
}

// hashOp is hash(x): an int is its own hash as in CPython (modulo 2**61-1,
// and never -1); other values hash as dict keys do.
func hashOp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	switch x := x.(type) {
	case starlark.Int:
		const mod = 1<<61 - 1
		n := x.BigInt()
		neg := n.Sign() < 0
		n.Abs(n)
		h := n.Mod(n, big.NewInt(mod)).Int64()
		if neg {
			h = -h
		}
		if h == -1 {
			h = -2
		}
		return starlark.MakeInt64(h), nil
	case starlark.Bool:
		if x {
			return starlark.MakeInt(1), nil
		}
		return starlark.MakeInt(0), nil
	case *Instance:
		if v, ok, err := x.call("__hash__"); ok {
			return v, err
		}
	}
	h, err := x.Hash()
	if exc, ok := err.(*Exception); ok {
		return nil, exc // a memoryview's own words
	}
	if err != nil {
		return nil, Errorf(TypeError, "unhashable type: '%s'", TypeOf(x).Name())
	}
	return starlark.MakeInt64(int64(int32(h))), nil
}

// A script's class takes part in Python's protocols through its special
// methods: `in` (__contains__), x[k] and x[k] = v (__getitem__,
// __setitem__), iteration (__iter__, __next__) and the arithmetic
// operators (__add__, __radd__ ...).
var (
	_ starlark.Container = (*Instance)(nil)
	_ starlark.HasSetKey = (*Instance)(nil)
	_ starlark.Iterable  = (*Instance)(nil)
	_ starlark.HasBinary = (*Instance)(nil)
)

func (i *Instance) Has(x starlark.Value) (bool, error) {
	if v, ok, err := i.call("__contains__", x); ok {
		if err != nil {
			return false, err
		}
		return bool(v.Truth()), nil
	}
	if m, _ := i.class.lookup("__iter__"); m == nil {
		return false, Errorf(TypeError, "argument of type '%s' is not iterable", i.class.name)
	}
	it := i.Iterate()
	defer it.Done()
	var y starlark.Value
	for it.Next(&y) {
		if eq, err := starlark.Equal(x, y); err != nil || eq {
			return eq, err
		}
	}
	return false, nil
}

// getItem is x[k] for a script's class.
func (i *Instance) getItem(k starlark.Value) (starlark.Value, error) {
	v, ok, err := i.call("__getitem__", k)
	if !ok {
		return nil, Errorf(TypeError, "'%s' object is not subscriptable", i.class.name)
	}
	return v, err
}

func (i *Instance) SetKey(k, v starlark.Value) error {
	_, ok, err := i.call("__setitem__", k, v)
	if !ok {
		return Errorf(TypeError, "'%s' object does not support item assignment", i.class.name)
	}
	return err
}

// delItem is del x[k] for a script's class.
func (i *Instance) delItem(k starlark.Value) error {
	_, ok, err := i.call("__delitem__", k)
	if !ok {
		return Errorf(TypeError, "'%s' object does not support item deletion", i.class.name)
	}
	return err
}

// Iterate is iter(x): what __iter__ returns, stepped by its __next__ when it
// is an object of a script's class too.
func (i *Instance) Iterate() starlark.Iterator {
	v, ok, err := i.call("__iter__")
	if !ok || err != nil {
		return &instIter{}
	}
	if it, ok := v.(*Instance); ok {
		return &instIter{next: it}
	}
	if v, err := Iterable(v); err == nil {
		if it, ok := v.(starlark.Iterable); ok {
			return it.Iterate()
		}
	}
	return &instIter{}
}

// instIter steps an iterator object of a script's class; StopIteration,
// or any other exception, ends it.
type instIter struct{ next *Instance }

func (it *instIter) Next(p *starlark.Value) bool {
	if it.next == nil {
		return false
	}
	v, ok, err := it.next.call("__next__")
	if !ok || err != nil {
		it.next = nil
		return false
	}
	*p = v
	return true
}

func (it *instIter) Done() {}

// NotImplemented is what a special method returns for an operand it does
// not handle.
var NotImplemented starlark.Value = notImplemented{}

type notImplemented struct{}

func (notImplemented) String() string        { return "NotImplemented" }
func (notImplemented) Type() string          { return "NotImplementedType" }
func (notImplemented) Freeze()               {}
func (notImplemented) Truth() starlark.Bool  { return true }
func (notImplemented) Hash() (uint32, error) { return 0x4e49, nil }

// Get is x[k] as Starlark asks it of a mapping: a KeyError is "not found".
func (i *Instance) Get(k starlark.Value) (starlark.Value, bool, error) {
	v, err := i.getItem(k)
	if err != nil {
		if exc := AsException(err); exc.Class.IsSubclass(KeyError) {
			return nil, false, nil
		}
		return nil, false, err
	}
	return v, true, nil
}
