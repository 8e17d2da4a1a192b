package pytime_test

import (
	"testing"
	_ "time/tzdata" // the test's zone must not depend on the machine's zoneinfo

	"sockstar/runtime/startest"
	"sockstar/stdlib"
)

// TestMain fixes the local zone to the one gen_test.py ran CPython under.
func TestMain(m *testing.M) { startest.MainInZone(m, "Europe/Paris") }

func TestScripts(t *testing.T) {
	startest.RunDir(t, "testdata", stdlib.Modules())
}
