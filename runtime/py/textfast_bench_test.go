package py

import (
	"strings"
	"testing"
)

func BenchmarkCaseInto1K(b *testing.B) {
	s := strings.Repeat("GET /abc HTTP/1.1 a-zA-Z0-9 ", 36) + strings.Repeat("x", 16)
	b.SetBytes(int64(len(s)))
	for range b.N {
		buf, _ := textBytes.newText(len(s))
		caseInto(buf, s, caseFrom(s, true), true)
	}
}

// BenchmarkTrimSpace is strip() of a header line with a space at each end.
func BenchmarkTrimSpace(b *testing.B) {
	s := " User-Agent: bench-client/1.0 "
	for range b.N {
		if len(textStr.trimSpace("strip", s)) != len(s)-2 {
			b.Fatal("wrong")
		}
	}
}
