package linux

import "syscall"

// The open(2) flags Linux numbers per architecture (arm64's are not
// x86-64's): on Linux, the running kernel's.
const (
	O_DIRECT    = syscall.O_DIRECT
	O_DIRECTORY = syscall.O_DIRECTORY
	O_NOFOLLOW  = syscall.O_NOFOLLOW
)
