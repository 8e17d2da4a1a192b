package scenarios_test

import (
	"testing"

	"sockstar/runtime/pycompare"
	"sockstar/stdlib"
)

// TestCorpus runs the textbook-style socket programs of corpus/ under CPython
// and under sockstar and checks that stdout, stderr and the exit status agree.
// The programs in corpus/failing/ are known to differ and are not run.
func TestCorpus(t *testing.T) {
	pycompare.RunDir(t, "corpus", stdlib.Modules())
}
