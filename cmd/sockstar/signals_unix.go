//go:build linux || darwin

package main

import (
	"os"
	"os/signal"
	"syscall"
)

// interruptSelf sends the process SIGINT with its default action back, so
// that it dies of it and the parent (a shell, a test) sees the signal, not
// just a status. It reports whether it could.
func interruptSelf() bool {
	signal.Reset(os.Interrupt)
	return syscall.Kill(os.Getpid(), syscall.SIGINT) == nil
}
