package hashlib_test

import (
	"testing"

	"sockstar/runtime/pycompare"
	"sockstar/stdlib"
)

// The programs of testdata print what CPython prints.
func TestCPython(t *testing.T) {
	pycompare.RunDir(t, "testdata", stdlib.Modules())
}
