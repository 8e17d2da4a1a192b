//go:build !linux

package linux

// The open(2) flags Linux numbers per architecture: elsewhere than on
// Linux, x86-64's, which CPython's os module shows there.
const (
	O_DIRECT    = 0x4000
	O_DIRECTORY = 0x10000
	O_NOFOLLOW  = 0x20000
)
