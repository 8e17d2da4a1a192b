//go:build !linux

package pyselect

import (
	"time"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
	"sockstar/stdlib/socket"
)

// checkKernel is check without a simulated network where the kernel's is
// not built: standard input as the line reader has it, and every other
// descriptor closed (POLLNVAL), as the kernel says of one it has not.
func checkKernel(p *host.Process, fds []FD) int {
	n := 0
	for i := range fds {
		f := &fds[i]
		f.Revents = linux.POLLNVAL
		if f.Fd == StdinFD {
			f.Revents = 0
			if p.InputPending() {
				f.Revents = f.Events & (POLLIN | POLLRDNORM)
			}
		}
		if f.Revents != 0 {
			n++
		}
	}
	return n
}

// waitKernel: there is no kernel to wait in.
func waitKernel(p *host.Process, fds []FD, deadline time.Time) (int, error) {
	return 0, socket.NoKernelError()
}
