package argparse

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/py"
)

// suppress is argparse.SUPPRESS: no default, no help line, no dest.
const suppress = "==SUPPRESS=="

func isSuppress(v starlark.Value) bool {
	s, ok := v.(starlark.String)
	return ok && string(s) == suppress
}

// Action is what add_argument returns: one argument's option strings, dest
// and how its values are converted and stored. kind is the name of the
// CPython class it stands for (_StoreAction, _CountAction ...).
type Action struct {
	kind          string
	optionStrings []string
	dest          string
	nargs         starlark.Value // None, a str such as '?' or '*', or an int
	const_        starlark.Value
	default_      starlark.Value
	typ           starlark.Value
	choices       starlark.Value
	required      bool
	help          starlark.Value
	metavar       starlark.Value
	version       starlark.Value // the version action's text, else nil
}

// actionKind names the class add_argument's action= makes and the
// keywords that class's __init__ accepts besides option_strings and dest.
// A switch, not a map, so that nothing is built at start-up.
func actionKind(action string) (class, keywords string, ok bool) {
	const storeKeywords = "nargs const default type choices required help metavar"
	switch action {
	case "store":
		return "_StoreAction", storeKeywords, true
	case "store_const":
		return "_StoreConstAction", "const default required help metavar", true
	case "store_true":
		return "_StoreTrueAction", "default required help", true
	case "store_false":
		return "_StoreFalseAction", "default required help", true
	case "append":
		return "_AppendAction", storeKeywords, true
	case "append_const":
		return "_AppendConstAction", "const default required help metavar", true
	case "count":
		return "_CountAction", "default required help", true
	case "help":
		return "_HelpAction", "default help", true
	case "version":
		return "_VersionAction", "version default help", true
	case "extend":
		return "_ExtendAction", storeKeywords, true
	case "boolean":
		return "BooleanOptionalAction", "default type choices required help metavar", true
	}
	return "", "", false
}

var (
	_ starlark.HasAttrs    = (*Action)(nil)
	_ starlark.HasSetField = (*Action)(nil)
)

// actionClass is the class every Action reports; its repr names the kind.
var actionClass = py.DeclareClass("argparse", "Action", &py.Object, nil)

// booleanOptionalAction is argparse.BooleanOptionalAction, passed as action=.
var booleanOptionalAction = py.DeclareClass("argparse", "BooleanOptionalAction", &actionClass, nil)

var actionFields = []string{"option_strings", "dest", "nargs", "const", "default", "type", "choices", "required", "help", "metavar"}

func (a *Action) field(name string) starlark.Value {
	switch name {
	case "option_strings":
		l := make([]starlark.Value, len(a.optionStrings))
		for i, s := range a.optionStrings {
			l[i] = starlark.String(s)
		}
		return starlark.NewList(l)
	case "dest":
		return starlark.String(a.dest)
	case "nargs":
		return a.nargs
	case "const":
		return a.const_
	case "default":
		return a.default_
	case "type":
		return a.typ
	case "choices":
		return a.choices
	case "required":
		return starlark.Bool(a.required)
	case "help":
		return a.help
	case "metavar":
		return a.metavar
	case "version":
		if a.version != nil {
			return a.version
		}
	}
	return nil
}

func (a *Action) String() string {
	parts := make([]string, len(actionFields))
	for i, name := range actionFields {
		parts[i] = name + "=" + py.Repr(a.field(name))
	}
	return a.kind + "(" + strings.Join(parts, ", ") + ")"
}
func (a *Action) PyRepr() string        { return a.String() }
func (a *Action) Type() string          { return a.kind }
func (a *Action) PyClass() *py.Class    { return actionClass }
func (a *Action) Freeze()               {}
func (a *Action) Truth() starlark.Bool  { return true }
func (a *Action) Hash() (uint32, error) { return 0, nil }

func (a *Action) Attr(name string) (starlark.Value, error) { return a.field(name), nil }

func (a *Action) AttrNames() []string { return append([]string(nil), actionFields...) }

// SetField lets a script change a setting after add_argument, as
// `action.default = 5` does in Python.
func (a *Action) SetField(name string, v starlark.Value) error {
	switch name {
	case "dest":
		s, ok := v.(starlark.String)
		if !ok {
			return py.Errorf(py.TypeError, "dest must be a str")
		}
		a.dest = string(s)
	default:
		if !a.setSetting(name, v) {
			return py.Errorf(py.AttributeError, "'%s' object attribute '%s' cannot be set here", a.kind, name)
		}
	}
	return nil
}

// setSetting sets one of the settings add_argument takes as they are
// given and a script may assign later; it reports whether name is one.
func (a *Action) setSetting(name string, v starlark.Value) bool {
	switch name {
	case "nargs":
		a.nargs = v
	case "const":
		a.const_ = v
	case "default":
		a.default_ = v
	case "type":
		a.typ = v
	case "choices":
		a.choices = v
	case "required":
		a.required = bool(v.Truth())
	case "help":
		a.help = v
	case "metavar":
		a.metavar = v
	default:
		return false
	}
	return true
}

// The forms nargs takes.
const (
	nargsOne        = iota // None: one value, stored as it is
	nargsOptional          // '?'
	nargsZeroOrMore        // '*'
	nargsOneOrMore         // '+'
	nargsRemainder         // '...'
	nargsParser            // 'A...'
	nargsSuppress          // SUPPRESS
	nargsCount             // an int: that many values, stored as a list
	nargsInvalid
)

// nargsForm reads nargs; n is the count for nargsCount.
func (a *Action) nargsForm() (form, n int) {
	switch v := a.nargs.(type) {
	case starlark.NoneType:
		return nargsOne, 0
	case starlark.String:
		switch string(v) {
		case "?":
			return nargsOptional, 0
		case "*":
			return nargsZeroOrMore, 0
		case "+":
			return nargsOneOrMore, 0
		case "...":
			return nargsRemainder, 0
		case "A...":
			return nargsParser, 0
		case suppress:
			return nargsSuppress, 0
		}
	case starlark.Int:
		if k, ok := v.Int64(); ok {
			return nargsCount, max(int(k), 0)
		}
	}
	return nargsInvalid, 0
}

// takesNoValue is `action.nargs == 0`.
func (a *Action) takesNoValue() bool {
	form, n := a.nargsForm()
	return form == nargsCount && n == 0
}

// name is _get_action_name: how error messages name an argument.
func (a *Action) name() (string, bool) {
	switch {
	case len(a.optionStrings) > 0:
		return strings.Join(a.optionStrings, "/"), true
	case a.metavar != starlark.None && !isSuppress(a.metavar):
		return py.Str(a.metavar), true
	case a.dest != suppress:
		return a.dest, true
	}
	return "", false
}

// argError is argparse.ArgumentError while parsing: parse_args turns it
// into a usage error, or raises it when exit_on_error is False.
type argError struct {
	action *Action
	msg    string
}

func (e *argError) Error() string {
	if e.action != nil {
		if name, ok := e.action.name(); ok {
			return "argument " + name + ": " + e.msg
		}
	}
	return e.msg
}

func argErrorf(a *Action, format string, args ...any) *argError {
	return &argError{action: a, msg: fmt.Sprintf(format, args...)}
}

// ArgumentError and ArgumentTypeError are argparse's exception classes.
var (
	ArgumentError     = py.DeclareClass("argparse", "ArgumentError", &py.Exception_, nil)
	ArgumentTypeError = py.DeclareClass("argparse", "ArgumentTypeError", &py.Exception_, nil)
)

// typeName is getattr(action.type, '__name__', repr(action.type)).
func typeName(t starlark.Value) string {
	switch t := t.(type) {
	case *py.Class:
		return t.Name()
	case *starlark.Function:
		if t.Name() == "lambda" {
			return "<lambda>"
		}
		return t.Name()
	case *starlark.Builtin:
		name := t.Name()
		return name[strings.LastIndexByte(name, '.')+1:]
	}
	if h, ok := t.(starlark.HasAttrs); ok {
		if v, err := h.Attr("__name__"); err == nil && v != nil {
			return py.Str(v)
		}
	}
	return py.Repr(t)
}

// hasName tells whether a value has a __name__, which help's %(type)s
// shows instead of its repr.
func hasName(v starlark.Value) bool {
	switch v.(type) {
	case *py.Class, *starlark.Function, *starlark.Builtin:
		return true
	}
	return false
}

// convert is _get_value: the action's type applied to one string.
func convert(thread *starlark.Thread, a *Action, s string) (starlark.Value, error) {
	if a.typ == starlark.None {
		return starlark.String(s), nil
	}
	if _, ok := a.typ.(starlark.Callable); !ok {
		return nil, argErrorf(a, "%s is not callable", py.Repr(a.typ))
	}
	v, err := starlark.Call(thread, a.typ, starlark.Tuple{starlark.String(s)}, nil)
	if err == nil {
		return v, nil
	}
	exc := py.AsException(err)
	switch {
	case exc.Class.IsSubclass(ArgumentTypeError):
		return nil, &argError{action: a, msg: exc.Message()}
	case exc.Class.IsSubclass(py.TypeError), exc.Class.IsSubclass(py.ValueError):
		return nil, argErrorf(a, "invalid %s value: %s", typeName(a.typ), py.Repr(starlark.String(s)))
	}
	return nil, err
}

// checkChoice is _check_value: the converted value must be one of choices.
func checkChoice(a *Action, v starlark.Value) error {
	if a.choices == starlark.None {
		return nil
	}
	in, err := starlark.Binary(syntax.IN, v, a.choices)
	if err != nil {
		return err
	}
	if in.Truth() {
		return nil
	}
	items, err := py.Collect(a.choices)
	if err != nil {
		return err
	}
	reprs := make([]string, len(items))
	for i, c := range items {
		reprs[i] = py.Repr(c)
	}
	return argErrorf(a, "invalid choice: %s (choose from %s)", py.Repr(v), strings.Join(reprs, ", "))
}
