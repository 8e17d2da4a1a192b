//go:build !linux && !darwin

package main

// interruptSelf: a process here cannot send itself SIGINT, so it ends with
// the status alone (130).
func interruptSelf() bool { return false }
