package argparse

import (
	"sort"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// formatter is CPython's HelpFormatter: sections of items, each item a
// function run when the whole text is made, so that the widest invocation
// of every section is known by then.
type formatter struct {
	prog          string
	class         *py.Class
	width         int
	maxHelpPos    int
	indent        int
	level         int
	actionMaxLen  int
	root, current *section
}

type section struct {
	f       *formatter
	parent  *section
	heading starlark.Value // None for none
	items   []func() (string, error)
}

func (p *Parser) newFormatter(thread *starlark.Thread) *formatter {
	width := columns(host.Of(thread)) - 2
	f := &formatter{prog: p.prog, class: p.formatterClass, width: width,
		maxHelpPos: min(24, max(width-20, 4))}
	f.root = &section{f: f, heading: starlark.None}
	f.current = f.root
	return f
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

func (f *formatter) rawDescription() bool { return f.class.IsSubclass(rawDescriptionFormatter) }
func (f *formatter) rawText() bool        { return f.class.IsSubclass(rawTextFormatter) }

func (f *formatter) indentMore() { f.indent += 2; f.level++ }
func (f *formatter) indentLess() { f.indent -= 2; f.level-- }

func (s *section) formatHelp() (string, error) {
	f := s.f
	if s.parent != nil {
		f.indentMore()
	}
	var b strings.Builder
	for _, item := range s.items {
		text, err := item()
		if err != nil {
			return "", err
		}
		b.WriteString(text)
	}
	if s.parent != nil {
		f.indentLess()
	}
	if b.Len() == 0 {
		return "", nil
	}
	heading := ""
	if s.heading != starlark.None && !isSuppress(s.heading) {
		heading = strings.Repeat(" ", f.indent) + py.Str(s.heading) + ":\n"
	}
	return "\n" + heading + b.String() + "\n", nil
}

func (f *formatter) addItem(item func() (string, error)) {
	f.current.items = append(f.current.items, item)
}

func (f *formatter) startSection(heading starlark.Value) {
	f.indentMore()
	s := &section{f: f, parent: f.current, heading: heading}
	f.addItem(s.formatHelp)
	f.current = s
}

func (f *formatter) endSection() {
	f.current = f.current.parent
	f.indentLess()
}

func (f *formatter) addText(text starlark.Value) {
	if text != starlark.None && !isSuppress(text) {
		f.addItem(func() (string, error) { return f.formatText(py.Str(text)) })
	}
}

func (f *formatter) addUsage(usage starlark.Value, actions []*Action, groups []*Group, prefix *string) {
	if !isSuppress(usage) {
		f.addItem(func() (string, error) { return f.formatUsage(usage, actions, groups, prefix) })
	}
}

func (f *formatter) addArgument(a *Action) error {
	if isSuppress(a.help) {
		return nil
	}
	inv, err := f.invocation(a)
	if err != nil {
		return err
	}
	f.actionMaxLen = max(f.actionMaxLen, runeLen(inv)+f.indent)
	f.addItem(func() (string, error) { return f.formatAction(a) })
	return nil
}

// formatHelp is the whole text: runs of blank lines cut to one, no blank
// line at either end, one newline at the end.
func (f *formatter) formatHelp() (string, error) {
	help, err := f.root.formatHelp()
	if err != nil || help == "" {
		return help, err
	}
	for strings.Contains(help, "\n\n\n") {
		help = strings.ReplaceAll(help, "\n\n\n", "\n\n")
	}
	return strings.Trim(help, "\n") + "\n", nil
}

// formatUsage is "usage: PROG [options] positionals", wrapped to the width.
func (f *formatter) formatUsage(usageV starlark.Value, actions []*Action, groups []*Group, prefixP *string) (string, error) {
	prefix := "usage: "
	if prefixP != nil {
		prefix = *prefixP
	}
	var usage string
	switch {
	case usageV != starlark.None:
		s, err := py.Percent(py.Str(usageV), progDict(f.prog))
		if err != nil {
			return "", err
		}
		usage = s
	case len(actions) == 0:
		usage = f.prog
	default:
		prog := f.prog
		var optionals, positionals []*Action
		for _, a := range actions {
			if len(a.optionStrings) > 0 {
				optionals = append(optionals, a)
			} else {
				positionals = append(positionals, a)
			}
		}
		actionUsage, err := f.actionsUsage(append(append([]*Action(nil), optionals...), positionals...), groups)
		if err != nil {
			return "", err
		}
		usage = prog
		if actionUsage != "" {
			usage += " " + actionUsage
		}
		textWidth := f.width - f.indent
		if runeLen(prefix)+runeLen(usage) > textWidth {
			optUsage, err := f.actionsUsage(optionals, groups)
			if err != nil {
				return "", err
			}
			posUsage, err := f.actionsUsage(positionals, groups)
			if err != nil {
				return "", err
			}
			optParts := usageParts(optUsage)
			posParts := usageParts(posUsage)
			getLines := func(parts []string, indent string, prefix *string) []string {
				var lines, line []string
				lineLen := runeLen(indent) - 1
				if prefix != nil {
					lineLen = runeLen(*prefix) - 1
				}
				for _, part := range parts {
					if lineLen+1+runeLen(part) > textWidth && len(line) > 0 {
						lines = append(lines, indent+strings.Join(line, " "))
						line = nil
						lineLen = runeLen(indent) - 1
					}
					line = append(line, part)
					lineLen += runeLen(part) + 1
				}
				if len(line) > 0 {
					lines = append(lines, indent+strings.Join(line, " "))
				}
				if prefix != nil {
					lines[0] = lines[0][len(indent):]
				}
				return lines
			}
			var lines []string
			if float64(runeLen(prefix)+runeLen(prog)) <= 0.75*float64(textWidth) {
				indent := strings.Repeat(" ", runeLen(prefix)+runeLen(prog)+1)
				switch {
				case len(optParts) > 0:
					lines = getLines(append([]string{prog}, optParts...), indent, &prefix)
					lines = append(lines, getLines(posParts, indent, nil)...)
				case len(posParts) > 0:
					lines = getLines(append([]string{prog}, posParts...), indent, &prefix)
				default:
					lines = []string{prog}
				}
			} else {
				indent := strings.Repeat(" ", runeLen(prefix))
				parts := append(append([]string(nil), optParts...), posParts...)
				lines = getLines(parts, indent, nil)
				if len(lines) > 1 {
					lines = nil
					lines = append(lines, getLines(optParts, indent, nil)...)
					lines = append(lines, getLines(posParts, indent, nil)...)
				}
				lines = append([]string{prog}, lines...)
			}
			usage = strings.Join(lines, "\n")
		}
	}
	return prefix + usage + "\n\n", nil
}

func progDict(prog string) *starlark.Dict {
	d := starlark.NewDict(1)
	d.SetKey(starlark.String("prog"), starlark.String(prog))
	return d
}

// usageParts splits a usage text as the regexp
// \(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|\S+ finds its parts: a bracketed
// group up to a closing bracket run that a space or the end follows, else
// a run of non-spaces.
func usageParts(text string) []string {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' }
	var parts []string
	i := 0
	for i < len(text) {
		if isSpace(text[i]) {
			i++
			continue
		}
		end := -1
		if open := text[i]; open == '(' || open == '[' {
			closeC := byte(')')
			if open == '[' {
				closeC = ']'
			}
			for j := i + 1; j < len(text) && text[j] != '\n'; j++ {
				if text[j] != closeC {
					continue
				}
				k := j
				for k < len(text) && text[k] == closeC {
					k++
				}
				if k == len(text) || isSpace(text[k]) {
					end = k
					break
				}
			}
		}
		if end < 0 {
			end = i
			for end < len(text) && !isSpace(text[end]) {
				end++
			}
		}
		parts = append(parts, text[i:end])
		i = end
	}
	return parts
}

// actionsUsage is _format_actions_usage: each action's usage part, with
// the brackets and bars of mutually exclusive groups.
func (f *formatter) actionsUsage(actions []*Action, groups []*Group) (string, error) {
	inGroup := map[*Action]bool{}
	inserts := map[int]string{}
	for _, g := range groups {
		if len(g.actions) == 0 {
			return "", py.Errorf(py.ValueError, "empty group %s", g.String())
		}
		start := -1
		for i, a := range actions {
			if a == g.actions[0] {
				start = i
				break
			}
		}
		if start < 0 {
			continue
		}
		end := start + len(g.actions)
		if end > len(actions) {
			continue
		}
		same := true
		for i, a := range g.actions {
			same = same && actions[start+i] == a
		}
		if !same {
			continue
		}
		suppressed := 0
		for _, a := range g.actions {
			inGroup[a] = true
			if isSuppress(a.help) {
				suppressed++
			}
		}
		exposed := len(g.actions) - suppressed
		addInsert := func(i int, s string) {
			if cur, ok := inserts[i]; ok {
				inserts[i] = cur + " " + s
			} else {
				inserts[i] = s
			}
		}
		if !g.required {
			addInsert(start, "[")
			addInsert(end, "]")
		} else if exposed > 1 {
			addInsert(start, "(")
			addInsert(end, ")")
		}
		for i := start + 1; i < end; i++ {
			inserts[i] = "|"
		}
	}

	parts := make([]*string, 0, len(actions))
	for i, a := range actions {
		switch {
		case isSuppress(a.help):
			parts = append(parts, nil)
			if inserts[i] == "|" {
				delete(inserts, i)
			} else if inserts[i+1] == "|" {
				delete(inserts, i+1)
			}
		case len(a.optionStrings) == 0:
			part, err := f.formatArgs(a, starlark.String(f.positionalMetavar(a)))
			if err != nil {
				return "", err
			}
			if inGroup[a] && strings.HasPrefix(part, "[") && strings.HasSuffix(part, "]") {
				part = part[1 : len(part)-1]
			}
			parts = append(parts, &part)
		default:
			var part string
			if a.takesNoValue() {
				part = a.optionStrings[0]
				if a.kind == "BooleanOptionalAction" {
					part = strings.Join(a.optionStrings, " | ")
				}
			} else {
				args, err := f.formatArgs(a, starlark.String(f.optionalMetavar(a)))
				if err != nil {
					return "", err
				}
				part = a.optionStrings[0] + " " + args
			}
			if !a.required && !inGroup[a] {
				part = "[" + part + "]"
			}
			parts = append(parts, &part)
		}
	}
	keys := make([]int, 0, len(inserts))
	for k := range inserts {
		keys = append(keys, k)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(keys)))
	for _, k := range keys {
		s := inserts[k]
		k = min(k, len(parts))
		parts = append(parts[:k], append([]*string{&s}, parts[k:]...)...)
	}
	var words []string
	for _, p := range parts {
		if p != nil {
			words = append(words, *p)
		}
	}
	text := strings.Join(words, " ")
	text = dropSpaceAfterOpen(text)
	text = dropSpaceBeforeClose(text)
	text = dropEmptyBrackets(text)
	return strings.TrimSpace(text), nil
}

func isOpen(c byte) bool  { return c == '[' || c == '(' }
func isClose(c byte) bool { return c == ']' || c == ')' }

// dropSpaceAfterOpen is re.sub(r'([\[(]) ', r'\1', text).
func dropSpaceAfterOpen(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if isOpen(s[i]) && i+1 < len(s) && s[i+1] == ' ' {
			i++
		}
	}
	return b.String()
}

// dropSpaceBeforeClose is re.sub(r' ([\])])', r'\1', text).
func dropSpaceBeforeClose(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' && i+1 < len(s) && isClose(s[i+1]) {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// dropEmptyBrackets is re.sub(r'[\[(] *[\])]', r”, text).
func dropEmptyBrackets(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if isOpen(s[i]) {
			j := i + 1
			for j < len(s) && s[j] == ' ' {
				j++
			}
			if j < len(s) && isClose(s[j]) {
				i = j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// formatText is a description or epilog: %(prog)s filled in, then wrapped
// (or kept as written by the raw formatters) at the current indent.
func (f *formatter) formatText(text string) (string, error) {
	if strings.Contains(text, "%(prog)") {
		s, err := py.Percent(text, progDict(f.prog))
		if err != nil {
			return "", err
		}
		text = s
	}
	width := max(f.width-f.indent, 11)
	indent := strings.Repeat(" ", f.indent)
	return f.fillText(text, width, indent) + "\n\n", nil
}

func (f *formatter) fillText(text string, width int, indent string) string {
	if f.rawDescription() {
		var b strings.Builder
		for _, line := range splitLinesKeepEnds(text) {
			b.WriteString(indent + line)
		}
		return b.String()
	}
	return fillText(collapseSpace(text), width, indent)
}

func (f *formatter) splitLines(text string, width int) []string {
	if f.rawText() {
		lines := splitLinesKeepEnds(text)
		for i, l := range lines {
			lines[i] = strings.TrimRight(l, "\r\n")
		}
		return lines
	}
	return wrapText(collapseSpace(text), width, "")
}

// splitLinesKeepEnds is str.splitlines(keepends=True) for \n, \r\n and \r.
func splitLinesKeepEnds(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			out = append(out, s[start:i+1])
			start = i + 1
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			out = append(out, s[start:i+1])
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// collapseSpace is _whitespace_matcher.sub(' ', text).strip(): each run of
// ASCII whitespace one space, none at the ends.
func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, isWrapSpace), " ")
}

// formatAction is one argument's line(s): its invocation, then its help
// at the help column, or on the next line when the invocation is too wide.
func (f *formatter) formatAction(a *Action) (string, error) {
	helpPos := min(f.actionMaxLen+2, f.maxHelpPos)
	helpWidth := max(f.width-helpPos, 11)
	actionWidth := helpPos - f.indent - 2
	header, err := f.invocation(a)
	if err != nil {
		return "", err
	}
	pad := strings.Repeat(" ", f.indent)
	hasHelp := a.help != starlark.None && bool(a.help.Truth())
	indentFirst := 0
	switch {
	case !hasHelp:
		header = pad + header + "\n"
	case runeLen(header) <= actionWidth:
		header = pad + header + strings.Repeat(" ", actionWidth-runeLen(header)) + "  "
	default:
		header = pad + header + "\n"
		indentFirst = helpPos
	}
	var b strings.Builder
	b.WriteString(header)
	if hasHelp && strings.TrimSpace(py.Str(a.help)) != "" {
		text, err := f.expandHelp(a)
		if err != nil {
			return "", err
		}
		if text != "" {
			lines := f.splitLines(text, helpWidth)
			if len(lines) == 0 {
				return "", py.Errorf(py.IndexError, "list index out of range")
			}
			b.WriteString(strings.Repeat(" ", indentFirst) + lines[0] + "\n")
			for _, line := range lines[1:] {
				b.WriteString(strings.Repeat(" ", helpPos) + line + "\n")
			}
		}
	} else if !strings.HasSuffix(header, "\n") {
		b.WriteString("\n")
	}
	return b.String(), nil
}

// invocation is how the help lists an argument: its metavar, or its
// option strings each with the metavar, joined by ", ".
func (f *formatter) invocation(a *Action) (string, error) {
	if len(a.optionStrings) == 0 {
		mv, err := f.metavars(a, starlark.String(f.positionalMetavar(a)), 1)
		if err != nil {
			return "", err
		}
		if len(mv) != 1 {
			return "", py.Errorf(py.ValueError, "too many values to unpack (expected 1)")
		}
		return mv[0], nil
	}
	if a.takesNoValue() {
		return strings.Join(a.optionStrings, ", "), nil
	}
	args, err := f.formatArgs(a, starlark.String(f.optionalMetavar(a)))
	if err != nil {
		return "", err
	}
	parts := make([]string, len(a.optionStrings))
	for i, o := range a.optionStrings {
		parts[i] = o + " " + args
	}
	return strings.Join(parts, ", "), nil
}

func (f *formatter) optionalMetavar(a *Action) string {
	if f.class.IsSubclass(metavarTypeFormatter) {
		return typeName(a.typ)
	}
	return strings.ToUpper(a.dest)
}

func (f *formatter) positionalMetavar(a *Action) string {
	if f.class.IsSubclass(metavarTypeFormatter) {
		return typeName(a.typ)
	}
	return a.dest
}

// metavars is _metavar_formatter(action, default)(n): the metavar tuple
// as given, or the one metavar n times.
func (f *formatter) metavars(a *Action, dflt starlark.Value, n int) ([]string, error) {
	var result starlark.Value
	switch {
	case a.metavar != starlark.None:
		result = a.metavar
	case a.choices != starlark.None:
		items, err := py.Collect(a.choices)
		if err != nil {
			return nil, err
		}
		strs := make([]string, len(items))
		for i, c := range items {
			strs[i] = py.Str(c)
		}
		result = starlark.String("{" + strings.Join(strs, ",") + "}")
	default:
		result = dflt
	}
	if t, ok := result.(starlark.Tuple); ok {
		out := make([]string, len(t))
		for i, v := range t {
			out[i] = py.Str(v)
		}
		return out, nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = py.Str(result)
	}
	return out, nil
}

// percentS fills the %s of format with vals, failing as Python's % does
// when the counts differ.
func percentS(format string, vals []string) (string, error) {
	n := strings.Count(format, "%s")
	if len(vals) < n {
		return "", py.Errorf(py.TypeError, "not enough arguments for format string")
	}
	if len(vals) > n {
		return "", py.Errorf(py.TypeError, "not all arguments converted during string formatting")
	}
	var b strings.Builder
	for _, v := range vals {
		i := strings.Index(format, "%s")
		b.WriteString(format[:i])
		b.WriteString(v)
		format = format[i+2:]
	}
	b.WriteString(format)
	return b.String(), nil
}

// formatArgs is _format_args: the metavars an argument's values show as.
func (f *formatter) formatArgs(a *Action, dflt starlark.Value) (string, error) {
	form, n := a.nargsForm()
	mv := func(k int) ([]string, error) { return f.metavars(a, dflt, k) }
	var format string
	var vals []string
	var err error
	switch form {
	case nargsOne:
		format = "%s"
		vals, err = mv(1)
	case nargsOptional:
		format = "[%s]"
		vals, err = mv(1)
	case nargsZeroOrMore:
		vals, err = mv(1)
		format = "[%s ...]"
		if len(vals) == 2 {
			format = "[%s [%s ...]]"
		}
	case nargsOneOrMore:
		format = "%s [%s ...]"
		vals, err = mv(2)
	case nargsRemainder:
		return "...", nil
	case nargsParser:
		format = "%s ..."
		vals, err = mv(1)
	case nargsSuppress:
		return "", nil
	case nargsCount:
		format = strings.TrimSuffix(strings.Repeat("%s ", n), " ")
		vals, err = mv(n)
	default:
		return "", py.Errorf(py.ValueError, "invalid nargs value")
	}
	if err != nil {
		return "", err
	}
	return percentS(format, vals)
}

// expandHelp is _expand_help: the help text with %(default)s, %(type)s,
// %(prog)s ... filled in from the action's settings.
func (f *formatter) expandHelp(a *Action) (string, error) {
	params := starlark.NewDict(12)
	names := append([]string(nil), actionFields...)
	if a.version != nil {
		names = append(names, "version")
	}
	for _, name := range names {
		v := a.field(name)
		if isSuppress(v) {
			continue
		}
		if hasName(v) {
			v = starlark.String(typeName(v))
		}
		if name == "choices" && v != starlark.None {
			items, err := py.Collect(v)
			if err != nil {
				return "", err
			}
			strs := make([]string, len(items))
			for i, c := range items {
				strs[i] = py.Str(c)
			}
			v = starlark.String(strings.Join(strs, ", "))
		}
		params.SetKey(starlark.String(name), v)
	}
	params.SetKey(starlark.String("prog"), starlark.String(f.prog))
	help := py.Str(a.help)
	if f.class.IsSubclass(defaultsFormatter) && !strings.Contains(help, "%(default)") && !isSuppress(a.default_) {
		form, _ := a.nargsForm()
		if len(a.optionStrings) > 0 || form == nargsOptional || form == nargsZeroOrMore {
			help += " (default: %(default)s)"
		}
	}
	return py.Percent(help, params)
}

// formatUsage is parser.format_usage().
func (p *Parser) formatUsage(thread *starlark.Thread) (string, error) {
	f := p.newFormatter(thread)
	f.addUsage(p.usage, p.actions, p.exclusive, nil)
	return f.formatHelp()
}

// formatHelp is parser.format_help().
func (p *Parser) formatHelp(thread *starlark.Thread) (string, error) {
	f := p.newFormatter(thread)
	f.addUsage(p.usage, p.actions, p.exclusive, nil)
	f.addText(p.description)
	for _, g := range p.groups {
		f.startSection(g.title)
		f.addText(g.description)
		for _, a := range g.actions {
			if err := f.addArgument(a); err != nil {
				return "", err
			}
		}
		f.endSection()
	}
	f.addText(p.epilog)
	return f.formatHelp()
}
