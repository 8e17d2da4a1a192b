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
