//go:build !linux

package host

import (
	"errors"
	"time"
)

// Off Linux there is no kernel network, so nothing waits in the kernel:
// a simulated run waits on its scheduler, and the run has no eventfd.
var errNoKernelWait = errors.New("sockstar: no kernel waits off Linux")

// WaitFD is never called without the kernel's network.
func (p *Process) WaitFD(fd int, write bool, deadline time.Time) (bool, error) {
	return false, errNoKernelWait
}

func signalFD(int) {}

func drainWake(int) {}

func (p *Process) closeWake() {
	p.mu.Lock()
	p.wakeClosed = true
	p.mu.Unlock()
}
