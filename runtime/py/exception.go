package py

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
)

// Exception is a raised or created Python exception. It is both the Starlark
// value a script holds (from catch) and the Go error a builtin returns, so
// the class survives the interpreter's wrapping (errors.As finds it).
type Exception struct {
	Class    *Class
	Args     starlark.Tuple
	Errno    starlark.Value // None unless an OSError with an errno
	Strerror starlark.Value
	// Filename is an OSError's filename (None or absent when it has none);
	// str(e) then ends with ": 'name'", as CPython prints it.
	Filename starlark.Value
	// Filename2 is the second path of a two-path call (os.rename), shown
	// after " -> ".
	Filename2 starlark.Value
	// Code is SystemExit's exit status argument.
	Code starlark.Value
	// Trace is the traceback text of where it was raised, once known.
	Trace string
	// Budget says the run's budget raised it (BudgetMemory, BudgetThreads):
	// uncaught, it ends the run with that budget's own exit status.
	Budget string

	// Fields are the further attributes an exception carries: a module's
	// (json.JSONDecodeError's msg, doc, pos, lineno, colno) and those a
	// script set (self.code = code); nil for most.
	Fields starlark.StringDict
	// Context is the exception being handled when this one was raised;
	// Cause is the one `raise ... from` named, and SuppressContext then hides Context.
	Context, Cause  *Exception
	SuppressContext bool
	// TB is the traceback, from the frame that caught it down, once caught.
	TB []Frame
	// owner is the run of an instance of a script's class, whose __str__
	// runs on that run's thread.
	owner *host.Process
	// reraised marks an exception raised again by a bare raise or at the end
	// of a finally block: its traceback goes on rather than starting again.
	reraised bool
}

var (
	_ starlark.HasAttrs    = (*Exception)(nil)
	_ starlark.HasSetField = (*Exception)(nil)
	_ error                = (*Exception)(nil)
)

// Error reads as the last line of a Python traceback: "TypeError: message".
// A script's own classes are named without "__main__.", as CPython does.
func (e *Exception) Error() string {
	name := e.Class.QualName()
	if e.Class.module == "__main__" {
		name = e.Class.name
	}
	if s := e.Message(); s != "" {
		return name + ": " + s
	}
	return name
}

// Message is str(e): the text after the class name.
func (e *Exception) Message() string {
	if e.Class.user != nil {
		if m, owner := e.Class.lookup("__str__"); m != nil && owner.user != nil {
			v, err := starlark.Call(holderOf(e.owner), bindAttr(m, e, e.Class), nil, nil)
			return specialString(v, err, "__str__")
		}
	}
	return e.builtinMessage()
}

// builtinMessage is BaseException.__str__.
func (e *Exception) builtinMessage() string {
	if e.Errno != nil && e.Errno != starlark.None && e.Strerror != nil && e.Strerror != starlark.None {
		if e.Filename != nil && e.Filename != starlark.None {
			if e.Filename2 != nil && e.Filename2 != starlark.None {
				return fmt.Sprintf("[Errno %s] %s: %s -> %s", Str(e.Errno), Str(e.Strerror), Repr(e.Filename), Repr(e.Filename2))
			}
			return fmt.Sprintf("[Errno %s] %s: %s", Str(e.Errno), Str(e.Strerror), Repr(e.Filename))
		}
		return fmt.Sprintf("[Errno %s] %s", Str(e.Errno), Str(e.Strerror))
	}
	switch len(e.Args) {
	case 0:
		return ""
	case 1:
		if e.Class.IsSubclass(KeyError) {
			return Repr(e.Args[0]) // KeyError shows the key as it was written
		}
		return Str(e.Args[0])
	}
	return Repr(e.Args)
}

func (e *Exception) String() string {
	return e.Class.Name() + reprArgs(e.Args)
}

func reprArgs(args starlark.Tuple) string {
	if len(args) == 1 {
		return "(" + Repr(args[0]) + ")"
	}
	return Repr(args)
}

func (e *Exception) Type() string         { return e.Class.Name() }
func (e *Exception) Freeze()              {}
func (e *Exception) Truth() starlark.Bool { return true }
func (e *Exception) Hash() (uint32, error) {
	return 0, fmt.Errorf("unhashable type: '%s'", e.Class.Name())
}
func (e *Exception) PyClass() *Class { return e.Class }

func (e *Exception) SetField(name string, v starlark.Value) error {
	if name == "args" {
		t, ok := v.(starlark.Tuple)
		if !ok {
			return Errorf(TypeError, "args must be a tuple")
		}
		e.Args = t
		return nil
	}
	if e.Fields == nil {
		e.Fields = map[string]starlark.Value{}
	}
	e.Fields[name] = v
	return nil
}

func (e *Exception) Attr(name string) (starlark.Value, error) {
	if v, ok := e.Fields[name]; ok {
		return v, nil
	}
	if e.Class.user != nil && name != "args" {
		if v, owner := e.Class.lookup(name); v != nil && owner.user != nil {
			return bindAttr(v, e, e.Class), nil
		}
	}
	switch name {
	case "args":
		return e.Args, nil
	case "__class__":
		return e.Class, nil
	case "__cause__":
		return excOrNone(e.Cause), nil
	case "__context__":
		return excOrNone(e.Context), nil
	case "__suppress_context__":
		return starlark.Bool(e.SuppressContext), nil
	case "__traceback__":
		return starlark.None, nil
	}
	if e.Class.IsSubclass(OSError) {
		switch name {
		case "errno":
			return orNone(e.Errno), nil
		case "strerror":
			return orNone(e.Strerror), nil
		case "filename":
			return orNone(e.Filename), nil
		case "filename2":
			return orNone(e.Filename2), nil
		}
	}
	if e.Class.IsSubclass(SystemExit) && name == "code" {
		return orNone(e.Code), nil
	}
	if v, ok := e.Fields[name]; ok {
		return v, nil
	}
	return nil, nil
}

func (e *Exception) AttrNames() []string {
	names := []string{"__class__", "args"}
	if e.Class.IsSubclass(OSError) {
		names = append(names, "errno", "filename", "filename2", "strerror")
	}
	if e.Class.IsSubclass(SystemExit) {
		names = append(names, "code")
	}
	return append(names, e.Fields.Keys()...)
}

func excOrNone(e *Exception) starlark.Value {
	if e == nil {
		return starlark.None
	}
	return e
}

func orNone(v starlark.Value) starlark.Value {
	if v == nil {
		return starlark.None
	}
	return v
}

// The built-in exception classes, with Python 3's hierarchy.
var (
	Object        = &Class{name: "object", module: "builtins"}
	BaseException = &Class{name: "BaseException", module: "builtins", base: Object}

	SystemExit        = &Class{name: "SystemExit", module: "builtins", base: BaseException}
	KeyboardInterrupt = &Class{name: "KeyboardInterrupt", module: "builtins", base: BaseException}
	GeneratorExit     = &Class{name: "GeneratorExit", module: "builtins", base: BaseException}
	Exception_        = &Class{name: "Exception", module: "builtins", base: BaseException}

	StopIteration       = &Class{name: "StopIteration", module: "builtins", base: Exception_}
	ArithmeticError     = &Class{name: "ArithmeticError", module: "builtins", base: Exception_}
	OverflowError       = &Class{name: "OverflowError", module: "builtins", base: ArithmeticError}
	MemoryError         = &Class{name: "MemoryError", module: "builtins", base: Exception_}
	ZeroDivisionError   = &Class{name: "ZeroDivisionError", module: "builtins", base: ArithmeticError}
	AssertionError      = &Class{name: "AssertionError", module: "builtins", base: Exception_}
	AttributeError      = &Class{name: "AttributeError", module: "builtins", base: Exception_}
	EOFError            = &Class{name: "EOFError", module: "builtins", base: Exception_}
	ImportError         = &Class{name: "ImportError", module: "builtins", base: Exception_}
	ModuleNotFoundError = &Class{name: "ModuleNotFoundError", module: "builtins", base: ImportError}
	LookupError         = &Class{name: "LookupError", module: "builtins", base: Exception_}
	IndexError          = &Class{name: "IndexError", module: "builtins", base: LookupError}
	KeyError            = &Class{name: "KeyError", module: "builtins", base: LookupError}
	NameError           = &Class{name: "NameError", module: "builtins", base: Exception_}
	UnboundLocalError   = &Class{name: "UnboundLocalError", module: "builtins", base: NameError}
	RuntimeError        = &Class{name: "RuntimeError", module: "builtins", base: Exception_}
	SyntaxError         = &Class{name: "SyntaxError", module: "builtins", base: Exception_}
	NotImplementedError = &Class{name: "NotImplementedError", module: "builtins", base: RuntimeError}
	RecursionError      = &Class{name: "RecursionError", module: "builtins", base: RuntimeError}
	TypeError           = &Class{name: "TypeError", module: "builtins", base: Exception_}
	ValueError          = &Class{name: "ValueError", module: "builtins", base: Exception_}
	UnicodeError        = &Class{name: "UnicodeError", module: "builtins", base: ValueError}
	UnicodeDecodeError  = &Class{name: "UnicodeDecodeError", module: "builtins", base: UnicodeError}
	UnicodeEncodeError  = &Class{name: "UnicodeEncodeError", module: "builtins", base: UnicodeError}

	OSError                = &Class{name: "OSError", module: "builtins", base: Exception_}
	BlockingIOError        = &Class{name: "BlockingIOError", module: "builtins", base: OSError}
	ChildProcessError      = &Class{name: "ChildProcessError", module: "builtins", base: OSError}
	ConnectionError        = &Class{name: "ConnectionError", module: "builtins", base: OSError}
	BrokenPipeError        = &Class{name: "BrokenPipeError", module: "builtins", base: ConnectionError}
	ConnectionAbortedError = &Class{name: "ConnectionAbortedError", module: "builtins", base: ConnectionError}
	ConnectionRefusedError = &Class{name: "ConnectionRefusedError", module: "builtins", base: ConnectionError}
	ConnectionResetError   = &Class{name: "ConnectionResetError", module: "builtins", base: ConnectionError}
	FileExistsError        = &Class{name: "FileExistsError", module: "builtins", base: OSError}
	FileNotFoundError      = &Class{name: "FileNotFoundError", module: "builtins", base: OSError}
	InterruptedError       = &Class{name: "InterruptedError", module: "builtins", base: OSError}
	IsADirectoryError      = &Class{name: "IsADirectoryError", module: "builtins", base: OSError}
	NotADirectoryError     = &Class{name: "NotADirectoryError", module: "builtins", base: OSError}
	PermissionError        = &Class{name: "PermissionError", module: "builtins", base: OSError}
	ProcessLookupError     = &Class{name: "ProcessLookupError", module: "builtins", base: OSError}
	TimeoutError           = &Class{name: "TimeoutError", module: "builtins", base: OSError}
)

// ExceptionClasses are the exception names every script sees as builtins.
var ExceptionClasses = []*Class{
	BaseException, SystemExit, KeyboardInterrupt, GeneratorExit, Exception_,
	StopIteration, ArithmeticError, OverflowError, ZeroDivisionError, AssertionError, MemoryError,
	AttributeError, EOFError, ImportError, ModuleNotFoundError, LookupError, IndexError,
	KeyError, NameError, UnboundLocalError, RuntimeError, SyntaxError, NotImplementedError, RecursionError, TypeError,
	ValueError, UnicodeError, UnicodeDecodeError, UnicodeEncodeError,
	OSError, BlockingIOError, ChildProcessError, ConnectionError, BrokenPipeError,
	ConnectionAbortedError, ConnectionRefusedError, ConnectionResetError, FileExistsError,
	FileNotFoundError, InterruptedError, IsADirectoryError, NotADirectoryError,
	PermissionError, ProcessLookupError, TimeoutError,
}

// NewExceptionClass declares a module's own exception class (socket.gaierror,
// struct.error), callable like the built-in ones: builtinNew gives every
// exception class its constructor, so this is NewClass, which the compiler
// can make static data.
func NewExceptionClass(module, name string, base *Class) *Class {
	return NewClass(module, name, base)
}

func newException(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, Errorf(TypeError, "%s() takes no keyword arguments", cls.Name())
	}
	e := &Exception{Class: cls, Args: args}
	if cls.IsSubclass(OSError) && len(args) >= 2 && len(args) <= 5 {
		// OSError(errno, strerror) picks the subclass for the errno, as CPython does.
		if n, ok := args[0].(starlark.Int); ok {
			e.Errno, e.Strerror = n, args[1]
			if len(args) == 5 {
				// The fourth is Windows' winerror, which Linux ignores.
				e.Filename2 = args[4]
			}
			if len(args) >= 3 && args[2] != starlark.None {
				// OSError(errno, strerror, filename): args keeps the first two, as in CPython.
				e.Filename, e.Args = args[2], args[:2]
			}
			if v, ok := n.Int64(); ok && cls == OSError {
				e.Class = ErrnoClass(syscall.Errno(v))
			}
		}
	}
	if cls.IsSubclass(SystemExit) {
		switch len(args) {
		case 0:
			e.Code = starlark.None
		case 1:
			e.Code = args[0]
		default:
			e.Code = args
		}
	}
	return e, nil
}

// New makes an exception of cls with the given arguments.
func New(cls *Class, args ...starlark.Value) *Exception {
	v, _ := newException(nil, cls, args, nil)
	return v.(*Exception)
}

// Errorf makes an exception of cls whose single argument is the formatted text.
func Errorf(cls *Class, format string, args ...any) *Exception {
	return &Exception{Class: cls, Args: starlark.Tuple{starlark.String(fmt.Sprintf(format, args...))}}
}

// Strerror is glibc's text for an errno, as os.strerror gives it.
func Strerror(errno syscall.Errno) string {
	if n := int(errno); n >= 0 && n < len(strerrors) && strerrors[n] != "" {
		return strerrors[n]
	}
	return fmt.Sprintf("Unknown error %d", int(errno))
}

// ErrnoClass is the OSError subclass CPython raises for an errno (Linux's
// numbers, on every platform).
func ErrnoClass(errno syscall.Errno) *Class {
	switch errno {
	case linux.EAGAIN, linux.EALREADY, linux.EINPROGRESS:
		return BlockingIOError
	case linux.ECHILD:
		return ChildProcessError
	case linux.EPIPE, linux.ESHUTDOWN:
		return BrokenPipeError
	case linux.ECONNABORTED:
		return ConnectionAbortedError
	case linux.ECONNREFUSED:
		return ConnectionRefusedError
	case linux.ECONNRESET:
		return ConnectionResetError
	case linux.EEXIST:
		return FileExistsError
	case linux.ENOENT:
		return FileNotFoundError
	case linux.EINTR:
		return InterruptedError
	case linux.EISDIR:
		return IsADirectoryError
	case linux.ENOTDIR:
		return NotADirectoryError
	case linux.EACCES, linux.EPERM:
		return PermissionError
	case linux.ESRCH:
		return ProcessLookupError
	case linux.ETIMEDOUT:
		return TimeoutError
	}
	return OSError
}

// FromErrno is the exception CPython raises for a failed system call.
func FromErrno(errno syscall.Errno) *Exception {
	return &Exception{
		Class:    ErrnoClass(errno),
		Args:     starlark.Tuple{starlark.MakeInt(int(errno)), starlark.String(Strerror(errno))},
		Errno:    starlark.MakeInt(int(errno)),
		Strerror: starlark.String(Strerror(errno)),
	}
}

// AsException finds the Python exception behind an error from the
// interpreter, or classifies a plain Starlark error the way Python would
// name it (a failed operation on the wrong type is a TypeError, and so on).
func AsException(err error) *Exception {
	var e *Exception
	if errors.As(err, &e) {
		return e
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return FromErrno(errno)
	}
	msg := err.Error()
	var evalErr *starlark.EvalError
	if errors.As(err, &evalErr) {
		msg = evalErr.Msg
	}
	cls, text := translate(msg)
	if cls == MemoryError && text == "" {
		return MemoryBudget() // no arguments: "MemoryError", as CPython prints it
	}
	return &Exception{Class: cls, Args: starlark.Tuple{starlark.String(text)}}
}

// classify names the Python class for one of Starlark's own error messages.
func classify(msg string) *Class {
	switch {
	case strings.Contains(msg, "division by zero"), strings.Contains(msg, "modulo by zero"):
		return ZeroDivisionError
	case strings.Contains(msg, "out of range"):
		return IndexError
	case strings.HasPrefix(msg, "key ") && strings.HasSuffix(msg, "not in dict"),
		strings.Contains(msg, "not found"):
		return KeyError
	case strings.Contains(msg, "has no ") && (strings.Contains(msg, "field or method") || strings.Contains(msg, "attribute")):
		return AttributeError
	case strings.Contains(msg, "undefined"), strings.Contains(msg, "referenced before assignment"):
		return NameError
	case strings.Contains(msg, "invalid literal"), strings.Contains(msg, "invalid syntax for"),
		strings.Contains(msg, "too many values to unpack"), strings.Contains(msg, "too few values to unpack"),
		strings.Contains(msg, "not in list"), strings.Contains(msg, "substring not found"):
		return ValueError
	case strings.Contains(msg, "overflow"), strings.Contains(msg, "too large"):
		return OverflowError
	case strings.Contains(msg, "recursion"), strings.Contains(msg, "stack overflow"):
		return RecursionError
	case strings.Contains(msg, "unknown binary op"), strings.Contains(msg, "unsupported"),
		strings.Contains(msg, "not iterable"), strings.Contains(msg, "not callable"),
		strings.Contains(msg, "invalid call of non-function"), strings.Contains(msg, "got "),
		strings.Contains(msg, "unhashable"), strings.Contains(msg, "missing argument"),
		strings.Contains(msg, "unexpected keyword"), strings.Contains(msg, "argument"),
		strings.Contains(msg, "for parameter"), strings.Contains(msg, "not supported"):
		return TypeError
	case strings.Contains(msg, "frozen"), strings.Contains(msg, "cannot"):
		return RuntimeError
	}
	return RuntimeError
}

// CheckAlloc is MemoryError when a value of n bytes (or an n that
// overflowed to below 0) would pass the memory budget (host.MaxMemory):
// checked before a method makes a value whose size a script chose.
func CheckAlloc(n int64) error {
	if n < 0 || n > host.MaxMemory() {
		return MemoryBudget()
	}
	return nil
}

// The budgets an exception may come from (Exception.Budget).
const (
	BudgetMemory  = "memory"
	BudgetThreads = "threads"
)

// MemoryBudget is the MemoryError of a value or a heap past the memory budget.
func MemoryBudget() *Exception {
	e := New(MemoryError)
	e.Budget = BudgetMemory
	return e
}
