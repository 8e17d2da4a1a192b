package linux

import (
	"errors"
	"syscall"
)

// ErrnoOf is the Linux errno behind err, an error from a call to the
// host: on Linux the kernel's own.
func ErrnoOf(err error) (syscall.Errno, bool) {
	var e syscall.Errno
	ok := errors.As(err, &e)
	return e, ok
}
