package py

import (
	"sort"
	"sync"

	"go.starlark.net/starlark"
)

// Method is a Python method that Starlark's own type lacks (bytes.decode,
// str.encode, list.sort). recv is the value the method was looked up on.
type Method func(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// methodTable holds the Python methods of built-in types, keyed by Starlark
// type name ("string", "bytes", "list", "dict") then by method name. It is
// built on first use, not at start-up, and only read afterwards.
var methodTable struct {
	once   sync.Once
	byType map[string]map[string]Method
	names  map[string]bool // every method name of any type
	// builtins holds each method as a builtin without a receiver, made
	// once: a lookup then only binds it (one allocation, not three).
	builtins map[string]map[string]*starlark.Builtin
	// strText is str's methods unbound, for __sx_call_NAME to call
	// with a str receiver without bind's layer.
	strText map[string]textMethod
}

func buildMethodTable() {
	strText := strTextMethods()
	byType := map[string]map[string]Method{
		"string": bindAll(textStr, strText),
		"bytes":  bytesMethods(),
		"list":   listMethods(),
		"tuple":  tupleMethods(),
		"dict":   dictMethods(),
		"int":    intMethods(),
	}
	names := map[string]bool{}
	builtins := map[string]map[string]*starlark.Builtin{}
	for typ, m := range byType {
		builtins[typ] = map[string]*starlark.Builtin{}
		for name, fn := range m {
			names[name] = true
			builtins[typ][name] = starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				return fn(thread, name, b.Receiver(), args, kwargs)
			})
		}
	}
	methodTable.byType, methodTable.names, methodTable.builtins = byType, names, builtins
	methodTable.strText = strText
}

// methodsOf is the Python methods of a Starlark type, by name.
func methodsOf(typeName string) map[string]Method {
	methodTable.once.Do(buildMethodTable)
	return methodTable.byType[typeName]
}

// MethodNames lists every method name that GetAttr answers for a built-in
// type. The runtime routes attribute lookups of these names through GetAttr.
func MethodNames() []string {
	methodTable.once.Do(buildMethodTable)
	names := make([]string, 0, len(methodTable.names))
	for name := range methodTable.names {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// IsMethodName reports whether name is in MethodNames.
func IsMethodName(name string) bool {
	methodTable.once.Do(buildMethodTable)
	return methodTable.names[name] || isFuncAttr(name)
}

// isFuncAttr names the attributes Python functions have that Starlark's lack.
func isFuncAttr(name string) bool {
	switch name {
	case "__name__", "__qualname__", "__doc__", "__module__":
		return true
	}
	return false
}

// funcAttr is f.__name__ and the like of a function or a builtin.
func funcAttr(x starlark.Value, name string) (starlark.Value, bool) {
	var fname, doc string
	switch f := x.(type) {
	case *starlark.Function:
		fname, doc = f.Name(), f.Doc()
		if fname == "lambda" {
			fname = "<lambda>"
		}
	case *starlark.Builtin:
		fname = f.Name()
	default:
		return nil, false
	}
	switch name {
	case "__name__", "__qualname__":
		return starlark.String(fname), true
	case "__module__":
		return starlark.String("__main__"), true
	case "__doc__":
		if doc == "" {
			return starlark.None, true
		}
		return starlark.String(doc), true
	}
	return nil, false
}

// GetAttr is x.name with Python's methods on built-in types and Python's
// error when there is no such attribute.
func GetAttr(x starlark.Value, name string) (starlark.Value, error) {
	if isFuncAttr(name) {
		if v, ok := funcAttr(x, name); ok {
			return v, nil
		}
	}
	methodTable.once.Do(buildMethodTable)
	if b, ok := methodTable.builtins[x.Type()][name]; ok {
		return b.BindReceiver(x), nil
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
