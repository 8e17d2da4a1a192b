package threading_test

import (
	"testing"

	"sockstar/runtime/pycompare"
	"sockstar/runtime/startest"
	"sockstar/stdlib"
)

func TestStar(t *testing.T) {
	startest.RunDir(t, "testdata", stdlib.Modules())
}

// The _thread module against CPython.
func TestPython3(t *testing.T) {
	pycompare.RunDir(t, "testdata/py3", stdlib.Modules())
}
