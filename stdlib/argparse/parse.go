package argparse

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/host"

	"sockstar/runtime/py"
)

func (p *Parser) parseArgs(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	ns, extras, err := p.parseKnown(thread, b, args, kwargs)
	if err != nil {
		return nil, err
	}
	if len(extras) > 0 {
		return nil, p.error(thread, "unrecognized arguments: "+strings.Join(extras, " "))
	}
	return ns, nil
}

func (p *Parser) parseKnownArgs(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	ns, extras, err := p.parseKnown(thread, b, args, kwargs)
	if err != nil {
		return nil, err
	}
	l := make([]starlark.Value, len(extras))
	for i, s := range extras {
		l[i] = starlark.String(s)
	}
	return starlark.Tuple{ns, starlark.NewList(l)}, nil
}

// parseKnown is parse_known_args.
func (p *Parser) parseKnown(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (*Namespace, []string, error) {
	var argsV, nsV starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "args?", &argsV, "namespace?", &nsV); err != nil {
		return nil, nil, err
	}
	var strs []string
	if argsV == starlark.None {
		argv, err := sysArgv(thread)
		if err != nil {
			return nil, nil, err
		}
		for i := 1; i < argv.Len(); i++ {
			strs = append(strs, py.Str(argv.Index(i)))
		}
	} else {
		items, err := py.Collect(argsV)
		if err != nil {
			return nil, nil, err
		}
		for _, v := range items {
			s, ok := v.(starlark.String)
			if !ok {
				return nil, nil, py.Errorf(py.TypeError, "'%s' object is not subscriptable", py.TypeOf(v).Name())
			}
			strs = append(strs, string(s))
		}
	}
	ns := NewNamespace()
	if nsV != starlark.None {
		given, ok := nsV.(*Namespace)
		if !ok {
			return nil, nil, py.Errorf(py.TypeError, "argparse: namespace= must be an argparse.Namespace")
		}
		ns = given
	}
	// defaulted records which dests still hold the default parsing put
	// there, CPython's `action.default is getattr(namespace, dest)`.
	defaulted := map[string]bool{}
	for _, a := range p.actions {
		if a.dest != suppress && !ns.Has(a.dest) && !isSuppress(a.default_) {
			ns.Set(a.dest, a.default_)
			defaulted[a.dest] = true
		}
	}
	for _, d := range p.defaults {
		name := string(d[0].(starlark.String))
		if !ns.Has(name) {
			ns.Set(name, d[1])
		}
	}
	st := &parseState{p: p, thread: thread, ns: ns, args: strs, defaulted: defaulted}
	extras, err := st.run()
	if ae, ok := err.(*argError); ok {
		if p.exitOnError {
			return nil, nil, p.error(thread, ae.Error())
		}
		return nil, nil, py.New(ArgumentError, starlark.String(ae.Error()))
	}
	if err != nil {
		return nil, nil, err
	}
	return ns, extras, nil
}

// optionMatch is one reading of an option string: its action (nil for an
// unknown option), the option string and any "=value" or attached value.
type optionMatch struct {
	action   *Action
	option   string
	explicit *string
}

// parseState is one run of _parse_known_args.
type parseState struct {
	p         *Parser
	thread    *starlark.Thread
	ns        *Namespace
	args      []string
	defaulted map[string]bool

	seen           map[*Action]bool
	seenNonDefault map[*Action]bool
	conflicts      map[*Action][]*Action
	extras         []string
}

func (st *parseState) run() ([]string, error) {
	p := st.p
	st.seen = map[*Action]bool{}
	st.seenNonDefault = map[*Action]bool{}
	st.conflicts = map[*Action][]*Action{}
	for _, g := range p.exclusive {
		for i, a := range g.actions {
			st.conflicts[a] = append(st.conflicts[a], g.actions[:i]...)
			st.conflicts[a] = append(st.conflicts[a], g.actions[i+1:]...)
		}
	}

	// One letter per argument: O an option, A a value, - the "--".
	optionAt := map[int]optionMatch{}
	var pattern strings.Builder
	for i := 0; i < len(st.args); i++ {
		if st.args[i] == "--" {
			pattern.WriteByte('-')
			for i++; i < len(st.args); i++ {
				pattern.WriteByte('A')
			}
			break
		}
		m, isOption, err := st.parseOptional(st.args[i])
		if err != nil {
			return nil, err
		}
		if isOption {
			optionAt[i] = m
			pattern.WriteByte('O')
		} else {
			pattern.WriteByte('A')
		}
	}
	pat := pattern.String()

	positionals := []*Action{}
	for _, a := range p.actions {
		if len(a.optionStrings) == 0 {
			positionals = append(positionals, a)
		}
	}
	consumePositionals := func(start int) (int, error) {
		counts := matchPartial(positionals, pat[start:])
		for i, n := range counts {
			args := append([]string(nil), st.args[start:start+n]...)
			start += n
			if err := st.takeAction(positionals[i], args, ""); err != nil {
				return 0, err
			}
		}
		positionals = positionals[len(counts):]
		return start, nil
	}

	maxOption := -1
	indices := make([]int, 0, len(optionAt))
	for i := range optionAt {
		indices = append(indices, i)
		maxOption = max(maxOption, i)
	}
	sort.Ints(indices)
	start := 0
	for start <= maxOption {
		next := -1
		for _, i := range indices {
			if i >= start {
				next = i
				break
			}
		}
		if start != next {
			end, err := consumePositionals(start)
			if err != nil {
				return nil, err
			}
			if end > start {
				start = end
				continue
			}
			start = end
		}
		if _, ok := optionAt[start]; !ok {
			st.extras = append(st.extras, st.args[start:next]...)
			start = next
		}
		var err error
		start, err = st.consumeOptional(start, optionAt[start], pat)
		if err != nil {
			return nil, err
		}
	}
	stop, err := consumePositionals(start)
	if err != nil {
		return nil, err
	}
	st.extras = append(st.extras, st.args[stop:]...)

	var missing []string
	for _, a := range p.actions {
		if st.seen[a] {
			continue
		}
		if a.required {
			name, _ := a.name()
			missing = append(missing, name)
			continue
		}
		if s, ok := a.default_.(starlark.String); ok && st.defaulted[a.dest] {
			if cur, ok := st.ns.Get(a.dest); ok && cur == s {
				v, err := convert(st.thread, a, string(s))
				if err != nil {
					return nil, err
				}
				st.ns.Set(a.dest, v)
			}
		}
	}
	if len(missing) > 0 {
		return nil, p.error(st.thread, "the following arguments are required: "+strings.Join(missing, ", "))
	}
	for _, g := range p.exclusive {
		if !g.required {
			continue
		}
		found := false
		for _, a := range g.actions {
			found = found || st.seenNonDefault[a]
		}
		if !found {
			var names []string
			for _, a := range g.actions {
				if !isSuppress(a.help) {
					name, _ := a.name()
					names = append(names, name)
				}
			}
			return nil, p.error(st.thread, "one of the arguments "+strings.Join(names, " ")+" is required")
		}
	}
	return st.extras, nil
}

// consumeOptional takes the option at start and the values it consumes,
// and the single-dash options packed after it (-xvf); it returns the index
// after them.
func (st *parseState) consumeOptional(start int, m optionMatch, pat string) (int, error) {
	p := st.p
	type take struct {
		action *Action
		args   []string
		option string
	}
	var takes []take
	action, option, explicit := m.action, m.option, m.explicit
	var stop int
	for {
		if action == nil {
			st.extras = append(st.extras, st.args[start])
			return start + 1, nil
		}
		if explicit != nil {
			count, err := matchArgument(action, "A")
			if err != nil {
				return 0, err
			}
			optRunes := []rune(option)
			if count == 0 && len(optRunes) > 1 && !strings.ContainsRune(p.prefixChars, optRunes[1]) && *explicit != "" {
				takes = append(takes, take{action, nil, option})
				exp := []rune(*explicit)
				option = string(optRunes[0]) + string(exp[0])
				var rest *string
				if len(exp) > 1 {
					r := string(exp[1:])
					rest = &r
				}
				if a, ok := p.options[option]; ok {
					action, explicit = a, rest
				} else {
					return 0, argErrorf(action, "ignored explicit argument %s", py.Repr(starlark.String(*explicit)))
				}
			} else if count == 1 {
				stop = start + 1
				takes = append(takes, take{action, []string{*explicit}, option})
				break
			} else {
				return 0, argErrorf(action, "ignored explicit argument %s", py.Repr(starlark.String(*explicit)))
			}
		} else {
			from := start + 1
			count, err := matchArgument(action, pat[from:])
			if err != nil {
				return 0, err
			}
			stop = from + count
			takes = append(takes, take{action, append([]string(nil), st.args[from:stop]...), option})
			break
		}
	}
	for _, t := range takes {
		if err := st.takeAction(t.action, t.args, t.option); err != nil {
			return 0, err
		}
	}
	return stop, nil
}

// takeAction converts an action's strings and applies it.
func (st *parseState) takeAction(a *Action, args []string, option string) error {
	st.seen[a] = true
	v, isDefault, err := st.values(a, args)
	if err != nil {
		return err
	}
	if !isDefault {
		st.seenNonDefault[a] = true
		for _, c := range st.conflicts[a] {
			if st.seenNonDefault[c] {
				name, _ := c.name()
				return argErrorf(a, "not allowed with argument %s", name)
			}
		}
	}
	if isSuppress(v) {
		return nil
	}
	return st.apply(a, v, option)
}

// values is _get_values; isDefault reports that the value is the action's
// default itself, which does not count as the argument being present.
func (st *parseState) values(a *Action, args []string) (starlark.Value, bool, error) {
	form, _ := a.nargsForm()
	if form != nargsParser && form != nargsRemainder {
		for i, s := range args {
			if s == "--" {
				args = append(args[:i:i], args[i+1:]...)
				break
			}
		}
	}
	switch {
	case len(args) == 0 && form == nargsOptional:
		v := a.default_
		isDefault := true
		if len(a.optionStrings) > 0 {
			v = a.const_
			isDefault = v == starlark.None && a.default_ == starlark.None
		}
		if s, ok := v.(starlark.String); ok {
			conv, err := convert(st.thread, a, string(s))
			if err != nil {
				return nil, false, err
			}
			if a.typ != starlark.None && a.typ != starlark.Value(py.StrType) {
				isDefault = false
			}
			if err := checkChoice(a, conv); err != nil {
				return nil, false, err
			}
			v = conv
		}
		return v, isDefault, nil
	case len(args) == 0 && form == nargsZeroOrMore && len(a.optionStrings) == 0:
		var v starlark.Value = starlark.NewList(nil)
		isDefault := false
		if a.default_ != starlark.None {
			v, isDefault = a.default_, true
		}
		return v, isDefault, checkChoice(a, v)
	case len(args) == 1 && (form == nargsOne || form == nargsOptional):
		v, err := convert(st.thread, a, args[0])
		if err != nil {
			return nil, false, err
		}
		return v, false, checkChoice(a, v)
	case form == nargsRemainder || form == nargsParser:
		l, err := st.convertAll(a, args)
		if err != nil {
			return nil, false, err
		}
		if form == nargsParser {
			if err := checkChoice(a, l.Index(0)); err != nil {
				return nil, false, err
			}
		}
		return l, false, nil
	case form == nargsSuppress:
		return starlark.String(suppress), false, nil
	}
	l, err := st.convertAll(a, args)
	if err != nil {
		return nil, false, err
	}
	for i := 0; i < l.Len(); i++ {
		if err := checkChoice(a, l.Index(i)); err != nil {
			return nil, false, err
		}
	}
	return l, false, nil
}

func (st *parseState) convertAll(a *Action, args []string) (*starlark.List, error) {
	out := make([]starlark.Value, len(args))
	for i, s := range args {
		v, err := convert(st.thread, a, s)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return starlark.NewList(out), nil
}

// apply is the action's __call__.
func (st *parseState) apply(a *Action, v starlark.Value, option string) error {
	ns := st.ns
	set := func(v starlark.Value) {
		ns.Set(a.dest, v)
		delete(st.defaulted, a.dest)
	}
	items := func() (*starlark.List, error) {
		cur, ok := ns.Get(a.dest)
		if !ok || cur == starlark.None {
			return starlark.NewList(nil), nil
		}
		l, ok := cur.(*starlark.List)
		if !ok {
			return nil, py.Errorf(py.AttributeError, "'%s' object has no attribute 'append'", py.TypeOf(cur).Name())
		}
		elems := make([]starlark.Value, l.Len())
		for i := range elems {
			elems[i] = l.Index(i)
		}
		return starlark.NewList(elems), nil
	}
	switch a.kind {
	case "_StoreAction":
		set(v)
	case "_StoreConstAction", "_StoreTrueAction", "_StoreFalseAction":
		set(a.const_)
	case "_AppendAction", "_AppendConstAction", "_ExtendAction":
		l, err := items()
		if err != nil {
			return err
		}
		switch a.kind {
		case "_AppendAction":
			l.Append(v)
		case "_AppendConstAction":
			l.Append(a.const_)
		default:
			more, err := py.Collect(v)
			if err != nil {
				return err
			}
			for _, x := range more {
				l.Append(x)
			}
		}
		set(l)
	case "_CountAction":
		cur, ok := ns.Get(a.dest)
		if !ok || cur == starlark.None {
			cur = starlark.MakeInt(0)
		}
		n, err := starlark.Binary(syntax.PLUS, cur, starlark.MakeInt(1))
		if err != nil {
			return err
		}
		set(n)
	case "BooleanOptionalAction":
		if a.hasOption(option) {
			set(starlark.Bool(!strings.HasPrefix(option, "--no-")))
		}
	case "_HelpAction":
		help, err := st.p.formatHelp(st.thread)
		if err != nil {
			return err
		}
		if err := printMessage(st.thread, help, starlark.None, host.Of(st.thread).Stdout); err != nil {
			return err
		}
		return py.New(py.SystemExit, starlark.MakeInt(0))
	case "_VersionAction":
		version := a.version
		if version == starlark.None {
			// CPython reads parser.version, which no parser here has.
			return py.Errorf(py.AttributeError, "'ArgumentParser' object has no attribute 'version'")
		}
		f := st.p.newFormatter(st.thread)
		f.addText(version)
		text, err := f.formatHelp()
		if err != nil {
			return err
		}
		if err := printMessage(st.thread, text, starlark.None, host.Of(st.thread).Stdout); err != nil {
			return err
		}
		return py.New(py.SystemExit, starlark.MakeInt(0))
	}
	return nil
}

func (a *Action) hasOption(s string) bool {
	for _, o := range a.optionStrings {
		if o == s {
			return true
		}
	}
	return false
}

// parseOptional is _parse_optional: whether an argument is an option, and
// which one.
func (st *parseState) parseOptional(arg string) (optionMatch, bool, error) {
	p := st.p
	if arg == "" {
		return optionMatch{}, false, nil
	}
	r := []rune(arg)
	if !strings.ContainsRune(p.prefixChars, r[0]) {
		return optionMatch{}, false, nil
	}
	if a, ok := p.options[arg]; ok {
		return optionMatch{action: a, option: arg}, true, nil
	}
	if len(r) == 1 {
		return optionMatch{}, false, nil
	}
	if opt, explicit, ok := strings.Cut(arg, "="); ok {
		if a, ok := p.options[opt]; ok {
			return optionMatch{action: a, option: opt, explicit: &explicit}, true, nil
		}
	}
	matches, err := st.optionTuples(arg)
	if err != nil {
		return optionMatch{}, false, err
	}
	if len(matches) > 1 {
		names := make([]string, len(matches))
		for i, m := range matches {
			names[i] = m.option
		}
		return optionMatch{}, false, p.error(st.thread, "ambiguous option: "+arg+" could match "+strings.Join(names, ", "))
	}
	if len(matches) == 1 {
		return matches[0], true, nil
	}
	if isNegativeNumber(arg) && !p.negativeOptions {
		return optionMatch{}, false, nil
	}
	if strings.Contains(arg, " ") {
		return optionMatch{}, false, nil
	}
	return optionMatch{option: arg}, true, nil
}

// optionTuples is _get_option_tuples: the options an abbreviation or a
// short option with its value attached could mean.
func (st *parseState) optionTuples(arg string) ([]optionMatch, error) {
	p := st.p
	r := []rune(arg)
	var out []optionMatch
	switch {
	case strings.ContainsRune(p.prefixChars, r[0]) && strings.ContainsRune(p.prefixChars, r[1]):
		if !p.allowAbbrev {
			return nil, nil
		}
		prefix, explicitS, hasEq := strings.Cut(arg, "=")
		var explicit *string
		if hasEq {
			explicit = &explicitS
		}
		for _, o := range p.optionOrder {
			if strings.HasPrefix(o, prefix) {
				out = append(out, optionMatch{action: p.options[o], option: o, explicit: explicit})
			}
		}
	case strings.ContainsRune(p.prefixChars, r[0]):
		short := string(r[:2])
		shortExplicit := string(r[2:])
		for _, o := range p.optionOrder {
			if o == short {
				e := shortExplicit
				out = append(out, optionMatch{action: p.options[o], option: o, explicit: &e})
			} else if strings.HasPrefix(o, arg) {
				out = append(out, optionMatch{action: p.options[o], option: o})
			}
		}
	default:
		return nil, p.error(st.thread, "unexpected option string: "+arg)
	}
	return out, nil
}

// nargsPattern is _get_nargs_pattern: a regexp over the O/A/- letters.
func nargsPattern(a *Action) string {
	form, n := a.nargsForm()
	var pat string
	switch form {
	case nargsOne:
		pat = "(-*A-*)"
	case nargsOptional:
		pat = "(-*A?-*)"
	case nargsZeroOrMore:
		pat = "(-*[A-]*)"
	case nargsOneOrMore:
		pat = "(-*A[A-]*)"
	case nargsRemainder:
		pat = "([-AO]*)"
	case nargsParser:
		pat = "(-*A[-AO]*)"
	case nargsSuppress:
		pat = "(-*-*)"
	default:
		pat = "(-*" + strings.Join(strings.Split(strings.Repeat("A", n), ""), "-*") + "-*)"
	}
	if len(a.optionStrings) > 0 {
		pat = strings.ReplaceAll(pat, "-*", "")
		pat = strings.ReplaceAll(pat, "-", "")
	}
	return pat
}

// matchArgument is _match_argument: how many of the following strings an
// option takes.
func matchArgument(a *Action, pat string) (int, error) {
	m := regexp.MustCompile("^" + nargsPattern(a)).FindStringSubmatchIndex(pat)
	if m == nil {
		form, n := a.nargsForm()
		switch form {
		case nargsOne:
			return 0, argErrorf(a, "expected one argument")
		case nargsOptional:
			return 0, argErrorf(a, "expected at most one argument")
		case nargsOneOrMore:
			return 0, argErrorf(a, "expected at least one argument")
		}
		word := "arguments"
		if n == 1 {
			word = "argument"
		}
		return 0, argErrorf(a, "expected %s %s", strconv.Itoa(n), word)
	}
	return m[3] - m[2], nil
}

// matchPartial is _match_arguments_partial: as many positionals as can
// match, each with its count.
func matchPartial(actions []*Action, pat string) []int {
	for i := len(actions); i > 0; i-- {
		var b strings.Builder
		b.WriteByte('^')
		for _, a := range actions[:i] {
			b.WriteString(nargsPattern(a))
		}
		m := regexp.MustCompile(b.String()).FindStringSubmatchIndex(pat)
		if m == nil {
			continue
		}
		counts := make([]int, i)
		for j := range counts {
			counts[j] = m[2*j+3] - m[2*j+2]
		}
		return counts
	}
	return nil
}
