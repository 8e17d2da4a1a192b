package types_test

import (
	"testing"

	"sockstar/runtime/pycompare"
	"sockstar/stdlib"
)

func TestPrograms(t *testing.T) {
	pycompare.RunDir(t, "testdata", stdlib.Modules())
}
