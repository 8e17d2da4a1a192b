package py

import (
	"sort"

	"go.starlark.net/starlark"
)

// Method is a Python method that Starlark's own type lacks (bytes.decode,
// str.encode, list.sort). recv is the value the method was looked up on.
type Method func(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// extraMethods is keyed by Starlark type name ("string", "bytes", "list",
// "dict"), then by method name. It is filled by init functions and only read
// afterwards.
var extraMethods = map[string]map[string]Method{}

// registerMethods adds Python methods to a Starlark type; called from init.
func registerMethods(typeName string, methods map[string]Method) {
	m := extraMethods[typeName]
	if m == nil {
		m = map[string]Method{}
		extraMethods[typeName] = m
	}
	for name, fn := range methods {
		m[name] = fn
	}
}

// MethodNames lists every method name that GetAttr answers for a built-in
// type. The runtime routes attribute lookups of these names through GetAttr.
func MethodNames() []string {
	seen := map[string]bool{}
	var names []string
	for _, m := range extraMethods {
		for name := range m {
			if !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	sort.Strings(names)
	return names
}

// GetAttr is x.name with Python's methods on built-in types and Python's
// error when there is no such attribute.
func GetAttr(x starlark.Value, name string) (starlark.Value, error) {
	if m, ok := extraMethods[x.Type()][name]; ok {
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return m(thread, name, b.Receiver(), args, kwargs)
		}).BindReceiver(x), nil
	}
	if h, ok := x.(starlark.HasAttrs); ok {
		v, err := h.Attr(name)
		if err != nil {
			return nil, err
		}
		if v != nil {
			return v, nil
		}
	}
	if m, ok := x.(*Module); ok {
		return nil, Errorf(AttributeError, "module '%s' has no attribute '%s'", m.Name, name)
	}
	if c, ok := x.(*Class); ok {
		return nil, Errorf(AttributeError, "type object '%s' has no attribute '%s'", c.Name(), name)
	}
	return nil, Errorf(AttributeError, "'%s' object has no attribute '%s'", TypeOf(x).Name(), name)
}
