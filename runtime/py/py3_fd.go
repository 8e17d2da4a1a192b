package py

import (
	"sync"
	"sync/atomic"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/hostfs"
	"sockstar/runtime/linux"
)

// Descriptors a script holds as plain numbers: what os.open and
// tempfile.mkstemp return. os.read, os.write, os.close and open(fd) reach
// these and no others, so a script cannot close or write to a descriptor
// of a socket or file object behind its back, nor to the run's own. Those
// still open when the run ends are closed, as the process's exit would.

// rawFDs is one run's table of them.
type rawFDs struct {
	mu  sync.Mutex
	fds map[int]*rawFD
}

// rawFD is one such descriptor, a resource of the run until closed.
type rawFD struct {
	fd     int
	closed atomic.Bool // os.close and the run's end may both close it
}

var _ host.Resource = (*rawFD)(nil)

// Interrupt has nothing to wake: reads and writes of these files do not wait on a peer.
func (r *rawFD) Interrupt() {}

func (r *rawFD) Close() error {
	if !r.closed.CompareAndSwap(false, true) {
		return nil
	}
	return hostfs.Close(r.fd)
}

func rawTable(p *host.Process) *rawFDs {
	return p.Once("py:rawfds", func() any { return &rawFDs{fds: map[int]*rawFD{}} }).(*rawFDs)
}

// AdoptFD makes fd, just opened for the script, one it holds as a number.
// When the run is over it is closed; the error is the run's cause then.
func AdoptFD(p *host.Process, fd int) error {
	r := &rawFD{fd: fd}
	if !p.Track(r) {
		hostfs.Close(fd)
		return p.Cause()
	}
	t := rawTable(p)
	t.mu.Lock()
	t.fds[fd] = r
	t.mu.Unlock()
	return nil
}

// ownsFD reports whether the script holds fd as a number.
func ownsFD(p *host.Process, fd int) bool {
	t := rawTable(p)
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.fds[fd]
	return ok
}

// OwnedFD checks that the script holds v, an int, as a descriptor; a
// number the run never gave it is EBADF, as for a closed descriptor. The
// caller's own checks of v's type come first.
func OwnedFD(p *host.Process, v starlark.Value) (int, error) {
	n, ok := v.(starlark.Int)
	if !ok {
		return 0, Errorf(TypeError, "'%s' object cannot be interpreted as an integer", TypeOf(v).Name())
	}
	fd, ok := n.Int64()
	if !ok || fd > 1<<31-1 || fd < -1<<31 {
		return 0, Errorf(OverflowError, "fd is greater than maximum")
	}
	if !ownsFD(p, int(fd)) {
		if hostfs.IsOpen(int(fd)) {
			// Open, but a socket's, a file object's, the standard streams
			// (which are the sockstar process's) or the run's own.
			return 0, Errorf(OSError, "sockstar: descriptor %d is not one the script holds as a number (from os.open or tempfile.mkstemp); use the object it belongs to (sys.stdout, a socket, a file)", fd)
		}
		return 0, FromErrno(linux.EBADF)
	}
	return int(fd), nil
}

// takeFD hands fd over to a file object of open(fd), which closes it.
func takeFD(p *host.Process, fd int) {
	t := rawTable(p)
	t.mu.Lock()
	r := t.fds[fd]
	delete(t.fds, fd)
	t.mu.Unlock()
	if r != nil {
		p.Untrack(r)
	}
}

// CloseFD is os.close(fd) of a descriptor the script holds as a number.
func CloseFD(p *host.Process, fd int) error {
	t := rawTable(p)
	t.mu.Lock()
	r := t.fds[fd]
	delete(t.fds, fd)
	t.mu.Unlock()
	if r == nil {
		return FromErrno(linux.EBADF)
	}
	p.Untrack(r)
	if err := r.Close(); err != nil {
		return errnoError(err)
	}
	return nil
}

// SetName gives a file the name its .name and repr show: tempfile's files,
// opened from a descriptor, are named by their path as CPython names them.
func (f *File) SetName(name starlark.Value) { f.name = name }
