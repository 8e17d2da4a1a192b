package py

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/host"
)

// Builtins are the names every script sees without an import, on top of
// Starlark's universe: Python's classes and exceptions, print and input as
// a process has them, and catch/throw, the port of try/except and raise.
func Builtins() starlark.StringDict {
	d := make(starlark.StringDict, len(builtinNames)+len(ExceptionClasses))
	for _, name := range builtinNames {
		d[name], _ = Builtin(name)
	}
	for _, c := range ExceptionClasses {
		d[c.Name()] = c
	}
	return d
}

// builtinNames are the names of Builtins other than ExceptionClasses.
var builtinNames = [...]string{
	"__name__", "print", "input", "raw_input", "repr", "ascii", "type", "isinstance", "issubclass",
	"catch", "throw", "getattr", "hasattr", "exit", "quit", "object",
	"str", "bytes", "int", "float", "bool", "list", "tuple", "dict", "set",
	"NotImplemented", "BaseException",
	"sum", "hex", "oct", "bin", "round", "divmod", "pow", "format", "callable", "ord", "chr",
	"map", "filter", "sorted",
	"enumerate", "zip", "reversed", "min", "max", "any", "all",
	"len", "hash", "super", "staticmethod", "classmethod", "property", "setattr", "vars", "id",
	"globals", "locals",
	"iter", "next", "frozenset", "slice", "bytearray", "memoryview", "open",
}

// Builtin is the value of one name of Builtins, made when asked for: a
// script that uses three builtins makes three.
func Builtin(name string) (starlark.Value, bool) {
	switch name {
	case "__name__":
		return starlark.String("__main__"), true
	case "object":
		return Object, true
	case "str":
		return StrType, true
	case "bytes":
		return BytesType, true
	case "int":
		return IntType, true
	case "float":
		return FloatType, true
	case "bool":
		return BoolType, true
	case "list":
		return ListType, true
	case "tuple":
		return TupleType, true
	case "dict":
		return DictType, true
	case "set":
		return SetType, true
	case "NotImplemented":
		return NotImplemented, true
	case "BaseException":
		return BaseException, true
	}
	if c := py3Class(name); c != nil {
		return c, true
	}
	if m, ok := strings.CutPrefix(name, "__sx_call_"); ok && IsMethodName(m) {
		return starlark.NewBuiltinBorrowingArgs(name, callMethodOf(m)), true
	}
	if strings.HasPrefix(name, "__sx_") {
		if fn := lowered(name); fn != nil {
			return newBuiltin(name, fn), true
		}
		if fn := py3Lowered(name); fn != nil {
			return newBuiltin(name, fn), true
		}
		if v := loweredValue(name); v != nil {
			return v, true
		}
	}
	if fn := builtinFuncOf(name); fn != nil {
		return newBuiltin(name, fn), true
	}
	for _, c := range ExceptionClasses {
		if c.name == name {
			return c, true
		}
	}
	return nil, false
}

// newBuiltin makes a builtin function; those that keep no reference to
// their argument list (the helpers the runtime calls most) are given the
// caller's operand stack as it, without a copy.
func newBuiltin(name string, fn builtinFunc) *starlark.Builtin {
	switch name {
	case "len", "__sx_getitem", "__sx_percent", "__sx_getattr", "__sx_is",
		"__sx_eq", "__sx_ne", "__sx_lt", "__sx_le", "__sx_gt", "__sx_ge", "__sx_iadd", "__sx_ret", "__sx_retval":
		return starlark.NewBuiltinBorrowingArgs(name, fn)
	}
	return starlark.NewBuiltin(name, fn)
}

// builtinFuncOf is the Go function of a builtin function, or nil.
func builtinFuncOf(name string) builtinFunc {
	switch name {
	case "print":
		return print_
	case "input", "raw_input":
		return input
	case "repr":
		return repr
	case "ascii":
		return ascii
	case "type":
		return type_
	case "isinstance":
		return isinstance
	case "issubclass":
		return issubclass
	case "len":
		return lenOp
	case "hash":
		return hashOp
	case "super":
		return superOp
	case "staticmethod":
		return staticmethodOp
	case "classmethod":
		return classmethodOp
	case "property":
		return propertyOp
	case "setattr":
		return setattrOp
	case "globals":
		return globalsOp
	case "locals":
		return localsOp
	case "vars":
		return varsOp
	case "id":
		return idOp
	case "catch":
		return catch
	case "throw":
		return throw
	case "getattr":
		return getattr
	case "hasattr":
		return hasattr
	case "exit", "quit":
		return exit
	case "__sx_getattr":
		return getattrOp
	case "__sx_is":
		return isOp
	case "__sx_percent":
		return percentOp
	case "__sx_getitem":
		return getItemOp
	case "sum":
		return builtinSum
	case "hex", "oct", "bin":
		return builtinBase
	case "round":
		return builtinRound
	case "divmod":
		return builtinDivmod
	case "pow":
		return builtinPow
	case "format":
		return builtinFormat
	case "callable":
		return builtinCallable
	case "ord":
		return builtinOrd
	case "chr":
		return builtinChr
	case "map":
		return builtinMap
	case "filter":
		return builtinFilter
	case "sorted":
		return builtinSorted
	case "enumerate", "zip", "reversed", "min", "max", "any", "all":
		return iterArgs(name)
	}
	return py3Func(name)
}

type builtinFunc = func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

func print_(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	sep, end := " ", "\n"
	var file starlark.Value = starlark.None
	var flush bool
	var sepV, endV starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), nil, kwargs, "sep?", &sepV, "end?", &endV, "file?", &file, "flush?", &flush); err != nil {
		return nil, err
	}
	if s, ok := sepV.(starlark.String); ok {
		sep = string(s)
	} else if sepV != starlark.None {
		return nil, Errorf(TypeError, "sep must be None or a string, not %s", TypeOf(sepV).Name())
	}
	if s, ok := endV.(starlark.String); ok {
		end = string(s)
	} else if endV != starlark.None {
		return nil, Errorf(TypeError, "end must be None or a string, not %s", TypeOf(endV).Name())
	}
	var sb strings.Builder
	for i, a := range args {
		if i > 0 {
			sb.WriteString(sep)
		}
		sb.WriteString(Str(a))
	}
	sb.WriteString(end)
	if file == starlark.None {
		io.WriteString(host.Of(thread).Stdout, sb.String())
		return starlark.None, nil
	}
	return callMethod(thread, file, "write", starlark.String(sb.String()))
}

func callMethod(thread *starlark.Thread, recv starlark.Value, name string, args ...starlark.Value) (starlark.Value, error) {
	m, err := GetAttr(recv, name)
	if err != nil {
		return nil, err
	}
	if _, err := starlark.Call(thread, m, args, nil); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

func input(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var prompt starlark.Value = starlark.String("")
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "prompt?", &prompt); err != nil {
		return nil, err
	}
	p := host.Of(thread)
	io.WriteString(p.Stdout, Str(prompt))
	line, err := p.ReadLine()
	if errors.Is(err, io.EOF) {
		return nil, Errorf(EOFError, "EOF when reading a line")
	}
	if err != nil {
		return nil, err
	}
	return starlark.String(strings.TrimSuffix(line, "\n")), nil
}

func repr(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	return starlark.String(Repr(x)), nil
}

// ascii is repr with every character past ASCII escaped, as \xhh, \uhhhh
// or \Uhhhhhhhh.
func ascii(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	r := Repr(x)
	var out strings.Builder
	for _, c := range r {
		switch {
		case c < 0x80:
			out.WriteRune(c)
		case c <= 0xff:
			fmt.Fprintf(&out, "\\x%02x", c)
		case c <= 0xffff:
			fmt.Fprintf(&out, "\\u%04x", c)
		default:
			fmt.Fprintf(&out, "\\U%08x", c)
		}
	}
	return starlark.String(out.String()), nil
}

func type_(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 || len(kwargs) != 0 {
		return nil, Errorf(TypeError, "type() takes 1 argument")
	}
	return TypeOf(args[0]), nil
}

// classes unpacks isinstance's second argument: a class or a tuple of them.
func classes(fname string, v starlark.Value) ([]*Class, error) {
	switch v := v.(type) {
	case *Class:
		return []*Class{v}, nil
	case starlark.Tuple:
		var out []*Class
		for _, x := range v {
			cs, err := classes(fname, x)
			if err != nil {
				return nil, err
			}
			out = append(out, cs...)
		}
		return out, nil
	}
	return nil, Errorf(TypeError, "%s() arg 2 must be a type, a tuple of types, or a union", fname)
}

func isinstance(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, cls starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &x, &cls); err != nil {
		return nil, err
	}
	cs, err := classes(b.Name(), cls)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if IsInstance(x, c) {
			return starlark.True, nil
		}
	}
	return starlark.False, nil
}

func issubclass(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, cls starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &x, &cls); err != nil {
		return nil, err
	}
	sub, ok := x.(*Class)
	if !ok {
		return nil, Errorf(TypeError, "issubclass() arg 1 must be a class")
	}
	cs, err := classes(b.Name(), cls)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if sub.IsSubclass(c) || c == Object {
			return starlark.True, nil
		}
	}
	return starlark.False, nil
}

// catch is the port of try/except: catch(fn, *args, **kwargs) returns
// (result, None), or (None, exception) when fn raised an Exception. A
// cancelled run, SystemExit and KeyboardInterrupt are never caught, as
// `except Exception` would not catch the last two either.
func catch(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, Errorf(TypeError, "catch() missing required argument: 'fn'")
	}
	depth := thread.CallStackDepth()
	result, err := starlark.Call(thread, args[0], args[1:], kwargs)
	if err == nil {
		return starlark.Tuple{result, starlark.None}, nil
	}
	p := host.Of(thread)
	if p.Cancelled() {
		return nil, err
	}
	err = Interrupted(thread, err)
	exc := AsException(err)
	if !exc.Class.IsSubclass(Exception_) {
		return nil, err
	}
	var evalErr *starlark.EvalError
	if errors.As(err, &evalErr) {
		// Python's traceback in an except block runs from the try's frame down.
		stack := evalErr.CallStack
		// depth counts catch's own frame: the frame before it made the call.
		if depth >= 2 && depth <= len(stack) {
			stack = append(starlark.CallStack{stack[depth-2]}, stack[depth:]...)
		}
		exc.Trace = FormatTraceback(p, stack, exc)
	} else {
		exc.Trace = exc.Error() + "\n"
	}
	p.SetLastError(exc)
	return starlark.Tuple{starlark.None, exc}, nil
}

// throw is the port of raise: throw(ValueError("bad")), throw(ValueError), or
// throw(e) to raise again an exception that catch returned.
func throw(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	switch x := x.(type) {
	case *Exception:
		return nil, x
	case *Class:
		if x.IsSubclass(BaseException) {
			v, err := x.CallInternal(thread, nil, nil)
			if err != nil {
				return nil, err
			}
			return nil, v.(*Exception)
		}
	}
	return nil, Errorf(TypeError, "exceptions must derive from BaseException")
}

func exit(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var code starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &code); err != nil {
		return nil, err
	}
	return nil, New(SystemExit, code)
}

func getattr(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, dflt starlark.Value
	var name string
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &x, &name, &dflt); err != nil {
		return nil, err
	}
	v, err := GetAttr(x, name)
	if err != nil && dflt != nil {
		return dflt, nil
	}
	return v, err
}

func hasattr(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	var name string
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &x, &name); err != nil {
		return nil, err
	}
	_, err := GetAttr(x, name)
	return starlark.Bool(err == nil), nil
}

// getattrOp is what the runtime puts in place of x.name for the names of
// MethodNames, so that b'x'.decode() finds Python's method.
func getattrOp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return GetAttr(args[0], string(args[1].(starlark.String)))
}

// isOp is what the runtime puts in place of x is y.
func isOp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return starlark.Bool(Same(args[0], args[1])), nil
}

// Same reports whether x and y are the same object, as Python's `is`:
// one list, dict, instance or function, not two equal ones. Numbers,
// strings and bytes have no identity in Starlark: equal ones are the same,
// as CPython's small ints and interned strings are (a big int made twice
// is two).
func Same(x, y starlark.Value) (same bool) {
	if t, ok := x.(starlark.Tuple); ok {
		u, ok := y.(starlark.Tuple)
		return ok && len(t) == len(u) && (len(t) == 0 || &t[0] == &u[0])
	}
	if _, ok := y.(starlark.Tuple); ok {
		return false
	}
	// A value whose Go type cannot be compared (none should be) is no
	// other value.
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return x == y
}

// callMethodOf is __sx_call_NAME, what the runtime puts in place of
// x.NAME(args) for the method names GetAttr answers. It calls a built-in
// type's Python method directly (one call, no bound method made), found
// by a type switch, not by hashing the name; anything else is looked up
// and called as x.NAME would be.
func callMethodOf(name string) builtinFunc {
	methodTable.once.Do(buildMethodTable)
	byType := methodTable.byType
	str, bytes, list, tuple, dict, int_ := byType["string"][name], byType["bytes"][name], byType["list"][name], byType["tuple"][name], byType["dict"][name], byType["int"][name]
	funcAttr := isFuncAttr(name)
	strText := methodTable.strText[name]
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		x := args[0]
		var m Method
		switch x := x.(type) {
		case starlark.String:
			if strText != nil && !funcAttr {
				// bind's work, inline: the most common calls of all.
				v, err := strText(textStr, name, string(x), args[1:], kwargs)
				if v == sameText {
					return args[0], err // boxed already: x would be boxed anew
				}
				return v, err
			}
			m = str
		case starlark.Bytes:
			m = bytes
		case *starlark.List:
			m = list
		case starlark.Tuple:
			m = tuple
		case *starlark.Dict:
			m = dict
		case starlark.Int:
			m = int_
		default:
			m = byType[x.Type()][name]
		}
		if m != nil && !funcAttr {
			return m(thread, name, x, args[1:], kwargs) // keeps none of args
		}
		fn, err := GetAttr(x, name)
		if err != nil {
			return nil, err
		}
		rest := args[1:]
		if _, ok := fn.(*starlark.Function); !ok {
			// args is the caller's operand stack (NewBuiltinBorrowingArgs):
			// a copy for a callee that may keep it.
			rest = slices.Clone(rest)
		}
		return starlark.Call(thread, fn, rest, kwargs)
	}
}

// percentOp is what the runtime puts in place of x % y, so that formatting
// follows Python's rules and repr.
func percentOp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	x, y := args[0], args[1]
	switch x.(type) {
	case starlark.String, starlark.Bytes:
		return formatPercent(x, y)
	}
	v, err := starlark.Binary(syntax.PERCENT, x, y)
	if err != nil {
		// An operand's own Python error (timedelta % timedelta(0)) stands.
		var exc *Exception
		if errors.As(err, &exc) {
			return nil, exc
		}
		if strings.Contains(err.Error(), "by zero") {
			if _, ok := x.(starlark.Float); ok {
				return nil, Errorf(ZeroDivisionError, "float modulo")
			}
			if _, ok := y.(starlark.Float); ok {
				return nil, Errorf(ZeroDivisionError, "float modulo")
			}
			return nil, Errorf(ZeroDivisionError, "integer modulo by zero")
		}
		return nil, Errorf(TypeError, "unsupported operand type(s) for %%: '%s' and '%s'", TypeOf(x).Name(), TypeOf(y).Name())
	}
	return v, nil
}

var percentOnce sync.Once

// UsePythonPercent makes Starlark's own % of a str or bytes format as
// Python's does, so that the runtime can leave x % y to Starlark where x is
// a str literal or y a number (rewrite.go). The runtime calls it before it
// compiles a program; on first use rather than in an init function, so that
// a run's start does no work it does not need.
func UsePythonPercent() { percentOnce.Do(func() { starlark.FormatPercent = formatPercent }) }

// formatPercent is x % y for a str or bytes x, by Python's rules.
func formatPercent(x, y starlark.Value) (starlark.Value, error) {
	if x, ok := x.(starlark.Bytes); ok {
		s, err := PercentBytes(string(x), y)
		if err != nil {
			return nil, err
		}
		return starlark.Bytes(s), nil
	}
	s, err := Percent(string(x.(starlark.String)), y)
	if err != nil {
		return nil, err
	}
	return starlark.String(s), nil
}

// LoopIterate is how a script's for loops and comprehensions get their
// iterator (starlark.Program.SetIterate): Python iterates over the
// characters of a str and the integers of a bytes, where Starlark refuses
// both, and walks a list by index while it may change. An iterator whose
// items may fail to come (a file, a generator) ends its loop with the error.
func LoopIterate(thread *starlark.Thread, x starlark.Value) (starlark.Iterator, error) {
	switch x := x.(type) {
	case *starlark.List:
		return &liveListIter{l: x}, nil
	case starlark.Tuple:
		return x.Iterate(), nil
	case Stepper:
		if c, ok := x.(interface{ IterCheck() error }); ok {
			if err := c.IterCheck(); err != nil {
				return nil, err
			}
		}
		return &stepIter{s: x, thread: thread}, nil
	case PyIterable:
		return &stepIter{s: x.PyIter(host.Of(thread)), thread: thread}, nil
	case *Instance:
		it, err := instanceIter(thread, x)
		if err != nil {
			return nil, err
		}
		return &nextIter{it: it, thread: thread}, nil
	}
	v, err := Iterable(x)
	if err != nil {
		return nil, err
	}
	return starlark.Iterate(v), nil
}

// nextIter is a loop's iterator over an object of a script's class: next()
// of what its __iter__ returned until StopIteration. Any other exception
// ends the loop with that exception, as in Python.
type nextIter struct {
	it     starlark.Value
	thread *starlark.Thread
	err    error
}

func (n *nextIter) Next(p *starlark.Value) bool {
	if n.it == nil {
		return false
	}
	v, ok, err := Next(n.thread, n.it)
	if err != nil || !ok {
		n.it, n.err = nil, err
		return false
	}
	*p = v
	return true
}

func (n *nextIter) Done()      {}
func (n *nextIter) Err() error { return n.err }

// Collect lists the items of a Python iterable, in order.
func Collect(v starlark.Value) ([]starlark.Value, error) {
	it, err := Iterable(v)
	if err != nil {
		return nil, err
	}
	iter := starlark.Iterate(it)
	if iter == nil {
		return nil, Errorf(TypeError, "'%s' object is not iterable", TypeOf(v).Name())
	}
	defer iter.Done()
	var out []starlark.Value
	var x starlark.Value
	for iter.Next(&x) {
		out = append(out, x)
	}
	return out, nil
}

// PyIterable is a library container whose iteration can fail (a deque
// changed during the loop): each loop, and iter(), gets a fresh iterator
// of its own, whose error the loop raises.
type PyIterable interface {
	starlark.Iterable
	PyIter(p *host.Process) *Iterator
}

// Iterable returns x in a form Starlark can iterate, with Python's meaning.
func Iterable(x starlark.Value) (starlark.Value, error) {
	switch x := x.(type) {
	case *Instance:
		if m, _ := x.class.lookup("__iter__"); m == nil {
			return nil, Errorf(TypeError, "'%s' object is not iterable", x.class.name)
		}
		return x, nil
	case starlark.String:
		chars := []starlark.Value{}
		for _, r := range string(x) {
			chars = append(chars, starlark.String(string(r)))
		}
		return starlark.NewList(chars), nil
	case starlark.Bytes:
		ints := make([]starlark.Value, len(x))
		for i := 0; i < len(x); i++ {
			ints[i] = starlark.MakeInt(int(x[i]))
		}
		return starlark.NewList(ints), nil
	case *starlark.List:
		// Python's list iterator reads by index, so the list may grow while a
		// loop walks it (another thread adding a client to a chat room).
		return liveList{x}, nil
	case *Class:
		if x.Meta != nil && x.Meta.Iterate != nil {
			return x.Meta.Iterate(x)
		}
	case CheckedIterable:
		if err := x.CheckIterate(); err != nil {
			return nil, err
		}
		return x, nil
	case starlark.Iterable:
		return x, nil
	}
	return nil, Errorf(TypeError, "'%s' object is not iterable", TypeOf(x).Name())
}

// CheckedIterable is an iterable that can refuse to be iterated, as iter()
// of a closed file raises; Starlark's Iterate has no error to return.
type CheckedIterable interface {
	starlark.Iterable
	CheckIterate() error
}

// liveList iterates a list without locking it against changes.
type liveList struct{ l *starlark.List }

func (ll liveList) String() string       { return ll.l.String() }
func (ll liveList) Type() string         { return "list_iterator" }
func (ll liveList) Freeze()              {}
func (ll liveList) Truth() starlark.Bool { return true }
func (ll liveList) Hash() (uint32, error) {
	return 0, Errorf(TypeError, "unhashable type: 'list_iterator'")
}
func (ll liveList) Iterate() starlark.Iterator { return &liveListIter{l: ll.l} }

type liveListIter struct {
	l *starlark.List
	i int
}

func (it *liveListIter) Next(p *starlark.Value) bool {
	if it.i >= it.l.Len() {
		return false
	}
	*p = it.l.Index(it.i)
	it.i++
	return true
}

func (it *liveListIter) Done() {}
