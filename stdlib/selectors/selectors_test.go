package selectors_test

import (
	"testing"

	"sockstar/runtime/startest"
	"sockstar/stdlib"
)

// TestStar runs every testdata script.
func TestStar(t *testing.T) {
	startest.RunDir(t, "testdata", stdlib.Modules())
}
