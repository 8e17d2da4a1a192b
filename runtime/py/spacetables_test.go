package py

import "testing"

// TestSpaceTables checks the whitespace tables of strip and split against
// isSpace, Python's whitespace for str and for bytes.
func TestSpaceTables(t *testing.T) {
	for c := range 0x80 {
		if got, want := strSpace[c], textStr.isSpace(rune(c)); got != want {
			t.Errorf("strSpace[%#x] = %v, want %v", c, got, want)
		}
		if got, want := bytesSpace[c], textBytes.isSpace(rune(c)); got != want {
			t.Errorf("bytesSpace[%#x] = %v, want %v", c, got, want)
		}
	}
	for c := 0x80; c < 0x100; c++ {
		if strSpace[c] || bytesSpace[c] {
			t.Errorf("%#x marked as space: the tables are for bytes below 0x80 (bytes above are never space)", c)
		}
	}
}
