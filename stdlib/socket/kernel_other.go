//go:build !linux

package socket

import (
	"syscall"
	"time"

	"sockstar/runtime/linux"
)

// Off Linux the kernel's network is not built: a run without a simulated
// one gets this stack, whose every call fails saying so.
var kernel netStack = noKernel{}

type noKernel struct{}

func (noKernel) Socket(family, typ, proto int) (int, error) { return -1, NoKernelError() }
func (noKernel) Socketpair(family, typ, proto int) ([2]int, error) {
	return [2]int{-1, -1}, NoKernelError()
}
func (noKernel) Close(fd int) error                           { return NoKernelError() }
func (noKernel) Bind(fd int, sa syscall.Sockaddr) error       { return NoKernelError() }
func (noKernel) Listen(fd, backlog int) error                 { return NoKernelError() }
func (noKernel) Accept(fd int) (int, syscall.Sockaddr, error) { return -1, nil, NoKernelError() }
func (noKernel) Connect(fd int, sa syscall.Sockaddr) error    { return NoKernelError() }
func (noKernel) Recvfrom(fd int, p []byte, flags int) (int, syscall.Sockaddr, error) {
	return 0, nil, NoKernelError()
}
func (noKernel) Sendto(fd int, p []byte, flags int, to syscall.Sockaddr) (int, error) {
	return 0, NoKernelError()
}
func (noKernel) Recv(fd int, p []byte, flags int) (int, error)  { return 0, NoKernelError() }
func (noKernel) Send(fd int, p []byte, flags int) (int, error)  { return 0, NoKernelError() }
func (noKernel) Shutdown(fd, how int) error                     { return NoKernelError() }
func (noKernel) Getsockname(fd int) (syscall.Sockaddr, error)   { return nil, NoKernelError() }
func (noKernel) Getpeername(fd int) (syscall.Sockaddr, error)   { return nil, NoKernelError() }
func (noKernel) GetsockoptInt(fd, level, opt int) (int, error)  { return 0, NoKernelError() }
func (noKernel) SetsockoptInt(fd, level, opt, value int) error  { return NoKernelError() }
func (noKernel) GetsockoptLinger(fd int) (*linux.Linger, error) { return nil, NoKernelError() }
func (noKernel) SetsockoptLinger(fd int, l *linux.Linger) error { return NoKernelError() }
func (noKernel) Poll(fd int) int16                              { return linux.POLLNVAL }
func (noKernel) Unlink(path string) error                       { return NoKernelError() }
func (noKernel) SetsockoptBytes(fd, level, opt int, val []byte, n int) error {
	return NoKernelError()
}
func (noKernel) GetsockoptBytes(fd, level, opt, n int) ([]byte, error) { return nil, NoKernelError() }

// dupFD, pollReady and pollWait serve kernel sockets only, which there
// are none of here.
func dupFD(fd int) (int, error)              { return -1, NoKernelError() }
func pollReady(fd int, write bool) bool      { return false }
func pollWait(fd int, d time.Duration) bool  { return false }
func pollWrite(fd int, d time.Duration) bool { return false }
