package pyselect

import (
	"fmt"
	"math"
	"time"
	"unsafe"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// PollClass is select.poll's type.
var PollClass = py.DeclareClass("select", "poll", &py.Object, newPoll)

// Poll is a select.poll object: descriptors and their event masks, in the
// order registered (the order poll() reports them in, as CPython's dict).
// Only script code touches it, under the interpreter lock.
type Poll struct {
	order   []int
	events  map[int]int16
	polling bool // a poll() call is waiting, possibly without the lock
}

var (
	_ starlark.HasAttrs = (*Poll)(nil)
	_ py.Typed          = (*Poll)(nil)
)

func newPoll(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("poll", args, kwargs, 0); err != nil {
		return nil, err
	}
	return &Poll{events: map[int]int16{}}, nil
}

func (p *Poll) String() string        { return fmt.Sprintf("<select.poll object at %p>", p) }
func (p *Poll) Type() string          { return "poll" }
func (p *Poll) Freeze()               {}
func (p *Poll) Truth() starlark.Bool  { return true }
func (p *Poll) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(p)) >> 3), nil }
func (p *Poll) PyClass() *py.Class    { return PollClass }

type pollMethod func(p *Poll, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

var pollMethods = py.Table[string, pollMethod]{Build: func() map[string]pollMethod {
	return map[string]pollMethod{
		"register":   (*Poll).register,
		"modify":     (*Poll).modify,
		"unregister": (*Poll).unregister,
		"poll":       (*Poll).poll,
	}
}}

func (p *Poll) Attr(name string) (starlark.Value, error) {
	m, ok := pollMethods.Map()[name]
	if !ok {
		return nil, nil
	}
	fn := func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(p, thread, b, args, kwargs)
	}
	if name == "poll" {
		fn = py.Traced(fn) // the wait shows in a run's trace
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(p), nil
}

func (p *Poll) AttrNames() []string { return []string{"modify", "poll", "register", "unregister"} }

// eventMask reads an event mask as CPython's unsigned short converter does.
func eventMask(v starlark.Value) (int16, error) {
	var n int64
	switch x := v.(type) {
	case starlark.Int:
		var ok bool
		if n, ok = x.Int64(); !ok {
			return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C long")
		}
	case starlark.Bool:
		if x {
			n = 1
		}
	default:
		return 0, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
	}
	if n < 0 {
		return 0, py.Errorf(py.OverflowError, "Python int too large for C unsigned short")
	}
	if n > 0xffff {
		return 0, py.Errorf(py.OverflowError, "Python int too large for C unsigned short")
	}
	return int16(uint16(n)), nil
}

func (p *Poll) register(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fdv starlark.Value
	var maskv starlark.Value = starlark.MakeInt(POLLIN | POLLPRI | POLLOUT)
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &fdv, &maskv); err != nil {
		return nil, err
	}
	fd, err := FileDescriptor(thread, fdv)
	if err != nil {
		return nil, err
	}
	mask, err := eventMask(maskv)
	if err != nil {
		return nil, err
	}
	if _, ok := p.events[fd]; !ok {
		p.order = append(p.order, fd)
	}
	p.events[fd] = mask
	return starlark.None, nil
}

func (p *Poll) modify(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fdv, maskv starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &fdv, &maskv); err != nil {
		return nil, err
	}
	fd, err := FileDescriptor(thread, fdv)
	if err != nil {
		return nil, err
	}
	mask, err := eventMask(maskv)
	if err != nil {
		return nil, err
	}
	if _, ok := p.events[fd]; !ok {
		return nil, py.FromErrno(2) // ENOENT, as CPython raises
	}
	p.events[fd] = mask
	return starlark.None, nil
}

func (p *Poll) unregister(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fdv starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &fdv); err != nil {
		return nil, err
	}
	fd, err := FileDescriptor(thread, fdv)
	if err != nil {
		return nil, err
	}
	if _, ok := p.events[fd]; !ok {
		return nil, py.New(py.KeyError, starlark.MakeInt(fd))
	}
	delete(p.events, fd)
	for i, f := range p.order {
		if f == fd {
			p.order = append(p.order[:i], p.order[i+1:]...)
			break
		}
	}
	return starlark.None, nil
}

// pollTimeout reads poll()'s timeout in milliseconds: None or negative waits
// forever (-1); a fraction rounds up, as CPython does.
func pollTimeout(v starlark.Value) (time.Duration, error) {
	var ms float64
	switch x := v.(type) {
	case starlark.NoneType:
		return -1, nil
	case starlark.Int:
		ms, _ = starlark.AsFloat(x)
	case starlark.Float:
		ms = float64(x)
		if math.IsNaN(ms) {
			return 0, py.Errorf(py.ValueError, "Invalid value NaN (not a number)")
		}
	case starlark.Bool:
		if x {
			ms = 1
		}
	default:
		return 0, py.Errorf(py.TypeError, "timeout must be an integer or None")
	}
	if ms < 0 {
		return -1, nil
	}
	if ms > math.MaxInt32 {
		return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C int")
	}
	return time.Duration(math.Ceil(ms)) * time.Millisecond, nil
}

func (p *Poll) poll(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tv starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &tv); err != nil {
		return nil, err
	}
	timeout, err := pollTimeout(tv)
	if err != nil {
		return nil, err
	}
	if p.polling {
		return nil, py.Errorf(py.RuntimeError, "concurrent poll() invocation")
	}
	fds := make([]FD, len(p.order))
	for i, fd := range p.order {
		fds[i] = FD{Fd: fd, Events: p.events[fd]}
	}
	p.polling = true
	_, err = Wait(host.Of(thread), fds, timeout)
	p.polling = false
	if err != nil {
		return nil, err
	}
	out := []starlark.Value{}
	for _, f := range fds {
		if f.Revents != 0 {
			out = append(out, starlark.Tuple{starlark.MakeInt(f.Fd), starlark.MakeInt(int(uint16(f.Revents)))})
		}
	}
	return starlark.NewList(out), nil
}
