//go:build !cpuprofile

package main

import (
	"fmt"
	"os"
)

// startCPUProfile says how to get a profile: linking runtime/pprof turns on
// Go's memory profiling, whose first sample costs every start ~0.3 ms.
func startCPUProfile(string) (stop func()) {
	fmt.Fprintln(os.Stderr, "sockstar: warning: SOCKSTAR_CPUPROFILE needs a build with -tags cpuprofile; no profile written")
	return func() {}
}
