package pyos

import (
	"fmt"
	"os"
	"strings"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// Environ is os.environ: the process environment as the run started, a
// mapping of str to str with the dict methods (get, keys, items, ...).
type Environ struct {
	d *starlark.Dict
}

var (
	_ starlark.IterableMapping = (*Environ)(nil)
	_ starlark.HasSetKey       = (*Environ)(nil)
	_ starlark.HasAttrs        = (*Environ)(nil)
	_ starlark.Sequence        = (*Environ)(nil)
)

var environClass = py.DeclareClass("os", "_Environ", &py.Object, nil)

// newEnviron snapshots the run's environment: the process's, or the one
// its runner gave it (a scenario's).
func newEnviron(p *host.Process) *Environ {
	env := p.Env
	if env == nil {
		env = os.Environ()
	}
	d := starlark.NewDict(0)
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		d.SetKey(starlark.String(k), starlark.String(v))
	}
	return &Environ{d: d}
}

func (e *Environ) String() string                           { return "environ(" + py.Repr(e.d) + ")" }
func (e *Environ) PyRepr() string                           { return e.String() }
func (e *Environ) Type() string                             { return "_Environ" }
func (e *Environ) PyClass() *py.Class                       { return environClass }
func (e *Environ) Freeze()                                  { e.d.Freeze() }
func (e *Environ) Truth() starlark.Bool                     { return e.d.Len() > 0 }
func (e *Environ) Hash() (uint32, error)                    { return 0, fmt.Errorf("unhashable type: '_Environ'") }
func (e *Environ) Len() int                                 { return e.d.Len() }
func (e *Environ) Iterate() starlark.Iterator               { return e.d.Iterate() }
func (e *Environ) Items() []starlark.Tuple                  { return e.d.Items() }
func (e *Environ) AttrNames() []string                      { return e.d.AttrNames() }
func (e *Environ) Attr(name string) (starlark.Value, error) { return e.d.Attr(name) }

func (e *Environ) Get(k starlark.Value) (starlark.Value, bool, error) {
	return e.d.Get(k)
}

func (e *Environ) SetKey(k, v starlark.Value) error {
	if _, ok := k.(starlark.String); !ok {
		return py.Errorf(py.TypeError, "str expected, not %s", py.TypeOf(k).Name())
	}
	if _, ok := v.(starlark.String); !ok {
		return py.Errorf(py.TypeError, "str expected, not %s", py.TypeOf(v).Name())
	}
	return e.d.SetKey(k, v)
}

// Getenv reads the run's os.environ, as os.getenv does: what the script
// set there counts (tempfile reads TMPDIR so).
func Getenv(p *host.Process, key string) (string, bool) {
	environ := self.module().Instance(p).Members()["environ"].(*Environ)
	v, found, err := environ.d.Get(starlark.String(key))
	if err != nil || !found {
		return "", false
	}
	s, ok := v.(starlark.String)
	return string(s), ok
}
