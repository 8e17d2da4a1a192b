package py

import (
	"strings"
	"testing"

	"go.starlark.net/starlark"
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

// BenchmarkLowerLines is lower() of the six lines of a request head.
func BenchmarkLowerLines(b *testing.B) {
	lines := strings.Split("GET /items/42 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: bench-client/1.0\r\nAccept: text/plain\r\nX-Seq: 42\r\nConnection: keep-alive", "\r\n")
	b.ReportAllocs()
	for range b.N {
		for _, l := range lines {
			sinkValue = textStr.caseMap(l, false)
		}
	}
}

var sinkValue starlark.Value

// BenchmarkReplaceJoin is replace of CRLF on a request head, a replace
// that finds nothing, and a join of a generator's items.
func BenchmarkReplaceJoin(b *testing.B) {
	head := starlark.String("GET /items/42 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: text/plain\r\n")
	crlf, lf, tab, sp := starlark.String("\r\n"), starlark.String("\n"), starlark.String("\t"), starlark.String(" ")
	words := starlark.NewSet(3)
	for _, w := range []string{"GET", "/items/42", "HTTP/1.1"} {
		words.Insert(starlark.String(w))
	}
	m := methodsOf("string")
	b.ReportAllocs()
	for range b.N {
		m["replace"](nil, "replace", head, starlark.Tuple{crlf, lf}, nil)
		m["replace"](nil, "replace", head, starlark.Tuple{tab, sp}, nil)
		if v, err := m["join"](nil, "join", sp, starlark.Tuple{words}, nil); err != nil || len(v.(starlark.String)) != 22 {
			b.Fatal(v, err)
		}
	}
}

// BenchmarkFormat is what f"{host}:{port}" and f"GET {path} HTTP/1.1"
// become: str.format with plain fields.
func BenchmarkFormat(b *testing.B) {
	f1, f2 := starlark.String("{0}:{1}"), starlark.String("GET {0} HTTP/1.1\r\nX-Seq: {1}\r\n")
	host, port, path := starlark.String("127.0.0.1"), starlark.MakeInt(8080), starlark.String("/items/42")
	m := methodsOf("string")
	b.ReportAllocs()
	for range b.N {
		if v, err := m["format"](nil, "format", f1, starlark.Tuple{host, port}, nil); err != nil || len(v.(starlark.String)) != 14 {
			b.Fatal(v, err)
		}
		if _, err := m["format"](nil, "format", f2, starlark.Tuple{path, port}, nil); err != nil {
			b.Fatal(err)
		}
	}
}
