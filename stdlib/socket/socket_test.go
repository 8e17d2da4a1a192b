package socket_test

import (
	"testing"

	"sockstar/runtime/startest"
)

// TestStar runs every testdata script with the offline resolver: no test
// sends a DNS query.
func TestStar(t *testing.T) {
	startest.RunGlob(t, "testdata/*.star", modules(), offline)
}
