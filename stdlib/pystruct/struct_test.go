package pystruct_test

import (
	"testing"

	"sockstar/runtime/startest"
	"sockstar/stdlib"
)

func TestScripts(t *testing.T) {
	startest.RunDir(t, "testdata", stdlib.Modules())
}
