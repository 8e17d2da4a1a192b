package py

import (
	"runtime"
	"strconv"
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

// TestBoxedTextSurvivesGC keeps values made by newText, boxAt and
// partitionOf, and substrings of them, across collections: the blocks
// that hold them must stay alive and unchanged.
func TestBoxedTextSurvivesGC(t *testing.T) {
	type kept struct {
		v, sub, part  starlark.Value
		want, subWant string
	}
	var all []kept
	for i := range 2000 {
		want := strings.Repeat("x", i%300) + strconv.Itoa(i)
		b, v := textStr.newText(len(want))
		copy(b, want)
		sub := starlark.String(string(v.(starlark.String))[i%300:])
		part := textBytes.partitionOf(want, starlark.Bytes(":"), "tail"+strconv.Itoa(i))
		all = append(all, kept{v, sub, part, want, strconv.Itoa(i)})
		if i%100 == 0 {
			runtime.GC()
		}
	}
	runtime.GC()
	for i, k := range all {
		p := k.part.(starlark.Tuple)
		if string(k.v.(starlark.String)) != k.want || string(k.sub.(starlark.String)) != k.subWant ||
			string(p[0].(starlark.Bytes)) != k.want || string(p[2].(starlark.Bytes)) != "tail"+strconv.Itoa(i) {
			t.Fatalf("value %d changed: %v %v %v", i, k.v, k.sub, k.part)
		}
	}
}

// TestCaseWordsAgainstStrings checks the word-at-a-time ASCII paths
// (isASCII, caseFrom, caseInto) against a byte at a time, at every length
// up to 40 (short strings, whole words, and a last word that overlaps the
// one before it) and with a letter or a non-ASCII byte at every place.
func TestCaseWordsAgainstStrings(t *testing.T) {
	for n := 0; n <= 40; n++ {
		// Letters of both cases throughout, or none but the one put in.
		for _, fill := range []string{"gET /x-Seq: 42 \t~@[`{Z", "0 /:42\t~@[`{"} {
			testCaseWords(t, n, fill)
		}
	}
}

// testCaseWords is one length and fill of TestCaseWordsAgainstStrings.
func testCaseWords(t *testing.T, n int, fill string) {
	base := make([]byte, n)
	for i := range base {
		base[i] = fill[i%len(fill)]
	}
	for at := -1; at < n; at++ {
		for _, c := range []byte{'a', 'Z', '@', 0xc3} {
			b := append([]byte(nil), base...)
			if at >= 0 {
				b[at] = c
			}
			s := string(b)
			ascii := !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 })
			if got := isASCII(s); got != ascii {
				t.Fatalf("isASCII(%q) = %v", s, got)
			}
			if !ascii {
				continue
			}
			for _, upper := range []bool{false, true} {
				want := strings.ToLower(s)
				if upper {
					want = strings.ToUpper(s)
				}
				i := caseFrom(s, upper)
				if i < 0 {
					if want != s {
						t.Fatalf("caseFrom(%q, %v) = -1, but it changes", s, upper)
					}
					continue
				}
				if s[:i] != want[:i] {
					t.Fatalf("caseFrom(%q, %v) = %d, past a change", s, upper, i)
				}
				out := make([]byte, n)
				caseInto(out, s, i, upper)
				if string(out) != want {
					t.Fatalf("caseInto(%q, %v) = %q, want %q", s, upper, out, want)
				}
			}
		}
	}
}
