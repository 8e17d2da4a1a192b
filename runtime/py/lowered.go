package py

import (
	"errors"
	"fmt"
	"strings"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
)

// The builtins that Python statements lowered onto Starlark call (see
// runtime/lower.go). Their names start with __sx_, which no script uses.

// completion is how a break, continue or return leaves a region: the
// region returns one, and the code after __sx_try carries it out.
type completion struct {
	kind  string // "break", "continue", "return"
	value starlark.Value
}

func (c *completion) String() string        { return "<" + c.kind + ">" }
func (c *completion) Type() string          { return "completion" }
func (c *completion) Freeze()               {}
func (c *completion) Truth() starlark.Bool  { return true }
func (c *completion) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: 'completion'") }

// The two completions without a value are shared by every run: they hold nothing.
var (
	breakCompletion    = &completion{kind: "break"}
	continueCompletion = &completion{kind: "continue"}
)

// Cell is a variable that a nested def can assign: a name a try body
// assigns for its function, a global or a nonlocal.
type Cell struct {
	name   string
	global bool
	v      starlark.Value // nil while unbound
}

var (
	_ starlark.HasAttrs    = (*Cell)(nil)
	_ starlark.HasSetField = (*Cell)(nil)
)

func (c *Cell) String() string        { return "<cell " + c.name + ">" }
func (c *Cell) Type() string          { return "cell" }
func (c *Cell) Freeze()               {}
func (c *Cell) Truth() starlark.Bool  { return true }
func (c *Cell) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: 'cell'") }
func (c *Cell) AttrNames() []string   { return []string{"v"} }

func (c *Cell) Attr(string) (starlark.Value, error) {
	if c.v == nil {
		if c.global {
			return nil, Errorf(NameError, "name '%s' is not defined", c.name)
		}
		return nil, Errorf(UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value", c.name)
	}
	return c.v, nil
}

func (c *Cell) SetField(_ string, v starlark.Value) error {
	c.v = v
	return nil
}

// Value is the cell's value, or nil while unbound.
func (c *Cell) Value() starlark.Value { return c.v }

// lowered is the Go function of a lowering builtin, or nil.
func lowered(name string) builtinFunc {
	switch name {
	case "__sx_try":
		return tryOp
	case "__sx_match":
		return matchOp
	case "__sx_push":
		return pushOp
	case "__sx_pop":
		return popOp
	case "__sx_raise":
		return raiseOp
	case "__sx_reraise":
		return reraiseOp
	case "__sx_assert":
		return assertOp
	case "__sx_ret":
		return func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return &completion{kind: "return", value: args[0]}, nil
		}
	case "__sx_retval":
		return func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return args[0].(*completion).value, nil
		}
	case "__sx_cell", "__sx_gcell":
		global := name == "__sx_gcell"
		return func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			c := &Cell{name: string(args[0].(starlark.String)), global: global}
			if len(args) > 1 {
				c.v = args[1]
			}
			return c, nil
		}
	case "__sx_delitem":
		return delItemOp
	case "__sx_starred":
		return starredOp
	case "__sx_undefined":
		return func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return nil, Errorf(NameError, "name '%s' is not defined", string(args[0].(starlark.String)))
		}
	case "__sx_enter":
		return enterOp
	case "__sx_exit":
		return exitOp
	case "__sx_class":
		return classOp
	case "__sx_super":
		return superOp
	}
	return nil
}

// loweredValue is the value of a lowering constant, or nil.
func loweredValue(name string) starlark.Value {
	switch name {
	case "__sx_BREAK":
		return breakCompletion
	case "__sx_CONTINUE":
		return continueCompletion
	}
	return nil
}

// handling is a thread's stack of the exceptions its handlers (and finally
// blocks) are handling, innermost last: sys.exc_info's and a bare raise's.
type handling struct{ stack []*Exception }

const handlingKey = "sockstar.handling"

func handlingOf(thread *starlark.Thread) *handling {
	if h, ok := thread.Local(handlingKey).(*handling); ok {
		return h
	}
	h := &handling{}
	thread.SetLocal(handlingKey, h)
	return h
}

// Handled is the exception the thread is handling now, or nil.
func Handled(thread *starlark.Thread) *Exception {
	h, ok := thread.Local(handlingKey).(*handling)
	if !ok || len(h.stack) == 0 {
		return nil
	}
	return h.stack[len(h.stack)-1]
}

// tryOp runs a region: (completion or None, None), or (None, exception)
// when it raised. A cancelled run is never caught: it must end.
func tryOp(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	h := handlingOf(thread)
	depth := len(h.stack)
	frames := thread.CallStackDepth()
	result, err := starlark.Call(thread, args[0], nil, nil)
	if err == nil {
		return starlark.Tuple{result, starlark.None}, nil
	}
	if host.Of(thread).Cancelled() {
		return nil, err
	}
	exc := Caught(thread, Interrupted(thread, err), frames)
	h.stack = h.stack[:depth]
	return starlark.Tuple{starlark.None, exc}, nil
}

// Caught turns an error that reached a catching point into the exception
// the script sees, with its traceback from the catching frame down and the
// exception being handled as its context. depth is the catcher's
// CallStackDepth (0 at the top of a thread).
func Caught(thread *starlark.Thread, err error, depth int) *Exception {
	exc := AsException(err)
	var evalErr *starlark.EvalError
	if errors.As(err, &evalErr) {
		exc.noteTraceback(evalErr.CallStack, depth)
	}
	if top := Handled(thread); top != nil && exc.Context == nil && top != exc && !top.chainsTo(exc) {
		exc.Context = top
	}
	return exc
}

// Interrupted is err, or where a Ctrl-C stopped the script's code (the
// interpreter's cancel error), the KeyboardInterrupt to raise in its place,
// with the stack where the code stopped.
func Interrupted(thread *starlark.Thread, err error) error {
	kb := host.Of(thread).TakeInterruptFor(thread)
	if kb == nil {
		return err
	}
	var evalErr *starlark.EvalError
	if errors.As(err, &evalErr) {
		return &interruptError{exc: kb, eval: evalErr}
	}
	return kb
}

// interruptError is a KeyboardInterrupt that stopped the interpreter: it
// unwraps to both, the exception and the stack.
type interruptError struct {
	exc  error
	eval *starlark.EvalError
}

func (e *interruptError) Error() string   { return e.exc.Error() }
func (e *interruptError) Unwrap() []error { return []error{e.exc, e.eval} }

// chainsTo reports whether exc is already in e's context chain (a cycle).
func (e *Exception) chainsTo(exc *Exception) bool {
	for k, n := e.Context, 0; k != nil && n < 100; k, n = k.Context, n+1 {
		if k == exc {
			return true
		}
	}
	return false
}

func matchOp(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	exc := args[0].(*Exception)
	ok, err := matches(exc, args[1])
	return starlark.Bool(ok), err
}

// matches is an except clause's test: a class or a tuple of them.
func matches(exc *Exception, spec starlark.Value) (bool, error) {
	switch spec := spec.(type) {
	case *Class:
		if spec.IsSubclass(BaseException) {
			return exc.Class.IsSubclass(spec), nil
		}
	case starlark.Tuple:
		for _, s := range spec {
			if ok, err := matches(exc, s); ok || err != nil {
				return ok, err
			}
		}
		return false, nil
	}
	return false, Errorf(TypeError, "catching classes that do not inherit from BaseException is not allowed")
}

// pushOp starts a handler of args[0]; a finally block with no exception
// pending pushes the one being handled already, which it leaves in force.
func pushOp(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	h := handlingOf(thread)
	exc, _ := args[0].(*Exception)
	if exc == nil && len(h.stack) > 0 {
		exc = h.stack[len(h.stack)-1]
	}
	h.stack = append(h.stack, exc)
	return starlark.None, nil
}

func popOp(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	h := handlingOf(thread)
	n, _ := starlark.AsInt32(args[0])
	if n > len(h.stack) {
		n = len(h.stack)
	}
	clear(h.stack[len(h.stack)-n:])
	h.stack = h.stack[:len(h.stack)-n]
	return starlark.None, nil
}

// raiseOp is raise (the exception being handled), raise X, and
// raise X from Y (args[1], None included).
func raiseOp(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		exc := Handled(thread)
		if exc == nil {
			return nil, Errorf(RuntimeError, "No active exception to reraise")
		}
		exc.reraised = true
		return nil, exc
	}
	exc, err := toException(thread, args[0], "exceptions must derive from BaseException")
	if err != nil {
		return nil, err
	}
	if len(args) == 2 {
		exc.SuppressContext = true
		exc.Cause = nil
		if args[1] != starlark.None {
			cause, err := toException(thread, args[1], "exception causes must derive from BaseException")
			if err != nil {
				return nil, err
			}
			exc.Cause = cause
		}
	}
	return nil, exc
}

// toException is the exception raise X raises: X itself, or X() for a class.
func toException(thread *starlark.Thread, x starlark.Value, msg string) (*Exception, error) {
	switch x := x.(type) {
	case *Exception:
		return x, nil
	case *Class:
		if x.IsSubclass(BaseException) {
			v, err := starlark.Call(thread, x, nil, nil)
			if err != nil {
				return nil, err
			}
			if exc, ok := v.(*Exception); ok {
				return exc, nil
			}
			return nil, Errorf(TypeError, "calling %s should have returned an instance of BaseException, not %s", x.String(), TypeOf(v).Name())
		}
	}
	return nil, Errorf(TypeError, "%s", msg)
}

// reraiseOp raises again an exception a handler or a finally block had:
// its traceback goes on from where it was first raised.
func reraiseOp(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	exc := args[0].(*Exception)
	exc.reraised = true
	return nil, exc
}

func assertOp(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	v, err := starlark.Call(thread, AssertionError, args, nil)
	if err != nil {
		return nil, err
	}
	return nil, v.(*Exception)
}

// Frame is a traceback entry, as CPython prints it: the function and the line.
type Frame struct {
	Name string
	File string
	Line int32
}

// fold turns the interpreter's call stack into Python's frames: builtins
// have none, and a region's frame is its function's, at the region's line.
func fold(stack starlark.CallStack) []Frame {
	var out []Frame
	for _, fr := range stack {
		if fr.Pos.Filename() == "<builtin>" || fr.Pos.Line == 0 {
			continue
		}
		if strings.HasPrefix(fr.Name, "__sx_r") && len(out) > 0 {
			out[len(out)-1].File, out[len(out)-1].Line = fr.Pos.Filename(), fr.Pos.Line
			continue
		}
		name := fr.Name
		if name == "<toplevel>" {
			name = "<module>"
		}
		out = append(out, Frame{Name: name, File: fr.Pos.Filename(), Line: fr.Pos.Line})
	}
	return out
}

// tracebackAt is where e has been, seen at a catching point at depth (the
// catcher's CallStackDepth; 0 for the top) of stack: the frames from the
// catching function down. An exception raised again carries on its first
// traceback; one raised anew by `raise e` gets the new frames on top.
func (e *Exception) tracebackAt(stack starlark.CallStack, depth int) []Frame {
	frames := fold(stack)
	if depth > 1 && depth-1 <= len(stack) {
		if k := len(fold(stack[:depth-1])); k > 0 {
			frames = frames[k-1:]
		}
	}
	if e.TB == nil {
		return frames
	}
	if e.reraised && len(frames) > 0 {
		frames = frames[:len(frames)-1]
	}
	return append(append([]Frame(nil), frames...), e.TB...)
}

func (e *Exception) noteTraceback(stack starlark.CallStack, depth int) {
	e.TB = e.tracebackAt(stack, depth)
	e.reraised = false
}

// NoteContext gives an uncaught error the exception its thread was
// handling, for the "During handling" part of its report.
func NoteContext(thread *starlark.Thread, err error) {
	var exc *Exception
	if !errors.As(err, &exc) {
		return
	}
	if top := Handled(thread); top != nil && exc.Context == nil && top != exc && !top.chainsTo(exc) {
		exc.Context = top
	}
}

// enterOp starts a with statement's block: m.__enter__(), looked up on m's
// class, as Python does.
func enterOp(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	m := args[0]
	enter, err := special(m, "__enter__")
	if err != nil {
		return nil, err
	}
	return starlark.Call(thread, enter, nil, nil)
}

// exitOp ends a with statement's block: m.__exit__(type, exc, tb), with
// the exception the block raised or Nones. The exception is raised again
// unless __exit__ returns a true value.
func exitOp(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	m, e := args[0], args[1]
	exit, err := special(m, "__exit__")
	if err != nil {
		return nil, err
	}
	exc, _ := e.(*Exception)
	if exc == nil {
		_, err := starlark.Call(thread, exit, starlark.Tuple{starlark.None, starlark.None, starlark.None}, nil)
		return starlark.None, err
	}
	h := handlingOf(thread)
	h.stack = append(h.stack, exc)
	res, err := starlark.Call(thread, exit, starlark.Tuple{exc.Class, exc, starlark.None}, nil)
	if err != nil {
		return nil, err
	}
	h.stack = h.stack[:len(h.stack)-1]
	if res.Truth() {
		return starlark.None, nil
	}
	exc.reraised = true
	return nil, exc
}

// Closer is a Go value that a with statement closes at its end, as a
// socket, a file or a selector is in Python; its __enter__ returns itself.
type Closer interface {
	starlark.Value
	CloseFor(thread *starlark.Thread) error
}

// special finds a with statement's __enter__ or __exit__ on its object.
func special(m starlark.Value, name string) (starlark.Value, error) {
	if c, ok := m.(Closer); ok {
		if name == "__enter__" {
			return starlark.NewBuiltin("__enter__", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
				return c, nil
			}), nil
		}
		return starlark.NewBuiltin("__exit__", func(thread *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.False, c.CloseFor(thread)
		}), nil
	}
	if inst, ok := m.(*Instance); ok {
		if v, owner := inst.class.lookup(name); v != nil && owner.user != nil {
			return bindAttr(v, inst, inst.class), nil
		}
	} else if h, ok := m.(starlark.HasAttrs); ok {
		if v, err := h.Attr(name); err == nil && v != nil {
			return v, nil
		}
	}
	return nil, Errorf(TypeError, "'%s' object does not support the context manager protocol", TypeOf(m).Name())
}

// starredOp is the right side of `a, *rest, z = x`: the items of x with
// those the starred target takes gathered in a list.
func starredOp(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	before, _ := starlark.AsInt32(args[1])
	after, _ := starlark.AsInt32(args[2])
	v, err := Iterable(args[0])
	iter, ok := v.(starlark.Iterable)
	if err != nil || !ok {
		return nil, Errorf(TypeError, "cannot unpack non-iterable %s object", TypeOf(args[0]).Name())
	}
	var items []starlark.Value
	it := iter.Iterate()
	defer it.Done()
	var x starlark.Value
	for it.Next(&x) {
		items = append(items, x)
	}
	if len(items) < before+after {
		return nil, Errorf(ValueError, "not enough values to unpack (expected at least %d, got %d)", before+after, len(items))
	}
	out := make(starlark.Tuple, 0, before+after+1)
	out = append(out, items[:before]...)
	out = append(out, starlark.NewList(append([]starlark.Value(nil), items[before:len(items)-after]...)))
	return append(out, items[len(items)-after:]...), nil
}

// delItemOp is del x[k].
// HasDelItem is a library value that del x[k] deletes from (a deque, a
// library dict).
type HasDelItem interface {
	starlark.Value
	DelItem(k starlark.Value) error
}

func delItemOp(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	x, k := args[0], args[1]
	switch x := x.(type) {
	case *Instance:
		return starlark.None, x.delItem(k)
	case HasDelItem:
		return starlark.None, x.DelItem(k)
	case *starlark.Dict:
		_, found, err := x.Delete(k)
		if err != nil {
			return nil, AsException(err)
		}
		if !found {
			return nil, &Exception{Class: KeyError, Args: starlark.Tuple{k}}
		}
		return starlark.None, nil
	case *starlark.List:
		if _, err := index(k, x.Len(), "list assignment index out of range", "list"); err != nil {
			return nil, err
		}
		pop, err := GetAttr(x, "pop")
		if err != nil {
			return nil, err
		}
		_, err = starlark.Call(thread, pop, starlark.Tuple{k}, nil)
		return starlark.None, err
	}
	// A mutable sequence of the library's (bytearray): its pop deletes.
	if pop, err := GetAttr(x, "pop"); err == nil {
		if _, err := starlark.Call(thread, pop, starlark.Tuple{k}, nil); err != nil {
			return nil, err
		}
		return starlark.None, nil
	}
	return nil, Errorf(TypeError, "'%s' object does not support item deletion", TypeOf(x).Name())
}
