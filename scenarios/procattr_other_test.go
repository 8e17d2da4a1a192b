//go:build !linux

package scenarios_test

import "os/exec"

// dieWithTest: only Linux kills a child with its parent (PR_SET_PDEATHSIG).
func dieWithTest(*exec.Cmd) {}
