package main

import "testing"

// TestKernelMissing: off Linux a run without --sim is refused with one
// line that says what to do.
func TestKernelMissing(t *testing.T) {
	for _, c := range []struct {
		goos, goarch string
		sim          bool
		want         string
	}{
		{"linux", "amd64", false, ""},
		{"linux", "arm64", true, ""},
		{"darwin", "arm64", true, ""},
		{"darwin", "arm64", false, "sockstar: the kernel's network is not built for darwin/arm64: run with --sim"},
		{"wasip1", "wasm", false, "sockstar: the kernel's network is not built for wasip1/wasm: run with --sim"},
	} {
		got := ""
		if err := kernelMissingOn(c.goos, c.goarch, c.sim); err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%s/%s sim=%v: %q, want %q", c.goos, c.goarch, c.sim, got, c.want)
		}
	}
}
