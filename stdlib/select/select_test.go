package pyselect_test

import (
	"testing"

	"sockstar/runtime/pycompare"
	"sockstar/runtime/startest"
	"sockstar/stdlib"
)

// TestStar runs every testdata script.
func TestStar(t *testing.T) {
	startest.RunDir(t, "testdata", stdlib.Modules())
}

// TestPython3 compares the testdata/py3 programs with CPython.
func TestPython3(t *testing.T) {
	pycompare.RunDir(t, "testdata/py3", stdlib.Modules())
}
