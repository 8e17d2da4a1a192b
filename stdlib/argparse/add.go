package argparse

import (
	"strings"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

// addArgument is add_argument on the parser (g nil) or on a group.
func (p *Parser) addArgument(thread *starlark.Thread, g *Group, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	names := make([]string, len(args))
	for i, a := range args {
		s, ok := a.(starlark.String)
		if !ok {
			return nil, py.Errorf(py.TypeError, "'%s' object is not subscriptable", py.TypeOf(a).Name())
		}
		names[i] = string(s)
	}
	// kw keeps the keywords in the order given, as Python's **kwargs does.
	kw := map[string]starlark.Value{}
	var order []string
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		kw[k] = kv[1]
		order = append(order, k)
	}
	set := func(k string, v starlark.Value) {
		if _, ok := kw[k]; !ok {
			order = append(order, k)
		}
		kw[k] = v
	}
	pop := func(k string) (starlark.Value, bool) {
		v, ok := kw[k]
		delete(kw, k)
		return v, ok
	}

	a := &Action{nargs: starlark.None, const_: starlark.None, default_: starlark.None, typ: starlark.None,
		choices: starlark.None, help: starlark.None, metavar: starlark.None}
	positional := len(names) == 0
	if len(names) == 1 {
		if names[0] == "" {
			return nil, py.Errorf(py.IndexError, "string index out of range")
		}
		positional = !strings.ContainsRune(p.prefixChars, []rune(names[0])[0])
	}
	if positional {
		_, hasDest := kw["dest"]
		if len(names) > 0 && hasDest {
			return nil, py.Errorf(py.ValueError, "dest supplied twice for positional argument")
		}
		if _, ok := kw["required"]; ok {
			return nil, py.Errorf(py.TypeError, "'required' is an invalid argument for positionals")
		}
		if len(names) > 0 {
			a.dest = names[0]
		} else if d, ok := pop("dest"); ok {
			a.dest = py.Str(d)
		} else {
			return nil, py.Errorf(py.TypeError, "_ActionsContainer._get_positional_kwargs() missing 1 required positional argument: 'dest'")
		}
		nargs, _ := kw["nargs"]
		isStr := func(v starlark.Value, s string) bool {
			str, ok := v.(starlark.String)
			return ok && string(str) == s
		}
		_, hasDefault := kw["default"]
		if !isStr(nargs, "?") && !isStr(nargs, "*") || isStr(nargs, "*") && !hasDefault {
			set("required", starlark.True)
		}
	} else {
		var long []string
		for _, name := range names {
			if name == "" || !strings.ContainsRune(p.prefixChars, []rune(name)[0]) {
				if name == "" {
					return nil, py.Errorf(py.IndexError, "string index out of range")
				}
				return nil, py.Errorf(py.ValueError, "invalid option string %s: must start with a character %s",
					py.Repr(starlark.String(name)), py.Repr(starlark.String(p.prefixChars)))
			}
			if r := []rune(name); len(r) > 1 && strings.ContainsRune(p.prefixChars, r[1]) {
				long = append(long, name)
			}
		}
		a.optionStrings = names
		if d, ok := pop("dest"); ok && d != starlark.None {
			a.dest = py.Str(d)
		} else {
			src := names[0]
			if len(long) > 0 {
				src = long[0]
			}
			dest := strings.TrimLeft(src, p.prefixChars)
			if dest == "" {
				return nil, py.Errorf(py.ValueError, "dest= is required for options like %s", py.Repr(starlark.String(names[len(names)-1])))
			}
			a.dest = strings.ReplaceAll(dest, "-", "_")
		}
	}
	if _, ok := kw["default"]; !ok {
		if v, ok := p.parserDefault(a.dest); ok {
			set("default", v)
		} else if p.argumentDefault != starlark.None {
			set("default", p.argumentDefault)
		}
	}

	kindName := "store"
	if v, ok := pop("action"); ok && v != starlark.None {
		switch {
		case v == booleanOptionalAction:
			kindName = "boolean"
		case v == starlark.String("boolean"):
			kindName = "unknown" // the name is this file's, not a Python one
		default:
			kindName = py.Str(v)
		}
	}
	class, keywords, ok := actionKind(kindName)
	if !ok {
		return nil, py.Errorf(py.ValueError, "unknown action \"%s\"", py.Str(kw0(kwargs, "action")))
	}
	a.kind = class
	allowed := strings.Fields(keywords)
	for _, k := range order {
		if _, present := kw[k]; !present {
			continue
		}
		found := false
		for _, name := range allowed {
			found = found || name == k
		}
		if !found {
			return nil, py.Errorf(py.TypeError, "%s.__init__() got an unexpected keyword argument '%s'", class, k)
		}
	}

	// Each class's own defaults, then what the call gave.
	switch kindName {
	case "store_true":
		a.const_, a.default_ = starlark.True, starlark.False
	case "store_false":
		a.const_, a.default_ = starlark.False, starlark.True
	case "help":
		a.default_ = starlark.String(suppress)
	case "version":
		a.default_ = starlark.String(suppress)
		a.help = starlark.String("show program's version number and exit")
		a.version = starlark.None
	}
	switch kindName {
	case "store_const", "store_true", "store_false", "append_const", "count", "help", "version", "boolean":
		a.nargs = starlark.MakeInt(0)
	}
	if kindName == "boolean" {
		var opts []string
		for _, o := range a.optionStrings {
			opts = append(opts, o)
			if strings.HasPrefix(o, "--") {
				opts = append(opts, "--no-"+o[2:])
			}
		}
		a.optionStrings = opts
	}
	for k, v := range kw {
		if k == "version" {
			a.version = v
		} else {
			a.setSetting(k, v)
		}
	}
	switch kindName {
	case "store", "append", "extend":
		form, n := a.nargsForm()
		if form == nargsCount && n == 0 {
			if kindName == "store" {
				return nil, py.Errorf(py.ValueError, "nargs for store actions must be != 0; if you have nothing to store, actions such as store true or store const may be more appropriate")
			}
			return nil, py.Errorf(py.ValueError, "nargs for append actions must be != 0; if arg strings are not supplying the value to append, the append const action may be more appropriate")
		}
		if a.const_ != starlark.None && form != nargsOptional {
			return nil, py.Errorf(py.ValueError, "nargs must be '?' to supply const")
		}
	}
	if a.typ != starlark.None {
		if _, ok := a.typ.(starlark.Callable); !ok {
			return nil, py.Errorf(py.ValueError, "%s is not callable", py.Repr(a.typ))
		}
	}
	f := p.newFormatter(thread)
	if _, err := f.formatArgs(a, starlark.None); err != nil {
		if exc, ok := err.(*py.Exception); ok && exc.Class == py.TypeError {
			return nil, py.Errorf(py.ValueError, "length of metavar tuple does not match nargs")
		}
		return nil, err
	}
	if g == nil {
		if err := p.addToParser(a); err != nil {
			return nil, err
		}
	} else if err := p.addToGroup(g, a); err != nil {
		return nil, err
	}
	return a, nil
}

// addToParser files an action under options or positional arguments.
func (p *Parser) addToParser(a *Action) error {
	if len(a.optionStrings) > 0 {
		return p.addToGroup(p.optionals, a)
	}
	return p.addToGroup(p.positionals, a)
}

// addToGroup is a group's _add_action.
func (p *Parser) addToGroup(g *Group, a *Action) error {
	if g.exclusive {
		if a.required {
			return py.Errorf(py.ValueError, "mutually exclusive arguments must be optional")
		}
		var err error
		if g.container == nil {
			err = p.addToParser(a)
		} else {
			err = p.addToGroup(g.container, a)
		}
		if err != nil {
			return err
		}
		g.actions = append(g.actions, a)
		return nil
	}
	if err := p.checkConflict(a); err != nil {
		return err
	}
	p.actions = append(p.actions, a)
	for _, o := range a.optionStrings {
		if _, ok := p.options[o]; !ok {
			p.optionOrder = append(p.optionOrder, o)
		}
		p.options[o] = a
		if isNegativeNumber(o) {
			p.negativeOptions = true
		}
	}
	g.actions = append(g.actions, a)
	return nil
}

// checkConflict refuses an option string already taken, or with
// conflict_handler='resolve' takes it from the older action.
func (p *Parser) checkConflict(a *Action) error {
	var taken []string
	for _, o := range a.optionStrings {
		if _, ok := p.options[o]; ok {
			taken = append(taken, o)
		}
	}
	if len(taken) == 0 {
		return nil
	}
	if p.conflictHandler == "error" {
		word := "option string"
		if len(taken) > 1 {
			word = "option strings"
		}
		msg := (&argError{action: a, msg: "conflicting " + word + ": " + strings.Join(taken, ", ")}).Error()
		return py.New(ArgumentError, starlark.String(msg))
	}
	for _, o := range taken {
		old := p.options[o]
		delete(p.options, o)
		p.optionOrder = removeString(p.optionOrder, o)
		old.optionStrings = removeString(old.optionStrings, o)
		if len(old.optionStrings) == 0 {
			p.actions = removeAction(p.actions, old)
			for _, g := range p.groups {
				g.actions = removeAction(g.actions, old)
			}
			for _, g := range p.exclusive {
				g.actions = removeAction(g.actions, old)
			}
		}
	}
	return nil
}

func removeString(l []string, s string) []string {
	out := l[:0:0]
	for _, x := range l {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

func removeAction(l []*Action, a *Action) []*Action {
	out := l[:0:0]
	for _, x := range l {
		if x != a {
			out = append(out, x)
		}
	}
	return out
}

// isNegativeNumber is argparse's _negative_number_matcher,
// ^-\d+$|^-\d*\.\d+$.
func isNegativeNumber(s string) bool {
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	body := s[1:]
	intPart, frac, hasDot := strings.Cut(body, ".")
	digits := func(t string) bool {
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return false
			}
		}
		return true
	}
	if !hasDot {
		return digits(intPart)
	}
	return digits(intPart) && frac != "" && digits(frac)
}

// kw0 is the value of keyword k as the call gave it.
func kw0(kwargs []starlark.Tuple, k string) starlark.Value {
	for _, kv := range kwargs {
		if string(kv[0].(starlark.String)) == k {
			return kv[1]
		}
	}
	return starlark.None
}
