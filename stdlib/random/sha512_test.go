package random

import (
	"crypto/sha512"
	"strings"
	"testing"
)

// sum512 agrees with crypto/sha512 on every length around the block and
// padding boundaries, and on a long input.
func TestSum512(t *testing.T) {
	for n := 0; n <= 300; n++ {
		data := []byte(strings.Repeat("sockstar", 40)[:n])
		if got, want := sum512(data), sha512.Sum512(data); got != want {
			t.Fatalf("len %d: %x, want %x", n, got, want)
		}
	}
	long := []byte(strings.Repeat("a", 1<<20))
	if got, want := sum512(long), sha512.Sum512(long); got != want {
		t.Fatalf("1 MiB: %x, want %x", got, want)
	}
}
