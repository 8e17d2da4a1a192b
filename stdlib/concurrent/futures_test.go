package concurrent_test

import (
	"testing"

	"sockstar/runtime/pycompare"
	"sockstar/stdlib"
)

// TestPython3 compares the testdata/py3 programs with CPython.
func TestPython3(t *testing.T) {
	pycompare.RunDir(t, "testdata/py3", stdlib.Modules())
}
