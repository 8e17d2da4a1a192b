package pyselect

import (
	"fmt"
	"math"
	"os"
	"time"
	"unsafe"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
	"sockstar/stdlib/socket"
)

// EpollClass is select.epoll's type.
var EpollClass = py.DeclareClass("select", "epoll", &py.Object, newEpoll)

// The epoll(7) constants of the select module.
const (
	EPOLLIN        = 0x1
	EPOLLPRI       = 0x2
	EPOLLOUT       = 0x4
	EPOLLERR       = 0x8
	EPOLLHUP       = 0x10
	EPOLLRDNORM    = 0x40
	EPOLLRDBAND    = 0x80
	EPOLLWRNORM    = 0x100
	EPOLLWRBAND    = 0x200
	EPOLLMSG       = 0x400
	EPOLLRDHUP     = 0x2000
	EPOLLEXCLUSIVE = 1 << 28
	EPOLLONESHOT   = 1 << 30
	EPOLLET        = 1 << 31
	EPOLL_CLOEXEC  = linux.EPOLL_CLOEXEC
)

// fdSetSize is FD_SETSIZE, which bounds a poll's events when maxevents is -1.
const fdSetSize = 1024

// Epoll is a select.epoll object: a kernel epoll instance, with the
// kernel's own semantics (edge triggering, one-shot, its errors). Its
// descriptor is also registered with Go's network poller, so a poll parks
// a goroutine, and a cancel (Interrupt) ends it. Descriptor 0 is the
// script's standard input as sockstar reads it, as for select.poll.
type Epoll struct {
	p      *host.Process
	fd     int
	f      *os.File // fd, as Go's poller waits on it
	closed bool
	// stdin is fd 0's registration: its mask, and whether it is registered.
	stdinMask uint32
	stdinReg  bool
	// sim, on a simulated network, is the interest list; fd is then a
	// descriptor number of the simulated table, and f nil.
	sim *simEpoll
}

var (
	_ starlark.HasAttrs = (*Epoll)(nil)
	_ py.Typed          = (*Epoll)(nil)
	_ py.Closer         = (*Epoll)(nil)
	_ host.Resource     = (*Epoll)(nil)
)

func newEpoll(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sizehint, flags starlark.Value = starlark.MakeInt(-1), starlark.MakeInt(0)
	if err := starlark.UnpackArgs("epoll", args, kwargs, "sizehint?", &sizehint, "flags?", &flags); err != nil {
		return nil, err
	}
	hint, err := cInt(sizehint)
	if err != nil {
		return nil, err
	}
	if hint != -1 && hint <= 0 {
		return nil, py.Errorf(py.ValueError, "negative sizehint")
	}
	fl, err := cInt(flags)
	if err != nil {
		return nil, err
	}
	if fl != 0 && fl != EPOLL_CLOEXEC {
		return nil, py.Errorf(py.OSError, "invalid flags")
	}
	p := host.Of(thread)
	if p.Sim() != nil {
		fd, ok := socket.ReserveSim(p)
		if !ok {
			return nil, py.FromErrno(linux.EMFILE)
		}
		e := &Epoll{p: p, fd: fd, sim: newSimEpoll()}
		if !p.Track(e) {
			socket.ReleaseSim(p, fd)
			return nil, p.Cause()
		}
		return e, nil
	}
	return newKernelEpoll(p)
}

// cInt reads an int argument as a C int.
func cInt(v starlark.Value) (int, error) {
	switch x := v.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if !ok || n != int64(int32(n)) {
			return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C int")
		}
		return int(n), nil
	case starlark.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	}
	return 0, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
}

// epollMask reads an event mask as CPython's "I" converter does: any int,
// taken modulo 2**32.
func epollMask(v starlark.Value) (uint32, error) {
	switch x := v.(type) {
	case starlark.Int:
		b := x.BigInt()
		words := b.Bits()
		var low uint64
		if len(words) > 0 {
			low = uint64(words[0])
		}
		if b.Sign() < 0 {
			low = -low
		}
		return uint32(low), nil
	case starlark.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	}
	return 0, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
}

func (e *Epoll) String() string        { return fmt.Sprintf("<select.epoll object at %p>", e) }
func (e *Epoll) Type() string          { return "epoll" }
func (e *Epoll) Freeze()               {}
func (e *Epoll) Truth() starlark.Bool  { return true }
func (e *Epoll) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(e)) >> 3), nil }
func (e *Epoll) PyClass() *py.Class    { return EpollClass }

// Interrupt wakes a poll that waits: the run is cancelled.
func (e *Epoll) Interrupt() {
	if e.f != nil {
		e.f.SetReadDeadline(time.Unix(1, 0))
	}
}

// Close releases the epoll descriptor; a second call does nothing.
func (e *Epoll) Close() error {
	if e.sim != nil {
		if !e.closed {
			socket.ReleaseSim(e.p, e.fd)
		}
		e.closed = true
		return nil
	}
	e.closed = true
	return e.f.Close()
}

// CloseFor closes the epoll object at the end of a with statement.
func (e *Epoll) CloseFor(*starlark.Thread) error {
	if e.closed {
		return nil
	}
	e.p.Untrack(e)
	e.Close()
	return nil
}

func errClosedEpoll() error {
	return py.Errorf(py.ValueError, "I/O operation on closed epoll object")
}

type epollMethod func(e *Epoll, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

var epollMethods = py.Table[string, epollMethod]{Build: func() map[string]epollMethod {
	return map[string]epollMethod{
		"register":   (*Epoll).register,
		"modify":     (*Epoll).modify,
		"unregister": (*Epoll).unregister,
		"poll":       (*Epoll).poll,
		"close": func(e *Epoll, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			return starlark.None, e.CloseFor(thread)
		},
		"fileno": func(e *Epoll, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			if e.closed {
				return nil, errClosedEpoll()
			}
			return starlark.MakeInt(e.fd), nil
		},
	}
}}

func (e *Epoll) Attr(name string) (starlark.Value, error) {
	if name == "closed" {
		return starlark.Bool(e.closed), nil
	}
	m, ok := epollMethods.Map()[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(e, thread, b, args, kwargs)
	}).BindReceiver(e), nil
}

func (e *Epoll) AttrNames() []string {
	return []string{"close", "closed", "fileno", "modify", "poll", "register", "unregister"}
}

// ctl is epoll_ctl(2), or its stand-in for the script's standard input.
func (e *Epoll) ctl(op, fd int, mask uint32) error {
	if e.closed {
		return errClosedEpoll()
	}
	if fd == StdinFD {
		switch {
		case op == linux.EPOLL_CTL_ADD && e.stdinReg:
			return py.FromErrno(linux.EEXIST)
		case op != linux.EPOLL_CTL_ADD && !e.stdinReg:
			return py.FromErrno(linux.ENOENT)
		}
		e.stdinReg, e.stdinMask = op != linux.EPOLL_CTL_DEL, mask
		return nil
	}
	if e.sim != nil {
		if fd == e.fd {
			return py.FromErrno(linux.EINVAL) // an epoll instance cannot watch itself
		}
		return e.sim.ctl(e.p, op, fd, mask)
	}
	return e.kernelCtl(op, fd, mask)
}

// fdAndMask reads the fd and eventmask arguments of register and modify.
func fdAndMask(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, maskNeeded bool) (int, uint32, error) {
	var fdv starlark.Value
	var maskv starlark.Value = starlark.MakeInt(EPOLLIN | EPOLLPRI | EPOLLOUT)
	spec := "eventmask?"
	if maskNeeded {
		spec = "eventmask"
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "fd", &fdv, spec, &maskv); err != nil {
		return 0, 0, err
	}
	fd, err := FileDescriptor(thread, fdv)
	if err != nil {
		return 0, 0, err
	}
	mask, err := epollMask(maskv)
	return fd, mask, err
}

func (e *Epoll) register(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	fd, mask, err := fdAndMask(thread, b, args, kwargs, false)
	if err != nil {
		return nil, err
	}
	return starlark.None, e.ctl(linux.EPOLL_CTL_ADD, fd, mask)
}

func (e *Epoll) modify(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	fd, mask, err := fdAndMask(thread, b, args, kwargs, true)
	if err != nil {
		return nil, err
	}
	return starlark.None, e.ctl(linux.EPOLL_CTL_MOD, fd, mask)
}

func (e *Epoll) unregister(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fdv starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "fd", &fdv); err != nil {
		return nil, err
	}
	fd, err := FileDescriptor(thread, fdv)
	if err != nil {
		return nil, err
	}
	return starlark.None, e.ctl(linux.EPOLL_CTL_DEL, fd, 0)
}

// epollTimeout reads poll()'s timeout in seconds as CPython does: None or
// negative waits forever (-1), and a fraction of a millisecond rounds up.
func epollTimeout(v starlark.Value) (time.Duration, error) {
	if v == starlark.None {
		return -1, nil
	}
	secs, ok := Seconds(v)
	if !ok {
		return 0, py.Errorf(py.TypeError, "timeout must be an integer or None")
	}
	if math.IsNaN(secs) {
		return 0, py.Errorf(py.ValueError, "Invalid value NaN (not a number)")
	}
	ms := math.Ceil(secs * 1000)
	if ms > math.MaxInt32 || ms < math.MinInt32 {
		return 0, py.Errorf(py.OverflowError, "timeout is too large")
	}
	if ms < 0 {
		return -1, nil
	}
	return time.Duration(ms) * time.Millisecond, nil
}

func (e *Epoll) poll(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tv, mv starlark.Value = starlark.None, starlark.MakeInt(-1)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "timeout?", &tv, "maxevents?", &mv); err != nil {
		return nil, err
	}
	if e.closed {
		return nil, errClosedEpoll()
	}
	timeout, err := epollTimeout(tv)
	if err != nil {
		return nil, err
	}
	maxevents, err := cInt(mv)
	if err != nil {
		return nil, err
	}
	if maxevents == -1 {
		maxevents = fdSetSize - 1
	} else if maxevents < 1 {
		return nil, py.Errorf(py.ValueError, "maxevents must be greater than 0, got %d", maxevents)
	}
	events := make([]epollEvent, maxevents)
	n, stdin, err := e.wait(events, timeout)
	if err != nil {
		return nil, err
	}
	out := make([]starlark.Value, 0, n+1)
	if stdin != 0 {
		out = append(out, starlark.Tuple{starlark.MakeInt(StdinFD), starlark.MakeInt64(int64(stdin))})
	}
	for _, ev := range events[:n] {
		out = append(out, starlark.Tuple{starlark.MakeInt(int(ev.Fd)), starlark.MakeInt64(int64(ev.Events))})
	}
	return starlark.NewList(out), nil
}

// stdinEvents is what the script's standard input reports now: EPOLLIN
// once a line (or the end of input) can be read without blocking. A
// one-shot registration is spent by reporting it.
func (e *Epoll) stdinEvents() uint32 {
	want := e.stdinMask & (EPOLLIN | EPOLLRDNORM)
	if !e.stdinReg || want == 0 || !e.p.InputPending() {
		return 0
	}
	if e.stdinMask&EPOLLONESHOT != 0 {
		e.stdinMask = 0
	}
	return want
}

// wait blocks until the instance has events (up to len(events)) or the
// script's standard input a line, timeout passes (< 0: never) or the run is
// cancelled (its cause is returned), as Wait does for select and poll.
func (e *Epoll) wait(events []epollEvent, timeout time.Duration) (int, uint32, error) {
	p := e.p
	if p.Cancelled() {
		return 0, 0, p.Cause()
	}
	if e.sim != nil {
		return e.sim.wait(e, events, timeout)
	}
	return e.kernelWait(events, timeout)
}
