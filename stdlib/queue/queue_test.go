package queue_test

import (
	"testing"

	"sockstar/runtime/startest"
	"sockstar/stdlib"
)

func TestStar(t *testing.T) {
	startest.RunDir(t, "testdata", stdlib.Modules())
}
