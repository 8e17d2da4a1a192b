package scenario

import (
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// FileName is the scenario file a scenario directory holds.
const FileName = "scenario.star"

// DefaultTimeout is a scenario's deadline when its file names none.
const DefaultTimeout = 30 * time.Second

// Scenario is one run of cooperating roles and what is expected of them.
type Scenario struct {
	Name string // "dir" or "dir/name" for a file with several scenarios
	Dir  string // the directory role files and golden files are relative to
	// commandLine says the scenario is files named on the command line
	// (FromFiles): Dir is the working directory, not the roles' to read.
	commandLine bool
	Pos         string // where it was declared, "dir/scenario.star:3"
	Roles       []*Role
	Timeout     time.Duration
	// Trace, if set, is what the run's text flow must be (trace = golden(...)).
	Trace *Expect
	// Allow lists what the roles may do that a scenario refuses by
	// default: "raw" (raw and packet sockets), "unix" (the machine's own
	// absolute AF_UNIX paths, not the run's).
	Allow []string
	// Env is what the roles' os.environ holds beyond BaseEnv.
	Env map[string]string
	// Sim says the scenario runs on the simulated network whatever the
	// command line says (network = "sim"): it needs virtual time.
	Sim bool
	// Links and Faults are how the network misbehaves (faults.go).
	Links  []*Link
	Faults []*Fault
}

// BaseEnv names the variables of sockstar's own environment a scenario's
// roles see (when set); everything else they see comes from env = {...}.
var BaseEnv = []string{"PATH", "LANG", "LC_ALL", "TZ", "TERM"}

// environ is the roles' environment, as KEY=VALUE strings in key order.
func (sc *Scenario) environ() []string {
	env := map[string]string{}
	for _, k := range BaseEnv {
		if v, ok := os.LookupEnv(k); ok {
			env[k] = v
		}
	}
	maps.Copy(env, sc.Env)
	out := make([]string, 0, len(env))
	for _, k := range slices.Sorted(maps.Keys(env)) {
		out = append(out, k+"="+env[k])
	}
	return out
}

// permissions are what allow = [...] may name.
var permissions = []string{"raw", "unix", "files"}

// Allows reports whether the scenario allows what.
func (sc *Scenario) Allows(what string) bool { return slices.Contains(sc.Allow, what) }

// Prompt is one line of scripted input and what it waits for: Text in the
// output of Role ("" for the role itself). With EOF, the input ends there.
type Prompt struct {
	Role, Text, Line string
	EOF              bool
}

// Role is one program of a scenario, as one shell of a tutorial runs it.
type Role struct {
	Name  string
	File  string   // relative to the scenario's Dir; "" when it must be supplied
	Args  []string // sys.argv[1:]
	Host  string   // the virtual address of its host; "" is the shared default host
	Input []string // lines given up front, then end of input
	// Prompts are sent in order: each line once the role has printed its
	// prompt (or once another role has printed a text, for seen(role, text));
	// after the last one, end of input.
	Prompts []Prompt
	Stdout  *Expect
	Stderr  *Expect
	Exit    *int // nil: not checked
	Daemon  bool // a server: stopped once the other roles have ended and it waits idle
	After   []string
	Hint    string
	Pos     string
}

// Expect is an expectation on a role's output.
type Expect struct {
	Kind  string   // "exact", "golden", "lines", "contains", "match"
	Text  string   // exact text; golden file path; regexp for match
	Items []string // lines / contains items; a line item "re:..." is a regexp
	Pos   string
}

// FileError is a scenario file that cannot be used: it names file and line.
type FileError struct {
	Pos string
	Msg string
}

func (e *FileError) Error() string { return e.Pos + ": " + e.Msg }

// Load reads dir/scenario.star and returns the scenarios it declares.
func Load(dir string) ([]*Scenario, error) {
	path := filepath.Join(dir, FileName)
	src, err := os.ReadFile(path)
	if err != nil {
		// The path once, then what is wrong: "empty/scenario.star: no such file or directory".
		msg := err.Error()
		var pe *os.PathError
		if errors.As(err, &pe) {
			msg = pe.Err.Error()
		}
		return nil, &FileError{Pos: path, Msg: msg}
	}
	return Parse(dir, path, src)
}

// Parse evaluates the text of a scenario file; dir is its directory.
func Parse(dir, path string, src []byte) ([]*Scenario, error) {
	l := &loader{dir: dir, path: path}
	thread := &starlark.Thread{Name: "scenario", Print: func(*starlark.Thread, string) {}}
	thread.SetMaxExecutionSteps(1 << 24)
	opts := &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true}
	_, err := starlark.ExecFileOptions(opts, thread, path, src, l.builtins())
	if err != nil {
		return nil, l.fileError(err)
	}
	if len(l.scenarios) == 0 {
		return nil, &FileError{Pos: path, Msg: "no scenario declared: call scenario(roles=[role(...), ...])"}
	}
	if err := l.check(); err != nil {
		return nil, err
	}
	return l.scenarios, nil
}

type loader struct {
	dir, path string
	scenarios []*Scenario
}

func (l *loader) fileError(err error) error {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe
	}
	var se syntax.Error
	if errors.As(err, &se) {
		return &FileError{Pos: fmt.Sprintf("%s:%d", se.Pos.Filename(), se.Pos.Line), Msg: se.Msg}
	}
	var ee *starlark.EvalError
	if errors.As(err, &ee) {
		pos := l.path
		for i := len(ee.CallStack) - 1; i >= 0; i-- {
			if fr := ee.CallStack[i]; fr.Pos.Filename() == l.path && fr.Pos.Line > 0 {
				pos = fmt.Sprintf("%s:%d", l.path, fr.Pos.Line)
				break
			}
		}
		var inner *FileError
		if errors.As(ee.Unwrap(), &inner) {
			return &FileError{Pos: pos, Msg: inner.Msg}
		}
		return &FileError{Pos: pos, Msg: ee.Msg}
	}
	var list interface{ Unwrap() []error }
	if errors.As(err, &list) && len(list.Unwrap()) > 0 {
		return l.fileError(list.Unwrap()[0])
	}
	return &FileError{Pos: l.path, Msg: err.Error()}
}

func (l *loader) pos(thread *starlark.Thread) string {
	p := thread.CallFrame(1).Pos
	return fmt.Sprintf("%s:%d", p.Filename(), p.Line)
}

func (l *loader) builtins() starlark.StringDict {
	d := starlark.StringDict{
		"scenario": starlark.NewBuiltin("scenario", l.scenario),
		"role":     starlark.NewBuiltin("role", l.role),
		"golden":   starlark.NewBuiltin("golden", l.expectBuiltin("golden")),
		"lines":    starlark.NewBuiltin("lines", l.expectBuiltin("lines")),
		"contains": starlark.NewBuiltin("contains", l.expectBuiltin("contains")),
		"match":    starlark.NewBuiltin("match", l.expectBuiltin("match")),
		"re":       starlark.NewBuiltin("re", reItem),
		"seen":     starlark.NewBuiltin("seen", seen),
	}
	l.faultBuiltins(d)
	return d
}

// seenValue is seen(role, text): a prompt that waits for another role's output.
type seenValue struct{ role, text string }

func (v seenValue) String() string        { return fmt.Sprintf("seen(%q, %q)", v.role, v.text) }
func (v seenValue) Type() string          { return "seen" }
func (v seenValue) Freeze()               {}
func (v seenValue) Truth() starlark.Bool  { return true }
func (v seenValue) Hash() (uint32, error) { return starlark.String(v.role + "\x00" + v.text).Hash() }

func seen(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var role, text string
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &role, &text); err != nil {
		return nil, err
	}
	return seenValue{role, text}, nil
}

// roleValue and expectValue carry Go values through the scenario file.
type roleValue struct{ r *Role }
type expectValue struct{ e *Expect }

func (v *roleValue) String() string        { return fmt.Sprintf("role(%q)", v.r.Name) }
func (v *roleValue) Type() string          { return "role" }
func (v *roleValue) Freeze()               {}
func (v *roleValue) Truth() starlark.Bool  { return true }
func (v *roleValue) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: role") }

func (v *expectValue) String() string        { return v.e.Kind + "(...)" }
func (v *expectValue) Type() string          { return "expectation" }
func (v *expectValue) Freeze()               {}
func (v *expectValue) Truth() starlark.Bool  { return true }
func (v *expectValue) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: expectation") }

// reItem marks a line of lines(...) as a regexp the whole line must match.
func reItem(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pattern string
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &pattern); err != nil {
		return nil, err
	}
	if _, err := regexp.Compile(pattern); err != nil {
		return nil, fmt.Errorf("re: bad regexp %q: %v", pattern, err)
	}
	return starlark.String("re:" + pattern), nil
}

func (l *loader) expectBuiltin(kind string) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(kwargs) > 0 {
			return nil, fmt.Errorf("%s: unexpected keyword argument %s", kind, kwargs[0][0])
		}
		e := &Expect{Kind: kind, Pos: l.pos(thread)}
		var items []string
		for _, a := range args {
			if list, ok := a.(*starlark.List); ok {
				for i := range list.Len() {
					s, ok := starlark.AsString(list.Index(i))
					if !ok {
						return nil, fmt.Errorf("%s: want strings, got %s", kind, list.Index(i).Type())
					}
					items = append(items, s)
				}
				continue
			}
			s, ok := starlark.AsString(a)
			if !ok {
				return nil, fmt.Errorf("%s: want strings, got %s", kind, a.Type())
			}
			items = append(items, s)
		}
		switch kind {
		case "golden", "match":
			if len(items) != 1 {
				return nil, fmt.Errorf("%s: want one string, got %d", kind, len(items))
			}
			e.Text = items[0]
			if kind == "match" {
				if _, err := regexp.Compile(e.Text); err != nil {
					return nil, fmt.Errorf("match: bad regexp %q: %v", e.Text, err)
				}
			}
		default:
			e.Items = items
		}
		return &expectValue{e}, nil
	}
}

func (l *loader) role(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var (
		name, file, host, hint       string
		argsV, input, prompts, after *starlark.List
		stdout, stderr, exit         starlark.Value = starlark.None, starlark.None, starlark.None
		daemon                       bool
		exitGiven                    bool
	)
	for _, kv := range kwargs {
		if kv[0].(starlark.String) == "exit" {
			exitGiven = true
		}
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs,
		"name", &name, "file?", &file, "args?", &argsV, "host?", &host,
		"input?", &input, "prompts?", &prompts, "stdout?", &stdout, "stderr?", &stderr,
		"exit?", &exit, "daemon?", &daemon, "after?", &after, "hint?", &hint); err != nil {
		return nil, err
	}
	r := &Role{Name: name, File: file, Host: host, Daemon: daemon, Hint: hint, Pos: l.pos(thread)}
	if name == "" || strings.ContainsAny(name, " /=") {
		return nil, fmt.Errorf("role: bad name %q (a word without spaces, '/' or '=')", name)
	}
	var err error
	if r.Args, err = strings_(argsV, "args"); err != nil {
		return nil, err
	}
	if r.Input, err = strings_(input, "input"); err != nil {
		return nil, err
	}
	if r.After, err = strings_(after, "after"); err != nil {
		return nil, err
	}
	if prompts != nil {
		if input != nil {
			return nil, fmt.Errorf("role %s: give input or prompts, not both", name)
		}
		for i := range prompts.Len() {
			t, ok := prompts.Index(i).(starlark.Tuple)
			if !ok || len(t) != 2 {
				return nil, fmt.Errorf("role %s: prompts[%d]: want a pair (prompt, line)", name, i)
			}
			line, ok := starlark.AsString(t[1])
			eof := t[1] == starlark.None
			if !ok && !eof {
				return nil, fmt.Errorf("role %s: prompts[%d]: the line must be a string, or None for the end of input", name, i)
			}
			var pr Prompt
			switch w := t[0].(type) {
			case starlark.String:
				pr = Prompt{Text: string(w), Line: line}
			case seenValue:
				pr = Prompt{Role: w.role, Text: w.text, Line: line}
			}
			pr.EOF = eof
			if pr.Text == "" {
				return nil, fmt.Errorf("role %s: prompts[%d]: want (prompt, line) or (seen(role, text), line), with a text that is not empty", name, i)
			}
			r.Prompts = append(r.Prompts, pr)
		}
	}
	if r.Stdout, err = expectArg(stdout, name, "stdout", r.Pos); err != nil {
		return nil, err
	}
	if r.Stderr, err = expectArg(stderr, name, "stderr", r.Pos); err != nil {
		return nil, err
	}
	switch e := exit.(type) {
	case starlark.NoneType:
		if !exitGiven && !daemon {
			zero := 0
			r.Exit = &zero
		}
	case starlark.Int:
		n, ok := e.Int64()
		if !ok || n < 0 || n > 255 {
			return nil, fmt.Errorf("role %s: exit must be 0-255 or None", name)
		}
		v := int(n)
		r.Exit = &v
	default:
		return nil, fmt.Errorf("role %s: exit must be an int or None, not %s", name, exit.Type())
	}
	if host != "" {
		a, err := netip.ParseAddr(host)
		if err != nil || !a.Is4() {
			return nil, fmt.Errorf("role %s: host must be an IPv4 address such as 192.168.1.101, not %q", name, host)
		}
	}
	return &roleValue{r}, nil
}

func strings_(list *starlark.List, what string) ([]string, error) {
	if list == nil {
		return nil, nil
	}
	out := make([]string, 0, list.Len())
	for i := range list.Len() {
		s, ok := starlark.AsString(list.Index(i))
		if !ok {
			return nil, fmt.Errorf("%s[%d]: want a string, got %s", what, i, list.Index(i).Type())
		}
		out = append(out, s)
	}
	return out, nil
}

func expectArg(v starlark.Value, role, what, pos string) (*Expect, error) {
	switch v := v.(type) {
	case starlark.NoneType:
		return nil, nil
	case starlark.String:
		return &Expect{Kind: "exact", Text: string(v), Pos: pos}, nil
	case *expectValue:
		return v.e, nil
	}
	return nil, fmt.Errorf("role %s: %s must be a string, golden(), lines(), contains() or match(), not %s", role, what, v.Type())
}

func (l *loader) scenario(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var (
		name    string
		roles   *starlark.List
		timeout starlark.Value = starlark.None
		flow    starlark.Value = starlark.None
		allow   *starlark.List
		env     *starlark.Dict
		network = "kernel"
		links   *starlark.List
		faults  *starlark.List
	)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name?", &name, "roles", &roles, "timeout?", &timeout, "trace?", &flow, "allow?", &allow, "env?", &env, "network?", &network, "links?", &links, "faults?", &faults); err != nil {
		return nil, err
	}
	if network != "kernel" && network != "sim" {
		return nil, fmt.Errorf("scenario: network must be \"kernel\" or \"sim\", not %q", network)
	}
	sc := &Scenario{Name: filepath.Base(l.dir), Dir: l.dir, Pos: l.pos(thread), Timeout: DefaultTimeout, Sim: network == "sim"}
	if abs, err := filepath.Abs(l.dir); err == nil {
		sc.Name = filepath.Base(abs)
	}
	if name != "" {
		sc.Name += "/" + name
	}
	switch t := timeout.(type) {
	case starlark.NoneType:
	case starlark.Int, starlark.Float:
		f, _ := starlark.AsFloat(t)
		if f <= 0 {
			return nil, fmt.Errorf("scenario: timeout must be more than 0 seconds")
		}
		sc.Timeout = time.Duration(f * float64(time.Second))
	default:
		return nil, fmt.Errorf("scenario: timeout must be a number of seconds, not %s", timeout.Type())
	}
	if roles.Len() == 0 {
		return nil, fmt.Errorf("scenario: roles is empty")
	}
	if env != nil {
		sc.Env = map[string]string{}
		for _, kv := range env.Items() {
			k, kok := kv[0].(starlark.String)
			v, vok := kv[1].(starlark.String)
			if !kok || !vok || k == "" || strings.ContainsAny(string(k), "=\x00") || strings.Contains(string(v), "\x00") {
				return nil, fmt.Errorf("scenario: env: %s: %s must map names to strings", kv[0].String(), kv[1].String())
			}
			sc.Env[string(k)] = string(v)
		}
	}
	if allow != nil {
		for i := range allow.Len() {
			p, ok := allow.Index(i).(starlark.String)
			if !ok || !slices.Contains(permissions, string(p)) {
				return nil, fmt.Errorf("scenario: allow: %s is not a permission (want one of: %s)", allow.Index(i).String(), strings.Join(permissions, ", "))
			}
			sc.Allow = append(sc.Allow, string(p))
		}
	}
	e, err := expectArg(flow, "", "trace", l.pos(thread))
	if err != nil {
		return nil, fmt.Errorf("scenario: trace must be a string or golden(), not %s", flow.Type())
	}
	if e != nil && e.Kind != "exact" && e.Kind != "golden" {
		return nil, fmt.Errorf("scenario: trace must be a string or golden(), not %s()", e.Kind)
	}
	sc.Trace = e
	if err := linksAndFaults(sc, links, faults); err != nil {
		return nil, err
	}
	for i := range roles.Len() {
		rv, ok := roles.Index(i).(*roleValue)
		if !ok {
			return nil, fmt.Errorf("scenario: roles[%d] is a %s, not a role(...)", i, roles.Index(i).Type())
		}
		sc.Roles = append(sc.Roles, rv.r)
	}
	for _, other := range l.scenarios {
		if other.Name == sc.Name {
			return nil, fmt.Errorf("scenario: a second scenario named %q (give each a name=)", sc.Name)
		}
	}
	l.scenarios = append(l.scenarios, sc)
	return starlark.None, nil
}

// check validates what evaluation could not: names, files, after, seen.
func (l *loader) check() error {
	for _, sc := range l.scenarios {
		seen := map[string]int{}
		for i, r := range sc.Roles {
			if _, dup := seen[r.Name]; dup {
				return &FileError{Pos: r.Pos, Msg: fmt.Sprintf("two roles named %q in scenario %s", r.Name, sc.Name)}
			}
			seen[r.Name] = i
			if r.File != "" {
				if _, err := os.Stat(filepath.Join(sc.Dir, r.File)); err != nil {
					return &FileError{Pos: r.Pos, Msg: fmt.Sprintf("role %s: no file %s", r.Name, filepath.Join(sc.Dir, r.File))}
				}
			}
		}
		if err := checkFaults(sc, seen); err != nil {
			return err
		}
		for _, r := range sc.Roles {
			for _, a := range r.After {
				if _, ok := seen[a]; !ok || a == r.Name {
					return &FileError{Pos: r.Pos, Msg: fmt.Sprintf("role %s: after names %q, not another role of the scenario", r.Name, a)}
				}
			}
			for _, pr := range r.Prompts {
				if _, ok := seen[pr.Role]; pr.Role != "" && !ok {
					return &FileError{Pos: r.Pos, Msg: fmt.Sprintf("role %s: seen names %q, not a role of the scenario", r.Name, pr.Role)}
				}
			}
		}
	}
	return nil
}

// FromFiles makes the scenario of `sockstar run A.star B.star ...`: one role
// per file, named after it, on one shared host. Every role but the last is
// a daemon (a server): the run ends when the last one does, with its status.
func FromFiles(files []string) *Scenario {
	sc := &Scenario{Name: "run", Dir: ".", Pos: "command line", Timeout: 365 * 24 * time.Hour, commandLine: true}
	used := map[string]int{}
	for i, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		if used[name]++; used[name] > 1 {
			name = fmt.Sprintf("%s%d", name, used[name])
		}
		// No status is expected: the last role's is the run's, as in its shell.
		r := &Role{Name: name, File: f, Pos: "command line", Daemon: i < len(files)-1}
		sc.Roles = append(sc.Roles, r)
	}
	return sc
}
