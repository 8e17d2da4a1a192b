// Package hostfs is the host's files through descriptor numbers, as a
// script's os.open and open() see them: flags and st_mode bits are
// Linux's (runtime/linux), and every error is a syscall.Errno with
// Linux's number, on every platform. On Linux the calls are the kernel's
// own; elsewhere they go through Go's os package, with descriptor numbers
// of the package's own, from 3 as a kernel gives them.
package hostfs

import "sockstar/runtime/linux"

// Info is what sockstar reads of stat(2): st_mode (Linux's type bits and
// the permissions) and st_size.
type Info struct {
	Mode uint32
	Size int64
}

// IsDir reports whether the file is a directory.
func (st Info) IsDir() bool { return st.Mode&linux.S_IFMT == linux.S_IFDIR }
