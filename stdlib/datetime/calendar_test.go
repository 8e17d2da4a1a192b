package datetime

import "testing"

// Every day of years 1 to 9999 converts to its ordinal and back.
func TestOrdinals(t *testing.T) {
	y, m, d := 1, 1, 1
	for n := 1; n <= maxOrdinal; n++ {
		if got := ymdToOrd(y, m, d); got != n {
			t.Fatalf("ymdToOrd(%d, %d, %d) = %d, want %d", y, m, d, got, n)
		}
		if gy, gm, gd := ordToYMD(n); gy != y || gm != m || gd != d {
			t.Fatalf("ordToYMD(%d) = %d-%d-%d, want %d-%d-%d", n, gy, gm, gd, y, m, d)
		}
		if d++; d > daysInMonth(y, m) {
			d, m = 1, m+1
			if m > 12 {
				m, y = 1, y+1
			}
		}
	}
}
