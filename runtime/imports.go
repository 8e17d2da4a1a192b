package runtime

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// Imports. `import NAME` finds, in order: a built-in module; a library
// module written in Python (py.Module.Source); NAME.py, then NAME.star,
// beside the importing file. A module written in Python runs once per run,
// on the importing thread, the first time it is imported; later imports
// get the same module object, as sys.modules gives in CPython.

// importHook is __import__ or __import_from__, the builtins that the
// rewritten import statements call, or false for another name.
func (prog *Program) importHook(name string) (starlark.Value, bool) {
	switch name {
	case "__import__":
		return starlark.NewBuiltin("__import__", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var name string
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &name); err != nil {
				return nil, err
			}
			return prog.importModule(thread, name)
		}), true
	case "help":
		return starlark.NewBuiltin("help", help), true
	case "__import_from__":
		return starlark.NewBuiltin("__import_from__", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			name := string(args[0].(starlark.String))
			m, err := prog.importModule(thread, name)
			if err != nil {
				return nil, err
			}
			attrs := strings.Fields(string(args[1].(starlark.String)))
			out := make([]starlark.Value, 0, len(attrs))
			for _, attr := range attrs {
				v, err := m.(starlark.HasAttrs).Attr(attr)
				if err != nil || v == nil {
					where := "unknown location"
					if sm, ok := m.(*ScriptModule); ok {
						where = sm.path
					}
					return nil, py.Errorf(py.ImportError, "cannot import name '%s' from '%s' (%s)", attr, name, where)
				}
				out = append(out, v)
			}
			return starlark.NewList(out), nil
		}), true
	}
	return nil, false
}

// imports is a run's table of the modules written in Python it imported.
type imports struct {
	mods map[string]*ScriptModule
}

func (prog *Program) importModule(thread *starlark.Thread, name string) (starlark.Value, error) {
	p := host.Of(thread)
	m, ok := prog.modules[name]
	if ok && m.Source == nil {
		return m.Instance(p), nil
	}
	table := p.Once("runtime.imports", func() any { return &imports{mods: map[string]*ScriptModule{}} }).(*imports)
	if sm, ok := table.mods[name]; ok {
		return sm, nil
	}
	var path string
	var src []byte
	if ok {
		path, src = m.Path, []byte(*m.Source)
	} else {
		path, src = findModule(prog.filename, name)
		if path == "" {
			return nil, py.Errorf(py.ModuleNotFoundError, "No module named '%s'", name)
		}
	}
	sub, err := compileModule(path, name, src, prog.modules)
	if err != nil {
		return nil, py.Errorf(py.SyntaxError, "%v", err)
	}
	p.Sources[path] = sub.lines
	sm := &ScriptModule{name: name, path: path, globals: starlark.StringDict{}}
	// Registered before it runs, so a circular import finds it (partly made).
	table.mods[name] = sm
	globals, err := sub.prog.Init(thread, sub.predeclared)
	sm.globals = globals
	if err != nil {
		delete(table.mods, name)
		return nil, err
	}
	return sm, nil
}

// findModule is NAME.py or NAME.star beside the importing file, or "".
func findModule(importer, name string) (string, []byte) {
	if strings.Contains(name, ".") {
		return "", nil
	}
	dir := filepath.Dir(importer)
	for _, ext := range []string{".py", ".star"} {
		path := filepath.Join(dir, name+ext)
		if src, err := os.ReadFile(path); err == nil {
			return path, src
		}
	}
	return "", nil
}

func compileModule(path, name string, src []byte, modules map[string]*py.Module) (*Program, error) {
	prog, err := compile(path, name, src, modules)
	if err != nil {
		var ce *CompileError
		if errors.As(err, &ce) {
			return nil, ce
		}
		return nil, err
	}
	return prog, nil
}

// moduleNames lists what `from NAME import *` binds for a module written
// in Python: its global names that do not start with an underscore.
func moduleNames(importer, name string, modules map[string]*py.Module) ([]string, bool) {
	var src []byte
	var path string
	if m, ok := modules[name]; ok {
		path, src = m.Path, []byte(*m.Source)
	} else if path, src = findModule(importer, name); path == "" {
		return nil, false
	}
	prog, err := compile(path, name, src, modules)
	if err != nil {
		return nil, false
	}
	var names []string
	for _, n := range prog.globalNames {
		if !strings.HasPrefix(n, "_") {
			names = append(names, n)
		}
	}
	return names, true
}

// ScriptModule is a module written in Python, as its importers see it: its
// globals are its attributes.
type ScriptModule struct {
	name, path string
	globals    starlark.StringDict
}

var (
	_ starlark.HasAttrs    = (*ScriptModule)(nil)
	_ starlark.HasSetField = (*ScriptModule)(nil)
)

func (m *ScriptModule) String() string        { return fmt.Sprintf("<module '%s' from '%s'>", m.name, m.path) }
func (m *ScriptModule) Type() string          { return "module" }
func (m *ScriptModule) Freeze()               {}
func (m *ScriptModule) Truth() starlark.Bool  { return true }
func (m *ScriptModule) Hash() (uint32, error) { return starlark.String(m.name).Hash() }

func (m *ScriptModule) Attr(name string) (starlark.Value, error) {
	switch name {
	case "__name__":
		return starlark.String(m.name), nil
	case "__file__":
		return starlark.String(m.path), nil
	}
	if c, ok := m.globals[cellName(name)].(*py.Cell); ok {
		if v := c.Value(); v != nil {
			return v, nil
		}
	} else if v, ok := m.globals[name]; ok && !strings.HasPrefix(name, hidden) {
		return v, nil
	}
	return nil, py.Errorf(py.AttributeError, "module '%s' has no attribute '%s'", m.name, name)
}

func (m *ScriptModule) AttrNames() []string {
	var names []string
	for k := range m.globals {
		if n, ok := strings.CutPrefix(k, hidden+"v_"); ok {
			names = append(names, n)
		} else if !strings.HasPrefix(k, hidden) {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	return names
}

// SetField sets a module attribute. The module's own code sees the new
// value only for names it declares global (or assigns in a try): its other
// globals are the interpreter's slots, which an importer cannot reach.
func (m *ScriptModule) SetField(name string, v starlark.Value) error {
	if c, ok := m.globals[cellName(name)].(*py.Cell); ok {
		return c.SetField("v", v)
	}
	m.globals[name] = v
	return nil
}

// help prints what the module reference says of a module, a function, a
// class or a method (its module's lines that name it), or a script's own
// function with its parameters and docstring.
func help(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &x); err != nil {
		return nil, err
	}
	p := host.Of(thread)
	say := func(s string) { fmt.Fprint(p.Stdout, s) }
	doc := func(name string) bool {
		if p.Doc == nil {
			return false
		}
		text, ok := p.Doc(name)
		if ok {
			say("Help on " + name + ":\n\n" + text)
		}
		return ok
	}
	var name string
	switch v := x.(type) {
	case starlark.NoneType:
		say("help(thing) prints what sockstar's module reference says of a module, function,\nclass or method: help(socket), help(socket.create_connection), help('socket.recv').\n`sockstar doc` lists the modules.\n")
		return starlark.None, nil
	case starlark.String:
		name = string(v)
	case *py.Module:
		name = v.Name
	case *ScriptModule:
		name = v.name
	case *py.Class:
		name = v.QualName()
	case *starlark.Builtin:
		name = v.Name()
		if recv := v.Receiver(); recv != nil {
			cls := py.TypeOf(recv).QualName()
			module, _, _ := strings.Cut(cls, ".")
			name = module + "." + v.Name()
		}
	case *starlark.Function:
		var params []string
		for i := 0; i < v.NumParams(); i++ {
			n, _ := v.Param(i)
			params = append(params, n)
		}
		say(fmt.Sprintf("Help on function %s in module __main__:\n\n%s(%s)\n", v.Name(), v.Name(), strings.Join(params, ", ")))
		if d := v.Doc(); d != "" {
			say("    " + strings.ReplaceAll(strings.TrimSpace(d), "\n", "\n    ") + "\n")
		}
		return starlark.None, nil
	}
	if name != "" && doc(name) {
		return starlark.None, nil
	}
	if name == "" {
		name = py.Repr(x)
	}
	say(fmt.Sprintf("No reference for %s (a %s); `sockstar doc` lists the modules.\n", name, py.TypeOf(x).Name()))
	return starlark.None, nil
}
