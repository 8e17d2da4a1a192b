//go:build !linux

package scenario

import (
	"errors"
	"net/netip"
)

// newBlackhole: the kernel's network, and so its faults, is Linux's alone.
func newBlackhole(h netip.Addr) (*blackhole, error) {
	return nil, errors.New("the kernel's network is not built for this platform")
}

func (h *blackhole) close() {}
