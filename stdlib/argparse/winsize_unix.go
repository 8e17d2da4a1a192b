//go:build linux || darwin

package argparse

import (
	"os"
	"syscall"
	"unsafe"
)

// terminalColumns is the width of the terminal f is (TIOCGWINSZ), 0 if
// it is none.
func terminalColumns(f *os.File) int {
	var ws struct{ row, col, x, y uint16 }
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TIOCGWINSZ, uintptr(unsafe.Pointer(&ws)))
	if errno != 0 {
		return 0
	}
	return int(ws.col)
}
