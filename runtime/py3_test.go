package runtime_test

import (
	"testing"

	"sockstar/runtime/pycompare"
	"sockstar/stdlib"
)

// The Python 3 statements: each program prints what CPython prints.
func TestPython3(t *testing.T) {
	pycompare.RunDir(t, "testdata/py3", stdlib.Modules())
}
