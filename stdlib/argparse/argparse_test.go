package argparse_test

import (
	"testing"

	"sockstar/runtime/pycompare"
	"sockstar/stdlib"
)

// The programs of testdata print what CPython prints. COLUMNS is empty, so
// both take the width of a stdout that is no terminal: 80 columns.
func TestCPython(t *testing.T) {
	t.Setenv("COLUMNS", "")
	pycompare.RunDir(t, "testdata", stdlib.Modules())
}

// Help laid out for a 40-column terminal, as $COLUMNS says.
func TestNarrow(t *testing.T) {
	t.Setenv("COLUMNS", "40")
	pycompare.RunDir(t, "testdata/narrow", stdlib.Modules())
}
