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
