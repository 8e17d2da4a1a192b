//go:build !linux

package pyselect

import (
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/stdlib/socket"
)

// epollEvent is struct epoll_event: what a poll reports of a descriptor.
type epollEvent struct {
	Events uint32
	Fd     int32
	Pad    int32
}

// Off Linux there is no kernel epoll: select.epoll needs the simulated network.
func newKernelEpoll(p *host.Process) (starlark.Value, error) { return nil, socket.NoKernelError() }

func (e *Epoll) kernelCtl(op, fd int, mask uint32) error { return socket.NoKernelError() }

func (e *Epoll) kernelWait(events []epollEvent, timeout time.Duration) (int, uint32, error) {
	return 0, 0, socket.NoKernelError()
}
