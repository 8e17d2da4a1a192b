package selectors

import (
	"fmt"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/hostfs"
	"sockstar/runtime/py"
	pyselect "sockstar/stdlib/select"
	"sockstar/stdlib/socket"
)

// Mapping is get_map()'s view: SelectorKeys by descriptor or file object,
// iterating over the descriptors, live as the selector changes.
type Mapping struct {
	s *Selector
}

var (
	_ starlark.Mapping  = (*Mapping)(nil)
	_ starlark.Iterable = (*Mapping)(nil)
	_ starlark.Sequence = (*Mapping)(nil)
	_ starlark.HasAttrs = (*Mapping)(nil)
)

func (m *Mapping) String() string {
	return fmt.Sprintf("<selectors._SelectorMapping object at %p>", m)
}
func (m *Mapping) Type() string         { return "_SelectorMapping" }
func (m *Mapping) Freeze()              {}
func (m *Mapping) Truth() starlark.Bool { return m.Len() > 0 }
func (m *Mapping) Hash() (uint32, error) {
	return 0, py.Errorf(py.TypeError, "unhashable type: '_SelectorMapping'")
}
func (m *Mapping) PyClass() *py.Class { return MappingClass }
func (m *Mapping) Len() int           { return len(m.s.order) }

// get finds the key of fileobj (or of a descriptor), nil when not registered.
func (m *Mapping) get(thread *starlark.Thread, fileobj starlark.Value) (*Key, error) {
	fd, err := m.s.lookup(thread, fileobj)
	if err != nil {
		return nil, err
	}
	return m.s.keys[fd], nil
}

// Get is m[fileobj]: a KeyError names the object, as CPython's does.
func (m *Mapping) Get(k starlark.Value) (starlark.Value, bool, error) {
	// Starlark gives Get no thread; fileno() of a socket needs none.
	key, err := m.get(&starlark.Thread{Name: "get_map"}, k)
	if err != nil {
		return nil, false, err
	}
	if key == nil {
		return nil, false, m.s.notRegistered(k)
	}
	return key, true, nil
}

func (m *Mapping) Iterate() starlark.Iterator {
	fds := make([]starlark.Value, len(m.s.order))
	for i, fd := range m.s.order {
		fds[i] = starlark.MakeInt(fd)
	}
	return starlark.Tuple(fds).Iterate()
}

func (m *Mapping) Attr(name string) (starlark.Value, error) {
	var fn func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)
	switch name {
	case "get":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var k starlark.Value
			var dflt starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &k, &dflt); err != nil {
				return nil, err
			}
			key, err := m.get(thread, k)
			if err != nil {
				return nil, err
			}
			if key == nil {
				return dflt, nil
			}
			return key, nil
		}
	case "keys", "values", "items":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			out := make([]starlark.Value, len(m.s.order))
			for i, fd := range m.s.order {
				switch name {
				case "keys":
					out[i] = starlark.MakeInt(fd)
				case "values":
					out[i] = m.s.keys[fd]
				default:
					out[i] = starlark.Tuple{starlark.MakeInt(fd), m.s.keys[fd]}
				}
			}
			return starlark.NewList(out), nil
		}
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(m), nil
}

func (m *Mapping) AttrNames() []string { return []string{"get", "items", "keys", "values"} }

// validFD reports whether fd is an open descriptor, as epoll_ctl would check.
func validFD(p *host.Process, fd int) bool {
	if p.Sim() != nil {
		return socket.PollSim(p, fd)&pyselect.POLLNVAL == 0
	}
	return hostfs.IsOpen(fd)
}
