//go:build cpuprofile

package main

import (
	"os"
	"runtime/pprof"
)

// startCPUProfile writes a Go CPU profile of the run to path, for pprof, until
// the function it returns is called.
func startCPUProfile(path string) (stop func()) {
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	pprof.StartCPUProfile(f)
	return pprof.StopCPUProfile
}
