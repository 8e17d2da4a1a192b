// Package argparse is Python's argparse module as command-line tools use
// it: parsers with positionals and options, typed values, choices, help
// and usage text laid out as CPython 3.11 lays it out, and the usage
// errors (exit status 2) it prints.
//
//	argparse.ArgumentParser(prog=None, usage=None, description=None, epilog=None,
//	        formatter_class=HelpFormatter, prefix_chars='-', argument_default=None,
//	        conflict_handler='error', add_help=True, allow_abbrev=True, exit_on_error=True)
//	    .add_argument(*name_or_flags, action=, nargs=, const=, default=, type=,
//	        choices=, required=, help=, metavar=, dest=, version=)  -> Action
//	    .add_argument_group(title=None, description=None)       -> group with add_argument
//	    .add_mutually_exclusive_group(required=False)             -> group with add_argument
//	    .parse_args(args=None, namespace=None)                    -> Namespace
//	    .parse_known_args(args=None, namespace=None)              -> (Namespace, [extras])
//	    .set_defaults(**kwargs), .get_default(dest)
//	    .format_usage(), .format_help(), .print_usage(file=None), .print_help(file=None)
//	    .error(message)            usage and "PROG: error: message" on stderr, SystemExit(2)
//	    .exit(status=0, message=None)
//	    .prog, .usage, .description, .epilog                      readable and settable
//	argparse.Namespace(**kwargs)   attributes, ==, repr Namespace(a=1, b='x')
//	argparse.ArgumentError, argparse.ArgumentTypeError           exception classes
//	argparse.HelpFormatter, RawDescriptionHelpFormatter, RawTextHelpFormatter,
//	    ArgumentDefaultsHelpFormatter, MetavarTypeHelpFormatter  for formatter_class
//	argparse.BooleanOptionalAction                               for action=
//	argparse.SUPPRESS, OPTIONAL, ZERO_OR_MORE, ONE_OR_MORE, REMAINDER
//
// Actions: store, store_const, store_true, store_false, append, append_const,
// count, extend, help, version, BooleanOptionalAction; nargs None, '?', '*',
// '+', '...' or an int. parse_args() reads the run's sys.argv[1:], help goes
// to the run's stdout and errors to its stderr. The help width is $COLUMNS,
// else the terminal's width when stdout is one, else 80, less 2, as
// CPython's shutil.get_terminal_size gives it.
package argparse

import (
	"io"
	"os"
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/stdlib/sys"
)

// Module is the argparse module.
var Module = &py.Module{
	Name: "argparse",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"ArgumentParser":                parserClass,
			"Namespace":                     namespaceClass,
			"Action":                        actionClass,
			"ArgumentError":                 ArgumentError,
			"ArgumentTypeError":             ArgumentTypeError,
			"HelpFormatter":                 helpFormatter,
			"RawDescriptionHelpFormatter":   rawDescriptionFormatter,
			"RawTextHelpFormatter":          rawTextFormatter,
			"ArgumentDefaultsHelpFormatter": defaultsFormatter,
			"MetavarTypeHelpFormatter":      metavarTypeFormatter,
			"BooleanOptionalAction":         booleanOptionalAction,
			"SUPPRESS":                      starlark.String(suppress),
			"OPTIONAL":                      starlark.String("?"),
			"ZERO_OR_MORE":                  starlark.String("*"),
			"ONE_OR_MORE":                   starlark.String("+"),
			"REMAINDER":                     starlark.String("..."),
			"PARSER":                        starlark.String("A..."),
		}
	},
}

// The formatter classes; a parser only compares which one it was given.
var (
	helpFormatter           = py.DeclareClass("argparse", "HelpFormatter", &py.Object, nil)
	rawDescriptionFormatter = py.DeclareClass("argparse", "RawDescriptionHelpFormatter", &helpFormatter, nil)
	rawTextFormatter        = py.DeclareClass("argparse", "RawTextHelpFormatter", &rawDescriptionFormatter, nil)
	defaultsFormatter       = py.DeclareClass("argparse", "ArgumentDefaultsHelpFormatter", &helpFormatter, nil)
	metavarTypeFormatter    = py.DeclareClass("argparse", "MetavarTypeHelpFormatter", &helpFormatter, nil)
)

var parserClass = py.DeclareClass("argparse", "ArgumentParser", &py.Object, newParser)

// Parser is an ArgumentParser.
type Parser struct {
	prog            string
	usage           starlark.Value
	description     starlark.Value
	epilog          starlark.Value
	formatterClass  *py.Class
	prefixChars     string
	argumentDefault starlark.Value
	conflictHandler string
	addHelp         bool
	allowAbbrev     bool
	exitOnError     bool

	actions []*Action
	// options maps each option string to its action; optionOrder keeps
	// the order they were added, which abbreviation matching follows.
	options     map[string]*Action
	optionOrder []string
	groups      []*Group // positional arguments, options, then the script's
	exclusive   []*Group
	positionals *Group
	optionals   *Group
	defaults    []starlark.Tuple // set_defaults, in order
	// negativeOptions is set once an option looks like a negative number,
	// after which "-1" is an option, not a value.
	negativeOptions bool
}

// Group is an argument group or a mutually exclusive group.
type Group struct {
	parser      *Parser
	title       starlark.Value
	description starlark.Value
	actions     []*Action
	exclusive   bool
	required    bool
	// container is the group an exclusive group's actions also join; nil
	// for the parser, which files them under options or positionals.
	container *Group
}

func newParser(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var prog, usage, description, epilog, parents, fromfile starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
	var formatter starlark.Value = helpFormatter
	var argumentDefault starlark.Value = starlark.None
	prefixChars, conflictHandler := "-", "error"
	addHelp, allowAbbrev, exitOnError := true, true, true
	if err := starlark.UnpackArgs("argparse.ArgumentParser", args, kwargs,
		"prog?", &prog, "usage?", &usage, "description?", &description, "epilog?", &epilog,
		"parents?", &parents, "formatter_class?", &formatter, "prefix_chars?", &prefixChars,
		"fromfile_prefix_chars?", &fromfile, "argument_default?", &argumentDefault,
		"conflict_handler?", &conflictHandler, "add_help?", &addHelp, "allow_abbrev?", &allowAbbrev,
		"exit_on_error?", &exitOnError); err != nil {
		return nil, err
	}
	fc, ok := formatter.(*py.Class)
	if !ok || !fc.IsSubclass(helpFormatter) {
		return nil, py.Errorf(py.TypeError, "argparse.ArgumentParser: formatter_class must be one of argparse's HelpFormatter classes")
	}
	if conflictHandler != "error" && conflictHandler != "resolve" {
		return nil, py.Errorf(py.ValueError, "invalid conflict_resolution value: %s", py.Repr(starlark.String(conflictHandler)))
	}
	if fromfile != starlark.None {
		return nil, py.Errorf(py.NotImplementedError, "argparse.ArgumentParser: fromfile_prefix_chars= is not supported")
	}
	if parents != starlark.None {
		if n := starlark.Len(parents); n != 0 {
			return nil, py.Errorf(py.NotImplementedError, "argparse.ArgumentParser: parents= is not supported")
		}
	}
	p := &Parser{
		usage: usage, description: description, epilog: epilog, formatterClass: fc,
		prefixChars: prefixChars, argumentDefault: argumentDefault, conflictHandler: conflictHandler,
		addHelp: addHelp, allowAbbrev: allowAbbrev, exitOnError: exitOnError,
		options: map[string]*Action{},
	}
	if s, ok := prog.(starlark.String); ok {
		p.prog = string(s)
	} else if prog != starlark.None {
		p.prog = py.Str(prog)
	} else {
		argv0, err := argv0(thread)
		if err != nil {
			return nil, err
		}
		p.prog = argv0[strings.LastIndexByte(argv0, '/')+1:]
	}
	p.positionals = p.newGroup(starlark.String("positional arguments"), starlark.None)
	p.optionals = p.newGroup(starlark.String("options"), starlark.None)
	if addHelp {
		prefix := "-"
		if !strings.Contains(prefixChars, "-") {
			prefix = prefixChars[:1]
		}
		_, err := p.addArgument(thread, nil, starlark.Tuple{starlark.String(prefix + "h"), starlark.String(prefix + prefix + "help")},
			[]starlark.Tuple{
				{starlark.String("action"), starlark.String("help")},
				{starlark.String("default"), starlark.String(suppress)},
				{starlark.String("help"), starlark.String("show this help message and exit")},
			})
		if err != nil {
			return nil, err
		}
	}
	return p, nil
}

// sysArgv is the run's sys.argv, the list itself, so a script's changes show.
func sysArgv(thread *starlark.Thread) (*starlark.List, error) {
	argv, ok := sys.Module.Instance(host.Of(thread)).Members()["argv"].(*starlark.List)
	if !ok {
		return nil, py.Errorf(py.RuntimeError, "lost sys.argv")
	}
	return argv, nil
}

func argv0(thread *starlark.Thread) (string, error) {
	argv, err := sysArgv(thread)
	if err != nil {
		return "", err
	}
	if argv.Len() == 0 {
		return "", py.Errorf(py.IndexError, "list index out of range")
	}
	return py.Str(argv.Index(0)), nil
}

func (p *Parser) newGroup(title, description starlark.Value) *Group {
	g := &Group{parser: p, title: title, description: description}
	p.groups = append(p.groups, g)
	return g
}

var (
	_ starlark.HasAttrs    = (*Parser)(nil)
	_ starlark.HasSetField = (*Parser)(nil)
	_ starlark.HasAttrs    = (*Group)(nil)
)

func (p *Parser) String() string {
	return "ArgumentParser(prog=" + py.Repr(starlark.String(p.prog)) + ", usage=" + py.Repr(p.usage) +
		", description=" + py.Repr(p.description) + ", formatter_class=" + p.formatterClass.String() +
		", conflict_handler=" + py.Repr(starlark.String(p.conflictHandler)) + ", add_help=" + py.Repr(starlark.Bool(p.addHelp)) + ")"
}
func (p *Parser) PyRepr() string        { return p.String() }
func (p *Parser) Type() string          { return "ArgumentParser" }
func (p *Parser) PyClass() *py.Class    { return parserClass }
func (p *Parser) Freeze()               {}
func (p *Parser) Truth() starlark.Bool  { return true }
func (p *Parser) Hash() (uint32, error) { return 0, nil }

type parserMethod = func(p *Parser, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

var parserMethods = py.Table[string, parserMethod]{Build: func() map[string]parserMethod {
	return map[string]parserMethod{
		"add_argument": func(p *Parser, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return p.addArgument(thread, nil, args, kwargs)
		},
		"add_argument_group": func(p *Parser, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return p.addArgumentGroup(b, args, kwargs)
		},
		"add_mutually_exclusive_group": func(p *Parser, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return p.addExclusiveGroup(b, nil, args, kwargs)
		},
		"parse_args":       (*Parser).parseArgs,
		"parse_known_args": (*Parser).parseKnownArgs,
		"set_defaults":     (*Parser).setDefaults,
		"get_default":      (*Parser).getDefault,
		"format_usage":     (*Parser).formatUsageMethod,
		"format_help":      (*Parser).formatHelpMethod,
		"print_usage":      (*Parser).printUsage,
		"print_help":       (*Parser).printHelp,
		"error":            (*Parser).errorMethod,
		"exit":             (*Parser).exitMethod,
	}
}}

func (p *Parser) Attr(name string) (starlark.Value, error) {
	switch name {
	case "prog":
		return starlark.String(p.prog), nil
	case "usage":
		return p.usage, nil
	case "description":
		return p.description, nil
	case "epilog":
		return p.epilog, nil
	case "formatter_class":
		return p.formatterClass, nil
	case "prefix_chars":
		return starlark.String(p.prefixChars), nil
	case "argument_default":
		return p.argumentDefault, nil
	case "conflict_handler":
		return starlark.String(p.conflictHandler), nil
	case "add_help":
		return starlark.Bool(p.addHelp), nil
	case "allow_abbrev":
		return starlark.Bool(p.allowAbbrev), nil
	case "exit_on_error":
		return starlark.Bool(p.exitOnError), nil
	}
	m, ok := parserMethods.Map()[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin("ArgumentParser."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(p, thread, b, args, kwargs)
	}), nil
}

func (p *Parser) AttrNames() []string {
	names := []string{"add_help", "allow_abbrev", "argument_default", "conflict_handler", "description",
		"epilog", "exit_on_error", "formatter_class", "prefix_chars", "prog", "usage"}
	for name := range parserMethods.Map() {
		names = append(names, name)
	}
	return names
}

// SetField lets a script change the texts after making the parser.
func (p *Parser) SetField(name string, v starlark.Value) error {
	switch name {
	case "prog":
		p.prog = py.Str(v)
	case "usage":
		p.usage = v
	case "description":
		p.description = v
	case "epilog":
		p.epilog = v
	case "exit_on_error":
		p.exitOnError = bool(v.Truth())
	case "allow_abbrev":
		p.allowAbbrev = bool(v.Truth())
	default:
		return py.Errorf(py.AttributeError, "'ArgumentParser' object attribute '%s' cannot be set here", name)
	}
	return nil
}

func (g *Group) String() string {
	if g.exclusive {
		return "<argparse._MutuallyExclusiveGroup object>"
	}
	return "<argparse._ArgumentGroup object>"
}
func (g *Group) Type() string          { return "_ArgumentGroup" }
func (g *Group) Freeze()               {}
func (g *Group) Truth() starlark.Bool  { return true }
func (g *Group) Hash() (uint32, error) { return 0, nil }

func (g *Group) Attr(name string) (starlark.Value, error) {
	switch name {
	case "title":
		return g.title, nil
	case "description":
		return g.description, nil
	case "required":
		return starlark.Bool(g.required), nil
	case "add_argument":
		return starlark.NewBuiltin("_ArgumentGroup.add_argument", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return g.parser.addArgument(thread, g, args, kwargs)
		}), nil
	case "add_mutually_exclusive_group":
		return starlark.NewBuiltin("_ArgumentGroup.add_mutually_exclusive_group", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return g.parser.addExclusiveGroup(b, g, args, kwargs)
		}), nil
	}
	return nil, nil
}

func (g *Group) AttrNames() []string {
	return []string{"add_argument", "add_mutually_exclusive_group", "description", "required", "title"}
}

func (p *Parser) addArgumentGroup(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var title, description starlark.Value = starlark.None, starlark.None
	var prefixChars, argumentDefault, conflictHandler starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "title?", &title, "description?", &description,
		"prefix_chars?", &prefixChars, "argument_default?", &argumentDefault, "conflict_handler?", &conflictHandler); err != nil {
		return nil, err
	}
	return p.newGroup(title, description), nil
}

func (p *Parser) addExclusiveGroup(b *starlark.Builtin, container *Group, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	required := false
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "required?", &required); err != nil {
		return nil, err
	}
	g := &Group{parser: p, title: starlark.None, description: starlark.None, exclusive: true, required: required, container: container}
	p.exclusive = append(p.exclusive, g)
	return g, nil
}

func (p *Parser) setDefaults(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, py.Errorf(py.TypeError, "ArgumentParser.set_defaults() takes 1 positional argument but %d were given", len(args)+1)
	}
	for _, kv := range kwargs {
		name := string(kv[0].(starlark.String))
		replaced := false
		for i, d := range p.defaults {
			if string(d[0].(starlark.String)) == name {
				p.defaults[i] = kv
				replaced = true
			}
		}
		if !replaced {
			p.defaults = append(p.defaults, kv)
		}
		for _, a := range p.actions {
			if a.dest == name {
				a.default_ = kv[1]
			}
		}
	}
	return starlark.None, nil
}

// parserDefault is the set_defaults value for dest.
func (p *Parser) parserDefault(dest string) (starlark.Value, bool) {
	for _, d := range p.defaults {
		if string(d[0].(starlark.String)) == dest {
			return d[1], true
		}
	}
	return nil, false
}

func (p *Parser) getDefault(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var dest string
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "dest", &dest); err != nil {
		return nil, err
	}
	for _, a := range p.actions {
		if a.dest == dest && a.default_ != starlark.None {
			return a.default_, nil
		}
	}
	if v, ok := p.parserDefault(dest); ok {
		return v, nil
	}
	return starlark.None, nil
}

func (p *Parser) formatUsageMethod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	s, err := p.formatUsage(thread)
	if err != nil {
		return nil, err
	}
	return starlark.String(s), nil
}

func (p *Parser) formatHelpMethod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	s, err := p.formatHelp(thread)
	if err != nil {
		return nil, err
	}
	return starlark.String(s), nil
}

// printMessage is _print_message: message to file, or to fallback (the
// run's stdout or stderr) when file is None. A file without write is
// skipped, as CPython swallows the AttributeError.
func printMessage(thread *starlark.Thread, message string, file starlark.Value, fallback io.Writer) error {
	if message == "" {
		return nil
	}
	if file == starlark.None {
		io.WriteString(fallback, message)
		return nil
	}
	h, ok := file.(starlark.HasAttrs)
	if !ok {
		return nil
	}
	w, err := h.Attr("write")
	if err != nil || w == nil {
		return nil
	}
	_, err = starlark.Call(thread, w, starlark.Tuple{starlark.String(message)}, nil)
	return err
}

func (p *Parser) printUsage(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var file starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "file?", &file); err != nil {
		return nil, err
	}
	s, err := p.formatUsage(thread)
	if err != nil {
		return nil, err
	}
	return starlark.None, printMessage(thread, s, file, host.Of(thread).Stdout)
}

func (p *Parser) printHelp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var file starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "file?", &file); err != nil {
		return nil, err
	}
	s, err := p.formatHelp(thread)
	if err != nil {
		return nil, err
	}
	return starlark.None, printMessage(thread, s, file, host.Of(thread).Stdout)
}

func (p *Parser) errorMethod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var message starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "message", &message); err != nil {
		return nil, err
	}
	return nil, p.error(thread, py.Str(message))
}

func (p *Parser) exitMethod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var status starlark.Value = starlark.MakeInt(0)
	var message starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "status?", &status, "message?", &message); err != nil {
		return nil, err
	}
	if message.Truth() {
		if err := printMessage(thread, py.Str(message), starlark.None, host.Of(thread).Stderr); err != nil {
			return nil, err
		}
	}
	return nil, py.New(py.SystemExit, status)
}

// error is parser.error: the usage and "PROG: error: message" on stderr,
// then SystemExit(2), which it returns for the caller to raise.
func (p *Parser) error(thread *starlark.Thread, message string) error {
	usage, err := p.formatUsage(thread)
	if err != nil {
		return err
	}
	stderr := host.Of(thread).Stderr
	io.WriteString(stderr, usage)
	io.WriteString(stderr, p.prog+": error: "+message+"\n")
	return py.New(py.SystemExit, starlark.MakeInt(2))
}

// columns is what shutil.get_terminal_size().columns gives CPython: a
// positive $COLUMNS, else the width of the terminal the run's stdout is,
// else 80.
func columns(proc *host.Process) int {
	if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	if f, ok := proc.Stdout.(*os.File); ok {
		if n := terminalColumns(f); n > 0 {
			return n
		}
	}
	return 80
}
