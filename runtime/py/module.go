package py

import (
	"fmt"
	"sort"
	"sync"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
)

// Module is a built-in module as a script sees it after import: its members
// are attributes, dir() lists them sorted, and it prints as CPython's does.
type Module struct {
	Name string
	// Build makes the members every run shares. It runs once, when a
	// script first imports the module, not at start-up.
	Build func() starlark.StringDict
	// PerRun, if set, adds members that belong to one run (sys.argv,
	// sys.stdout); DynamicNames lists their names for `from M import *`.
	// It runs inside p.Once, so it must not call p.Once itself.
	PerRun       func(p *host.Process) starlark.StringDict
	DynamicNames []string
	// Source, if set, is the module written in Python: each run that
	// imports it runs it once (the runtime compiles it), and Build and
	// PerRun are unused. Path names it in tracebacks. A pointer, to the
	// //go:embed variable that holds the text: its value would have to be
	// copied into the Module by an init function, at every start.
	Source *string
	Path   string

	once    sync.Once
	members starlark.StringDict
}

// Members are the module's members: those Build makes, or for a run's
// instance those and the run's own.
func (m *Module) Members() starlark.StringDict {
	m.once.Do(func() {
		if m.Build != nil {
			m.members = m.Build()
		}
	})
	return m.members
}

// Names lists every member, for `from M import *`.
func (m *Module) Names() []string {
	return append(m.Members().Keys(), m.DynamicNames...)
}

// Instance is the module as one run sees it: the same module when it has no
// per-run members, else a copy made once per run.
func (m *Module) Instance(p *host.Process) *Module {
	if m.PerRun == nil {
		return m
	}
	return p.Once("module:"+m.Name, func() any {
		shared := m.Members()
		members := make(starlark.StringDict, len(shared)+len(m.DynamicNames))
		for k, v := range shared {
			members[k] = v
		}
		for k, v := range m.PerRun(p) {
			members[k] = v
		}
		return &Module{Name: m.Name, members: members}
	}).(*Module)
}

var _ starlark.HasAttrs = (*Module)(nil)

func (m *Module) String() string        { return fmt.Sprintf("<module '%s' (built-in)>", m.Name) }
func (m *Module) Type() string          { return "module" }
func (m *Module) Freeze()               { m.Members().Freeze() }
func (m *Module) Truth() starlark.Bool  { return true }
func (m *Module) Hash() (uint32, error) { return hashString(m.Name), nil }

func (m *Module) Attr(name string) (starlark.Value, error) {
	if name == "__name__" {
		return starlark.String(m.Name), nil
	}
	if v, ok := m.Members()[name]; ok {
		return v, nil
	}
	return nil, Errorf(AttributeError, "module '%s' has no attribute '%s'", m.Name, name)
}

func (m *Module) AttrNames() []string {
	names := append(m.Members().Keys(), "__name__")
	sort.Strings(names)
	return names
}
