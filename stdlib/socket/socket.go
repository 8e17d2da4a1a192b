package socket

import (
	"errors"
	"fmt"
	"math"
	"os"
	goruntime "runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
)

// Socket is a Python socket object over a real kernel socket. The descriptor
// is non-blocking; the first call that must wait registers it with Go's
// network poller through an os.File, so a blocked call parks a goroutine,
// not a thread, and a socket that never waits costs no registration.
type Socket struct {
	p       *host.Process
	family  int
	stype   int
	proto   int
	timeout time.Duration // < 0: blocking (None); 0: non-blocking; > 0: per-call timeout

	mu     sync.Mutex
	fd     int      // -1 once closed
	file   *os.File // nil until a call first waits on the poller
	rc     syscall.RawConn
	ioRefs int                           // open makefile() objects keep the descriptor alive
	closed bool                          // close() was called
	own    *owner                        // the descriptor, as its cleanup sees it
	handle *handle                       // what the run tracks
	hash   uint32                        // the descriptor it was made with: sockets hash by identity
	bound  [numMethods]*starlark.Builtin // methods looked up, used only under the interpreter lock
	// recvWaited says the last receive found nothing and waited on the poller.
	recvWaited bool
	// connected says a connect made in blocking mode has completed: CPython's
	// blocking connect(2) leaves the kernel's socket connected, so a second
	// connect fails with EISCONN; this one's non-blocking connect leaves it
	// connecting, and the kernel would answer the next connect with 0.
	connected bool
	lastWait  time.Duration // how long the last receive waited on the poller
	hooks     *Hooks        // the run's hooks, looked up once
	// The last sendto address and recvfrom sender, converted; used under the lock.
	lastTo     starlark.Value
	lastToSA   syscall.Sockaddr
	lastFrom   starlark.Value
	lastFromSA syscall.Sockaddr
	rb         *runState      // what the run's sockets share
	ns         netStack       // the network the descriptor lives on
	sim        bool           // ns is a simulated network: waits go through the run's scheduler
	simWait    [2]func() bool // simReady's questions, to read and to write
	// lastRecvFull says the last receive filled at least half its buffer.
	lastRecvFull bool
	// outside says a datagram socket is connected to an address outside
	// its scenario's run (Hooks.Reaches): what it sends is lost.
	outside bool
	// rawPeer is where a raw socket was connected (the kernel's address):
	// getpeername does not say it, and its packets are confined (confineRaw).
	rawPeer syscall.Sockaddr
	// traceAt is what a traced run keeps of the socket's addresses.
	traceAt *traceAddr
	// resetPipe says a scenario's reset found the connection in CLOSE_WAIT
	// (ResetConns): its ECONNRESET is reported as EPIPE.
	resetPipe atomic.Bool
	// wasReset says a scenario's reset disconnected the socket (ResetConns).
	wasReset atomic.Bool
	// dq carries its sends over a scenario's Path (delay.go); noPath says
	// a stream socket's peer has none. Both under mu.
	dq     *delayQueue
	noPath bool
}

var (
	_ starlark.HasAttrs = (*Socket)(nil)
	_ host.Resource     = (*Socket)(nil)
	_ py.Typed          = (*Socket)(nil)
)

// SocketClass is socket.socket: the constructor and the class isinstance checks.
var SocketClass = py.DeclareClass("socket", "socket", &py.Object, nil)

// completeClass gives SocketClass its constructor and methods, when the
// module is built: a script reaches the class only through the module,
// whose builtins make every socket. In SocketClass's declaration they
// would be a cycle (they reach SocketClass), and in an init function they
// would be set at every start of sockstar.
var completeClass sync.Once

func completeSocketClass() {
	completeClass.Do(func() {
		SocketClass.New = newSocket
		SocketClass.Methods = classMethods.Get
	})
}

const noTimeout = time.Duration(-1)

// newFD wraps a fresh non-blocking descriptor; it takes ownership of fd.
func newFD(p *host.Process, fd, family, stype, proto int, timeout time.Duration) (*Socket, error) {
	rb := runStateOf(p)
	s := &Socket{p: p, fd: fd, family: family, stype: stype, proto: proto, timeout: timeout, hash: uint32(fd),
		hooks: hooksOf(p), rb: rb, ns: rb.ns, sim: rb.sim, lastWait: rb.lastWait}
	if !track(p, s) {
		rb.ns.Close(fd)
		return nil, p.Cause()
	}
	return s, nil
}

// poller returns the socket's poller registration, made on first use.
// Never for a simulated socket: an os.File on its number would close the
// kernel descriptor that has the same number, someone else's.
func (s *Socket) poller() (syscall.RawConn, *os.File, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fd < 0 {
		return nil, nil, errBadFD()
	}
	if s.sim {
		// A caller that forgot: an error, not someone else's descriptor closed.
		return nil, nil, py.Errorf(py.RuntimeError, "internal error: poller of a simulated socket (fd %d)", s.fd)
	}
	if s.file == nil {
		s.own.mu.Lock()
		s.own.file = true // from now on the File closes it, when collected
		s.own.mu.Unlock()
		f := os.NewFile(uintptr(s.fd), "socket")
		rc, err := f.SyscallConn()
		if err != nil {
			return nil, nil, py.Errorf(py.OSError, "%v", err)
		}
		s.file, s.rc = f, rc
	}
	return s.rc, s.file, nil
}

func (s *Socket) PyClass() *py.Class { return SocketClass }
func (s *Socket) Type() string       { return "socket" }
func (s *Socket) Freeze()            {}
func (s *Socket) Truth() starlark.Bool {
	return true
}
func (s *Socket) Hash() (uint32, error) {
	return s.hash, nil
}

// String is CPython's repr of a socket object.
func (s *Socket) String() string {
	fd := s.fileno()
	if fd < 0 {
		return fmt.Sprintf("<socket.socket [closed] fd=-1, family=%d, type=%d, proto=%d>", s.family, s.stype, s.proto)
	}
	out := fmt.Sprintf("<socket.socket fd=%d, family=%d, type=%d, proto=%d", fd, s.family, s.stype, s.proto)
	// CPython leaves out an address that is unset (an unnamed AF_UNIX socket, no peer).
	for _, part := range []struct {
		label string
		get   func() (syscall.Sockaddr, error)
	}{{"laddr", s.sysGetsockname}, {"raddr", s.sysGetpeername}} {
		if sa, err := part.get(); err == nil {
			if v := s.nameValue(sa); v != starlark.None && v != starlark.String("") {
				out += ", " + part.label + "=" + py.Repr(v)
			}
		}
	}
	return out + ">"
}

func (s *Socket) fileno() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return -1
	}
	return s.fd
}

// Interrupt wakes every call blocked on the socket: the run is cancelled.
func (s *Socket) Interrupt() {
	s.mu.Lock()
	f := s.file
	s.mu.Unlock()
	if f != nil {
		f.SetDeadline(time.Unix(1, 0))
	}
}

// Close releases the descriptor; safe to call more than once.
func (s *Socket) Close() error {
	if fl := s.hooks.Faults; fl != nil && fl.Path != nil && s.stype == linux.SOCK_STREAM {
		s.pathOf(fl, nil) // the close travels the path too, behind the data
	}
	s.mu.Lock()
	s.closed = true
	s.ioRefs = 0
	f, fd, dq := s.file, s.fd, s.dq
	s.file, s.fd = nil, -1
	s.mu.Unlock()
	if dq != nil {
		dq.close()
	}
	if s.own != nil {
		s.own.mu.Lock()
		s.own.closed = true
		s.own.mu.Unlock()
	}
	if s.handle != nil {
		s.p.Untrack(s.handle)
	}
	if fd < 0 {
		return nil
	}
	if fl := s.hooks.Faults; fl != nil && fl.SlowClose > 0 && fl.After != nil && s.stype == linux.SOCK_STREAM {
		// A slow_close fault: the network sees the close later, even
		// when it comes with the end of the process.
		if f != nil {
			fl.After(fl.SlowClose, func() { f.Close() })
		} else {
			fl.After(fl.SlowClose, func() { s.ns.Close(fd) })
		}
		return nil
	}
	if f != nil {
		return f.Close()
	}
	return s.ns.Close(fd)
}

// release closes the descriptor once the socket and every makefile() object
// made from it are closed, as CPython's socket does.
func (s *Socket) release() {
	s.mu.Lock()
	if !s.closed || s.ioRefs > 0 || s.fd < 0 {
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	s.Close()
}

// errBadFD is OSError(EBADF), made anew each time: catch writes the
// traceback into the exception it returns, so runs must not share one.
func errBadFD() error { return py.FromErrno(linux.EBADF) }

// rawFD is the descriptor for a call made at once, under the interpreter
// lock: no other script thread can close it meanwhile, and the run closes
// its sockets only under that lock. -1 once closed.
func (s *Socket) rawFD() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fd
}

// runState is what the run's sockets share, used under the interpreter
// lock: one buffer for small receives (only the lock's holder uses it, until
// the bytes are copied out) and the busy-poll history.
type runState struct {
	ns  netStack
	sim bool
	b   []byte
	// lastWait is how long the run's last receive waited: a new socket
	// starts from it, so its first receive may busy-poll too.
	lastWait time.Duration
	// Spins to skip, and the length of the last run of skips (see spin).
	spinSkip, spinMisses int
}

func runStateOf(p *host.Process) *runState {
	ns := stackOf(p) // not inside Once, which holds the process's lock
	return p.Once("socket.run", func() any {
		return &runState{ns: ns, sim: ns != kernel}
	}).(*runState)
}

// smallRecv is the largest receive made through the run's buffer (the bytes
// are then copied out); larger ones get a buffer of their own that becomes
// the bytes value.
const smallRecv = 64 << 10

// ownRecv is the size above which a receive expected to fill its buffer gets
// a buffer of its own, which becomes the bytes value without a copy.
const ownRecv = 8 << 10

func (rb *runState) get(size int) []byte {
	if cap(rb.b) < size {
		rb.b = make([]byte, size)
	}
	return rb.b[:size]
}

// control runs fn on the descriptor with the poller's reference held, so a
// concurrent close cannot reuse the number under it. A socket not yet
// registered is used directly: the caller holds the interpreter lock, which
// every close takes.
func (s *Socket) control(fn func(fd int) error) error {
	s.mu.Lock()
	rc, fd := s.rc, s.fd
	s.mu.Unlock()
	if fd < 0 {
		return errBadFD()
	}
	if rc == nil {
		return fn(fd)
	}
	var opErr error
	if err := rc.Control(func(fd uintptr) { opErr = fn(int(fd)) }); err != nil {
		return errBadFD()
	}
	return opErr
}

// io runs a non-blocking syscall, waiting on the poller while it would block
// and the socket's mode allows, and maps the outcome to Python's errors.
// write selects which readiness to wait for. fn may run without the
// interpreter lock (on the poller's path): it may touch only Go values of
// its own call.
func (s *Socket) io(write bool, deadline time.Time, fn func(fd int) error) error {
	// Off Linux every socket is the simulated network's: the constant test
	// leaves the kernel's waits out of the build.
	if s.sim || goruntime.GOOS != "linux" {
		return s.mapErr(s.waitSim(write, deadline, fn))
	}
	if s.timeout != 0 && s.p.Alone() {
		return s.mapErr(s.waitKernel(write, deadline, fn))
	}
	rc, f, err := s.poller()
	if err != nil {
		return err
	}
	if s.timeout == 0 {
		return s.mapErr(s.control(fn))
	}
	if s.timeout > 0 {
		if err := setDeadline(f, write, deadline); err != nil {
			return errBadFD()
		}
	}
	// A cancel that came before the deadline above was set is seen here;
	// one that comes after it moves the deadline into the past.
	if s.p.Cancelled() {
		return s.p.Cause()
	}
	var opErr error
	waiting := s.hooks.Waiting
	var resumed func()
	wait := func(fd uintptr) bool {
		opErr = fn(int(fd))
		again := errors.Is(opErr, linux.EAGAIN)
		if resumed != nil {
			resumed()
			resumed = nil
		}
		if again && waiting != nil {
			resumed = waiting(socketProbe{int(fd), write})
		}
		return !again
	}
	// The main thread's wait is the one a signal wakes (by a past deadline).
	me := s.p.Holder()
	for {
		mainWaits := s.p.MainWaitsOn(me, s)
		err = s.p.Unlocked(func() error {
			if write {
				return rc.Write(wait)
			}
			return rc.Read(wait)
		})
		if resumed != nil {
			resumed() // the wait ended by deadline or cancel
			resumed = nil
		}
		if !mainWaits {
			break
		}
		s.p.MainWaitsOn(me, nil)
		if !s.p.InterruptPending() {
			break
		}
		// The past deadline a signal set goes; a call with a timeout has its own.
		if s.timeout < 0 {
			f.SetDeadline(time.Time{})
		} else {
			setDeadline(f, write, deadline)
		}
		// A call that did its work keeps its result: the signal is taken by
		// the next step of the script.
		if err == nil {
			break
		}
		took, sigErr := s.p.TakeSignal(me, true)
		if sigErr != nil {
			return sigErr
		}
		if !took {
			break
		}
		// The script's handler returned: wait on, as CPython retries the call.
	}
	if err != nil {
		return s.mapErr(err)
	}
	return s.mapErr(opErr)
}

// waitKernel is io for a run with a single thread: the thread itself waits
// in ppoll(2) between tries, as CPython's blocking calls do, so the kernel
// wakes it directly. fn runs under the interpreter lock.
func (s *Socket) waitKernel(write bool, deadline time.Time, fn func(fd int) error) error {
	fd := s.rawFD()
	if fd < 0 {
		return errBadFD()
	}
	// Callers come here after a try that would have blocked, and ppoll
	// returns at once for a descriptor already ready: wait first.
	for {
		var resumed func()
		if waiting := s.hooks.Waiting; waiting != nil {
			resumed = waiting(socketProbe{fd, write})
		}
		ready, werr := s.p.WaitFD(fd, write, deadline)
		if resumed != nil {
			resumed()
		}
		if werr != nil {
			return werr
		}
		if !ready {
			return os.ErrDeadlineExceeded
		}
		if err := fn(fd); err != linux.EAGAIN {
			return err
		}
	}
}

// waitSim is io on a simulated network: between tries the thread waits
// in the run's scheduler until the descriptor is ready.
func (s *Socket) waitSim(write bool, deadline time.Time, fn func(fd int) error) error {
	ready := s.simReady(write)
	for {
		fd := s.rawFD()
		if fd < 0 {
			return errBadFD()
		}
		if err := fn(fd); err != linux.EAGAIN || s.timeout == 0 {
			return err
		}
		timedOut, err := s.p.SimWait(ready, deadline)
		if err != nil {
			return err
		}
		if timedOut {
			return os.ErrDeadlineExceeded
		}
	}
}

// simReady is the scheduler's question for a wait to read (or write):
// whether the socket can, made once per socket.
func (s *Socket) simReady(write bool) func() bool {
	i := 0
	if write {
		i = 1
	}
	if s.simWait[i] == nil {
		want := int16(host.PollIn | pollErrHup)
		if write {
			want = host.PollOut | pollErrHup
		}
		s.simWait[i] = func() bool {
			fd := s.rawFD()
			return fd < 0 || s.ns.Poll(fd)&want != 0
		}
	}
	return s.simWait[i]
}

// recvSimWait is recvWait on a simulated network: it waits in the run's
// scheduler until the socket is readable, then receives as recvNow does,
// through the run's buffer (only the baton's holder runs).
func (s *Socket) recvSimWait(size, flags int, scratch []byte) (string, error) {
	deadline := s.deadline()
	for {
		timedOut, err := s.p.SimWait(s.simReady(false), deadline)
		if err != nil {
			return "", err
		}
		if timedOut {
			return "", s.mapErr(os.ErrDeadlineExceeded)
		}
		data, err := s.recvNow(size, flags, scratch)
		if err != linux.EAGAIN {
			return data, s.mapErr(err)
		}
	}
}

// pollErrHup are poll(2)'s POLLERR and POLLHUP: a wait ends on them too.
const pollErrHup = 0x8 | 0x10

func setDeadline(f *os.File, write bool, t time.Time) error {
	if write {
		return f.SetWriteDeadline(t)
	}
	return f.SetReadDeadline(t)
}

// mapErr turns a syscall or poller error into the exception CPython raises.
func (s *Socket) mapErr(err error) error {
	if err == nil {
		return nil
	}
	var exc *py.Exception
	if errors.As(err, &exc) {
		return exc
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		if s.p.Cancelled() {
			return s.p.Cause()
		}
		return py.New(py.TimeoutError, starlark.String("timed out"))
	}
	if errors.Is(err, os.ErrClosed) {
		return errBadFD()
	}
	if s.resetPipe.Load() {
		err = s.resetErr(err)
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		if errno == linux.EAGAIN && s.timeout > 0 {
			return py.New(py.TimeoutError, starlark.String("timed out"))
		}
		return py.FromErrno(errno)
	}
	if s.p.Cancelled() {
		return s.p.Cause()
	}
	return py.Errorf(py.OSError, "%v", err)
}

func (s *Socket) deadline() time.Time {
	if s.timeout > 0 {
		return s.p.Now().Add(s.timeout)
	}
	return time.Time{}
}

func (s *Socket) sysGetsockname() (syscall.Sockaddr, error) {
	var sa syscall.Sockaddr
	err := s.control(func(fd int) (err error) {
		sa, err = s.ns.Getsockname(fd)
		return err
	})
	return sa, err
}

func (s *Socket) sysGetpeername() (syscall.Sockaddr, error) {
	var sa syscall.Sockaddr
	err := s.control(func(fd int) (err error) {
		sa, err = s.ns.Getpeername(fd)
		return err
	})
	return sa, err
}

// timeoutArg reads a timeout as CPython does: None, or seconds >= 0.
func timeoutArg(v starlark.Value) (time.Duration, error) {
	if v == starlark.None {
		return noTimeout, nil
	}
	// CPython keeps a timeout in nanoseconds, in 64 bits.
	const maxSecs = float64(math.MaxInt64) / 1e9
	var secs float64
	switch x := v.(type) {
	case starlark.Int:
		f, _ := starlark.AsFloat(x)
		if f > maxSecs {
			return 0, py.Errorf(py.OverflowError, "timestamp too large to convert to C _PyTime_t")
		}
		secs = f
	case starlark.Float:
		secs = float64(x)
	default:
		return 0, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
	}
	if math.IsNaN(secs) {
		return 0, py.Errorf(py.ValueError, "Invalid value NaN (not a number)")
	}
	if secs < 0 {
		return 0, py.Errorf(py.ValueError, "Timeout value out of range")
	}
	if secs >= maxSecs {
		return 0, py.Errorf(py.OverflowError, "timestamp out of range for platform time_t")
	}
	return time.Duration(secs * float64(time.Second)), nil
}

func timeoutValue(d time.Duration) starlark.Value {
	if d < 0 {
		return starlark.None
	}
	return starlark.Float(d.Seconds())
}
