package random_test

import (
	"path/filepath"
	"testing"

	"sockstar/runtime/pycompare"
	"sockstar/runtime/startest"
	"sockstar/stdlib"
)

func TestScripts(t *testing.T) {
	startest.RunDir(t, "testdata", stdlib.Modules())
}

func TestPrograms(t *testing.T) {
	pycompare.RunDir(t, "testdata", stdlib.Modules())
}

// Without a seed every run draws its own numbers: the module's generator
// is seeded from the OS per run, not shared or fixed.
func TestUnseededRunsDiffer(t *testing.T) {
	file, err := filepath.Abs(filepath.Join("testdata", "unseeded", "draw.py"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for range 3 {
		out := pycompare.Sockstar(t, file, stdlib.Modules())
		if out.Code != 0 {
			t.Fatalf("exit %d: %s", out.Code, out.Stderr)
		}
		if seen[out.Stdout] {
			t.Fatalf("two runs drew the same numbers: %q", out.Stdout)
		}
		seen[out.Stdout] = true
	}
}
