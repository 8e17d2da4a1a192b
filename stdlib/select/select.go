// Package pyselect is Python's select module (Go cannot name a package
// select). Every wait parks a goroutine on an epoll instance registered with
// Go's network poller, never an OS thread, and ends when the run is cancelled.
//
//	select.select(rlist, wlist, xlist[, timeout]) -> (rlist, wlist, xlist)
//	select.poll() -> poll object:
//	    register(fd, eventmask=POLLIN|POLLPRI|POLLOUT)
//	    modify(fd, eventmask)
//	    unregister(fd)
//	    poll(timeout=None) -> [(fd, events), ...]      timeout in milliseconds
//	select.epoll(sizehint=-1, flags=0) -> epoll object:
//	    register(fd, eventmask=EPOLLIN|EPOLLPRI|EPOLLOUT), modify(fd, eventmask),
//	    unregister(fd), poll(timeout=None, maxevents=-1) -> [(fd, events), ...]
//	    (timeout in seconds), close(), closed, fileno(), and with
//	select.error                                        (OSError)
//	POLLIN POLLPRI POLLOUT POLLERR POLLHUP POLLNVAL POLLRDNORM POLLRDBAND
//	POLLWRNORM POLLWRBAND POLLMSG POLLRDHUP PIPE_BUF
//	EPOLLIN EPOLLOUT EPOLLPRI EPOLLERR EPOLLHUP EPOLLET EPOLLONESHOT EPOLLEXCLUSIVE
//	EPOLLRDHUP EPOLLRDNORM EPOLLRDBAND EPOLLWRNORM EPOLLWRBAND EPOLLMSG EPOLL_CLOEXEC
//
// Differences from CPython: select() has no FD_SETSIZE limit (descriptors
// above 1023 work), and descriptor 0 is the script's standard input as
// sockstar reads it (sys.stdin): it is readable once a line, or the end of
// input, can be read from sys.stdin without blocking. An epoll object is a
// kernel epoll instance (edge triggering and one-shot as the kernel does
// them) but for descriptor 0, which it watches as poll does; it has no
// fromfd(): a script reaches only the descriptors it opened.
package pyselect

import (
	"math"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// Module is the select module.
var Module = &py.Module{
	Name: "select",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"select":         starlark.NewBuiltin("select", py.Traced(selectFn)),
			"poll":           PollClass,
			"error":          py.OSError,
			"POLLIN":         starlark.MakeInt(POLLIN),
			"POLLPRI":        starlark.MakeInt(POLLPRI),
			"POLLOUT":        starlark.MakeInt(POLLOUT),
			"POLLERR":        starlark.MakeInt(POLLERR),
			"POLLHUP":        starlark.MakeInt(POLLHUP),
			"POLLNVAL":       starlark.MakeInt(POLLNVAL),
			"POLLRDNORM":     starlark.MakeInt(POLLRDNORM),
			"POLLRDBAND":     starlark.MakeInt(POLLRDBAND),
			"POLLWRNORM":     starlark.MakeInt(POLLWRNORM),
			"POLLWRBAND":     starlark.MakeInt(POLLWRBAND),
			"POLLMSG":        starlark.MakeInt(POLLMSG),
			"POLLRDHUP":      starlark.MakeInt(POLLRDHUP),
			"PIPE_BUF":       starlark.MakeInt(4096),
			"epoll":          EpollClass,
			"EPOLLIN":        starlark.MakeInt(EPOLLIN),
			"EPOLLOUT":       starlark.MakeInt(EPOLLOUT),
			"EPOLLPRI":       starlark.MakeInt(EPOLLPRI),
			"EPOLLERR":       starlark.MakeInt(EPOLLERR),
			"EPOLLHUP":       starlark.MakeInt(EPOLLHUP),
			"EPOLLRDHUP":     starlark.MakeInt(EPOLLRDHUP),
			"EPOLLRDNORM":    starlark.MakeInt(EPOLLRDNORM),
			"EPOLLRDBAND":    starlark.MakeInt(EPOLLRDBAND),
			"EPOLLWRNORM":    starlark.MakeInt(EPOLLWRNORM),
			"EPOLLWRBAND":    starlark.MakeInt(EPOLLWRBAND),
			"EPOLLMSG":       starlark.MakeInt(EPOLLMSG),
			"EPOLLET":        starlark.MakeInt64(EPOLLET),
			"EPOLLONESHOT":   starlark.MakeInt(EPOLLONESHOT),
			"EPOLLEXCLUSIVE": starlark.MakeInt(EPOLLEXCLUSIVE),
			"EPOLL_CLOEXEC":  starlark.MakeInt(EPOLL_CLOEXEC),
		}
	},
}

// FileDescriptor is CPython's PyObject_AsFileDescriptor: an int, or the int
// an object's fileno() returns, with CPython's errors.
func FileDescriptor(thread *starlark.Thread, v starlark.Value) (int, error) {
	fdv := v
	if _, isInt := v.(starlark.Int); !isInt {
		if _, isBool := v.(starlark.Bool); !isBool {
			fn, err := fileno(v)
			if err != nil {
				return 0, err
			}
			if fn == nil {
				return 0, py.Errorf(py.TypeError, "argument must be an int, or have a fileno() method.")
			}
			r, err := starlark.Call(thread, fn, nil, nil)
			if err != nil {
				return 0, err
			}
			if _, ok := r.(starlark.Int); !ok {
				if _, ok := r.(starlark.Bool); !ok {
					return 0, py.Errorf(py.TypeError, "fileno() returned a non-integer")
				}
			}
			fdv = r
		}
	}
	var n int64
	switch x := fdv.(type) {
	case starlark.Int:
		var ok bool
		if n, ok = x.Int64(); !ok || n != int64(int32(n)) {
			return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C int")
		}
	case starlark.Bool:
		if x {
			n = 1
		}
	}
	if n < 0 {
		return 0, py.Errorf(py.ValueError, "file descriptor cannot be a negative integer (%d)", n)
	}
	return int(n), nil
}

// fileno finds v's fileno method, or nil.
func fileno(v starlark.Value) (starlark.Callable, error) {
	h, ok := v.(starlark.HasAttrs)
	if !ok {
		return nil, nil
	}
	m, err := h.Attr("fileno")
	if err != nil || m == nil {
		return nil, nil
	}
	c, ok := m.(starlark.Callable)
	if !ok {
		return nil, nil
	}
	return c, nil
}

// Seconds reads a timeout given as a Python number (int, float or bool);
// ok is false for anything else, None included.
func Seconds(v starlark.Value) (secs float64, ok bool) {
	switch x := v.(type) {
	case starlark.Int:
		secs, _ = starlark.AsFloat(x)
		return secs, true
	case starlark.Float:
		return float64(x), true
	case starlark.Bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// selectTimeout reads select()'s timeout in seconds: None waits forever (-1).
func selectTimeout(v starlark.Value) (time.Duration, error) {
	if v == starlark.None {
		return -1, nil
	}
	secs, ok := Seconds(v)
	if !ok {
		return 0, py.Errorf(py.TypeError, "timeout must be a float or None")
	}
	if math.IsNaN(secs) {
		return 0, py.Errorf(py.ValueError, "Invalid value NaN (not a number)")
	}
	if math.Abs(secs) > 9.2e9 {
		return 0, py.Errorf(py.OverflowError, "timestamp too large to convert to C _PyTime_t")
	}
	if secs < 0 {
		return 0, py.Errorf(py.ValueError, "timeout must be non-negative")
	}
	// CPython rounds the timeout up to the microsecond.
	return time.Duration(math.Ceil(secs*1e6)) * time.Microsecond, nil
}

// selectFn is select.select(rlist, wlist, xlist[, timeout]).
func selectFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, py.Errorf(py.TypeError, "select() takes no keyword arguments")
	}
	if len(args) < 3 || len(args) > 4 {
		return nil, py.Errorf(py.TypeError, "select expected at least 3 arguments, got %d", len(args))
	}
	timeout := time.Duration(-1)
	if len(args) == 4 {
		var err error
		if timeout, err = selectTimeout(args[3]); err != nil {
			return nil, err
		}
	}
	var objs [3][]starlark.Value
	for i := 0; i < 3; i++ {
		it, ok := args[i].(starlark.Iterable)
		if !ok {
			return nil, py.Errorf(py.TypeError, "arguments 1-3 must be sequences")
		}
		iter := it.Iterate()
		var v starlark.Value
		for iter.Next(&v) {
			objs[i] = append(objs[i], v)
		}
		iter.Done()
	}
	// Linux's select: readable is POLLIN or a hang-up or error, writable is
	// POLLOUT or an error, exceptional is POLLPRI.
	want := [3]int16{POLLIN, POLLOUT, POLLPRI}
	ready := [3]int16{POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR, POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR, POLLPRI}
	var fds []FD
	for i := 0; i < 3; i++ {
		for _, v := range objs[i] {
			fd, err := FileDescriptor(thread, v)
			if err != nil {
				return nil, err
			}
			fds = append(fds, FD{Fd: fd, Events: want[i]})
		}
	}
	if _, err := Wait(host.Of(thread), fds, timeout); err != nil {
		return nil, err
	}
	var out [3]*starlark.List
	k := 0
	for i := 0; i < 3; i++ {
		out[i] = starlark.NewList(nil)
		for _, v := range objs[i] {
			f := fds[k]
			k++
			if f.Revents&POLLNVAL != 0 {
				return nil, py.FromErrno(9) // EBADF, as select(2) reports a closed descriptor
			}
			if f.Revents&ready[i] != 0 {
				out[i].Append(v)
			}
		}
	}
	return starlark.Tuple{out[0], out[1], out[2]}, nil
}
