package binascii_test

import (
	"testing"

	"sockstar/runtime/pycompare"
	"sockstar/runtime/startest"
	"sockstar/stdlib"
)

func TestScripts(t *testing.T) {
	startest.RunDir(t, "testdata", stdlib.Modules())
}

func TestPrograms(t *testing.T) {
	pycompare.RunDir(t, "testdata", stdlib.Modules())
}
