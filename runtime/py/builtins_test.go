package py_test

import (
	"testing"

	"sockstar/runtime/py"
)

// TestBuiltins checks that every listed builtin has a value and that Builtin
// answers each name as Builtins does.
func TestBuiltins(t *testing.T) {
	d := py.Builtins()
	for _, name := range []string{"print", "enumerate", "ValueError", "BaseException", "NotImplemented", "sorted"} {
		if _, ok := d[name]; !ok {
			t.Errorf("Builtins() lacks %s", name)
		}
	}
	for name, v := range d {
		if v == nil {
			t.Errorf("Builtins()[%q] is nil", name)
			continue
		}
		w, ok := py.Builtin(name)
		if !ok || w.Type() != v.Type() {
			t.Errorf("Builtin(%q) = %v, %v; Builtins has %v", name, w, ok, v)
		}
	}
	if v, ok := py.Builtin("no_such_builtin"); ok {
		t.Errorf("Builtin(no_such_builtin) = %v", v)
	}
}
