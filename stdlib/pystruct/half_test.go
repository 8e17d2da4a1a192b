package pystruct

import (
	"math"
	"testing"
)

// Every binary16 value that is a number must survive a round trip.
func TestHalfRoundTrip(t *testing.T) {
	for h := 0; h < 1<<16; h++ {
		x := fromHalf(uint16(h))
		if math.IsNaN(x) {
			continue
		}
		got, ok := toHalf(x)
		if !ok || got != uint16(h) {
			t.Fatalf("toHalf(fromHalf(%#04x)) = %#04x, %v", h, got, ok)
		}
	}
}
