// Package contextlib is the part of Python's contextlib that needs no
// generators:
//
//	suppress(*exceptions)      a with block whose listed exceptions end it quietly
//	closing(thing)             gives thing, calls thing.close() at the end
//	nullcontext(enter_result=None)
//
// contextmanager (and asynccontextmanager) decorate generator functions,
// which sockstar does not run; ExitStack and redirect_stdout are not there.
package contextlib

import (
	"fmt"
	"unsafe"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

// Module is the contextlib module.
var Module = &py.Module{
	Name: "contextlib",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"suppress":    SuppressClass,
			"closing":     ClosingClass,
			"nullcontext": NullContextClass,
		}
	},
}

// The classes, as type() names them.
var (
	SuppressClass    = py.DeclareClass("contextlib", "suppress", &py.Object, newSuppress)
	ClosingClass     = py.DeclareClass("contextlib", "closing", &py.Object, newClosing)
	NullContextClass = py.DeclareClass("contextlib", "nullcontext", &py.Object, newNullContext)
)

// manager is one of the module's context managers: what __enter__ gives
// and what __exit__ does with the exception class the block raised (None
// when it raised none), whose true result swallows it.
type manager struct {
	class *py.Class
	enter func() starlark.Value
	exit  func(thread *starlark.Thread, excType starlark.Value) (bool, error)
	attrs starlark.StringDict // thing, enter_result: what CPython's keep as attributes
}

var (
	_ starlark.HasAttrs = (*manager)(nil)
	_ py.Typed          = (*manager)(nil)
)

func (m *manager) String() string {
	return fmt.Sprintf("<contextlib.%s object at %#x>", m.class.Name(), uintptr(unsafe.Pointer(m)))
}
func (m *manager) Type() string          { return "contextlib." + m.class.Name() }
func (m *manager) Freeze()               {}
func (m *manager) Truth() starlark.Bool  { return true }
func (m *manager) PyClass() *py.Class    { return m.class }
func (m *manager) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(m)) >> 4), nil }

func (m *manager) Attr(name string) (starlark.Value, error) {
	switch name {
	case "__enter__":
		return starlark.NewBuiltin(m.class.Name()+".__enter__", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			return m.enter(), nil
		}).BindReceiver(m), nil
	case "__exit__":
		return starlark.NewBuiltin(m.class.Name()+".__exit__", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var excType, exc, tb starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 3, &excType, &exc, &tb); err != nil {
				return nil, err
			}
			swallow, err := m.exit(thread, excType)
			if err != nil {
				return nil, err
			}
			return starlark.Bool(swallow), nil
		}).BindReceiver(m), nil
	}
	if v, ok := m.attrs[name]; ok {
		return v, nil
	}
	return nil, nil
}

func (m *manager) AttrNames() []string {
	return append([]string{"__enter__", "__exit__"}, m.attrs.Keys()...)
}

func newSuppress(_ *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, py.Errorf(py.TypeError, "suppress() got an unexpected keyword argument '%s'", string(kwargs[0][0].(starlark.String)))
	}
	exceptions := append(starlark.Tuple{}, args...)
	return &manager{
		class: cls,
		enter: func() starlark.Value { return starlark.None },
		exit: func(_ *starlark.Thread, excType starlark.Value) (bool, error) {
			c, ok := excType.(*py.Class)
			if !ok {
				return false, nil
			}
			// issubclass(exctype, exceptions): each must be a class.
			for _, e := range exceptions {
				k, ok := e.(*py.Class)
				if !ok {
					return false, py.Errorf(py.TypeError, "issubclass() arg 2 must be a class, a tuple of classes, or a union")
				}
				if c.IsSubclass(k) {
					return true, nil
				}
			}
			return false, nil
		},
	}, nil
}

func newClosing(_ *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var thing starlark.Value
	if err := starlark.UnpackArgs("closing", args, kwargs, "thing", &thing); err != nil {
		return nil, err
	}
	return &manager{
		class: cls,
		enter: func() starlark.Value { return thing },
		exit: func(thread *starlark.Thread, _ starlark.Value) (bool, error) {
			closeFn, err := py.GetAttr(thing, "close")
			if err != nil {
				return false, err
			}
			_, err = starlark.Call(thread, closeFn, nil, nil)
			return false, err
		},
		attrs: starlark.StringDict{"thing": thing},
	}, nil
}

func newNullContext(_ *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var result starlark.Value = starlark.None
	if err := starlark.UnpackArgs("nullcontext", args, kwargs, "enter_result?", &result); err != nil {
		return nil, err
	}
	return &manager{
		class: cls,
		enter: func() starlark.Value { return result },
		exit:  func(*starlark.Thread, starlark.Value) (bool, error) { return false, nil },
		attrs: starlark.StringDict{"enter_result": result},
	}, nil
}
