package py_test

import (
	"testing"

	"sockstar/runtime/startest"
	"sockstar/stdlib"
)

// TestScripts runs testdata/*.star: Python's str, bytes, list and dict
// behaviour, formatting and builtins, checked against values from CPython.
func TestScripts(t *testing.T) {
	startest.RunDir(t, "testdata", stdlib.Modules())
}
