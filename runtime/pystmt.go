package runtime

import (
	"fmt"
	"strconv"
	"strings"

	"go.starlark.net/syntax"
)

// Starlark's parser refuses Python's try, except, finally, class, with,
// raise, assert, global, nonlocal, decorators, loop else clauses,
// annotations and adjacent string literals. rewriteStatements turns each
// into a marker Starlark parses, on the same line, which lower.go then
// turns into Starlark that behaves as Python does:
//
//	try:                      if __try__:
//	except E as e:            elif __except__(E, e):
//	except:                   elif __except__():
//	else: (of a try)          elif __else__:
//	finally:                  elif __finally__:
//	else: (of a for/while)    if __loop_else__:
//	class C(B):               if __classdef__(C, B):
//	with A as x, B:           if __with__(A, x, B, None):
//	raise X from Y            __raise__(X, Y)
//	assert c, m               __assert__(c, m)
//	global a, b               __global__(a, b)
//	@d                        __decorator__(d)
//	def f(x: int) -> str:     def f(x):
//	n: int = 0                n = 0
//
// The marker names are reserved: a script cannot define them.
func rewriteStatements(src string) (string, error) {
	toks := tokenize(src)
	replace := map[int]replacement{}
	// kinds[indent] is the compound statement whose header was last seen at
	// that indentation, so an `else:` knows whose it is.
	kinds := map[int]string{}
	for start := 0; start < len(toks); {
		end := start
		for end < len(toks) && toks[end].kind != tokNewline {
			end++
		}
		line := toks[start:end]
		next := end + 1
		if len(line) == 0 {
			start = next
			continue
		}
		indent := column(src, line[0].start)
		for k := range kinds {
			if k > indent {
				delete(kinds, k)
			}
		}
		if err := unsupported(src, line); err != nil {
			return "", err
		}
		kind, err := statementHeader(src, line, kinds[indent], replace)
		if err != nil {
			return "", err
		}
		if kind != "" {
			kinds[indent] = kind
		} else {
			delete(kinds, indent)
		}
		// Simple statements after `;`, and the body of a one-line header.
		for _, stmt := range simpleStatements(line) {
			if err := simpleStatement(src, stmt, replace); err != nil {
				return "", err
			}
		}
		start = next
	}
	return apply(src, nil, replace), nil
}

// Python lets a script name a variable, a function or an attribute `load`,
// Starlark's one keyword that Python lacks. Such names are renamed before
// parsing and given back their name in the tree, where names are free.
const loadName = hidden + "kw_load"

func renameLoad(src string) string {
	if !strings.Contains(src, "load") {
		return src
	}
	replace := map[int]replacement{}
	for _, t := range tokenize(src) {
		if t.kind == tokName && t.text == "load" {
			replace[t.start] = replacement{end: t.end, text: loadName}
		}
	}
	return apply(src, nil, replace)
}

// restoreLoad gives renamed names back their name.
func restoreLoad(f *syntax.File) {
	syntax.Walk(f, func(n syntax.Node) bool {
		if id, ok := n.(*syntax.Ident); ok && id.Name == loadName {
			id.Name = "load"
		}
		return true
	})
}

// unsupported names the Python a script uses that sockstar does not run,
// and where the README says what to do instead.
func unsupported(src string, line []token) error {
	const see = `: see "What is left to port" in sockstar's README`
	for i, t := range line {
		if t.kind != tokName {
			continue
		}
		if strings.HasPrefix(t.text, hidden) && t.text != loadName {
			// The runtime's own helpers: a script that called one could break them.
			return syntaxError(src, t, "names starting with "+hidden+" are reserved by sockstar")
		}
		switch t.text {
		case "yield":
			return syntaxError(src, t, "'yield' (a generator) is Python syntax sockstar does not have"+see)
		case "async", "await":
			if i == 0 || t.text == "await" {
				return syntaxError(src, t, "'"+t.text+"' is Python syntax sockstar does not have"+see)
			}
		case "del":
			// del NAME: Starlark cannot unbind a name (del x[k] is rewritten).
			if i+1 < len(line) && line[i+1].kind == tokName && (i+2 == len(line) || line[i+2].text == ";" || line[i+2].text == ",") {
				return syntaxError(src, t, "'del' of a name is Python syntax sockstar does not have"+see)
			}
		}
	}
	if first := line[0]; first.kind == tokName && first.text == "match" && len(line) > 2 && line[len(line)-1].text == ":" {
		return syntaxError(src, first, "'match' is Python syntax sockstar does not have"+see)
	}
	return nil
}

// column is the 0-based column of offset i in src.
func column(src string, i int) int {
	return i - (strings.LastIndexByte(src[:i], '\n') + 1)
}

// syntaxError reports a Python syntax error at a token, as "LINE:COL: msg".
func syntaxError(src string, t token, msg string) error {
	line := strings.Count(src[:t.start], "\n") + 1
	return fmt.Errorf("%d:%d: %s", line, column(src, t.start)+1, msg)
}

// headerColon is the index of the `:` at bracket depth 0 that ends a
// compound statement's header, or -1.
func headerColon(line []token) int {
	depth := 0
	for i, t := range line {
		if t.kind != tokOp {
			if t.kind == tokName && t.text == "lambda" && depth == 0 {
				return -1 // a lambda's colon is not the header's
			}
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case ":":
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitTop splits tokens at the commas of bracket depth 0.
func splitTop(toks []token) [][]token { return splitAtTop(toks, ",") }

// splitAtTop splits tokens at the operator sep where it is at bracket depth 0.
func splitAtTop(toks []token, sep string) [][]token {
	var parts [][]token
	depth, from := 0, 0
	for i, t := range toks {
		if t.kind != tokOp {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case sep:
			if depth == 0 {
				parts = append(parts, toks[from:i])
				from = i + 1
			}
		}
	}
	if from < len(toks) {
		parts = append(parts, toks[from:])
	}
	return parts
}

// indexTop is the index of the first name token `word` at bracket depth 0, or -1.
func indexTop(toks []token, word string) int {
	depth := 0
	for i, t := range toks {
		switch {
		case t.kind == tokOp && strings.Contains("([{", t.text):
			depth++
		case t.kind == tokOp && strings.Contains(")]}", t.text):
			depth--
		case depth == 0 && t.kind == tokName && t.text == word:
			return i
		}
	}
	return -1
}

func text(src string, toks []token) string {
	if len(toks) == 0 {
		return ""
	}
	return src[toks[0].start:toks[len(toks)-1].end]
}

// statementHeader rewrites a compound statement's header at the start of a
// logical line; it returns the statement's kind ("" for a simple statement).
func statementHeader(src string, line []token, prev string, replace map[int]replacement) (string, error) {
	first := line[0]
	if first.kind == tokOp && first.text == "@" {
		// A decorator: the whole line is its expression.
		replace[first.start] = replacement{end: line[len(line)-1].end, text: "__decorator__(" + text(src, line[1:]) + ")"}
		return "decorator", nil
	}
	if first.kind != tokName {
		return "", nil
	}
	colon := headerColon(line)
	sub := func(from, to int, s string) {
		replace[line[from].start] = replacement{end: line[to].start, text: s}
	}
	switch first.text {
	case "try":
		if colon != 1 {
			return "", syntaxError(src, first, "expected ':'")
		}
		sub(0, 1, "if __try__")
		return "try", nil
	case "except":
		if prev != "try" && prev != "except" {
			return "", syntaxError(src, first, "invalid syntax")
		}
		if colon < 0 {
			return "", syntaxError(src, first, "expected ':'")
		}
		clause := line[1:colon]
		if len(clause) > 0 && clause[0].text == "*" {
			return "", syntaxError(src, first, "except* is not supported")
		}
		args := ""
		if as := indexTop(clause, "as"); as >= 0 {
			if as != len(clause)-2 || clause[as+1].kind != tokName {
				return "", syntaxError(src, clause[as], "invalid syntax")
			}
			args = text(src, clause[:as]) + ", " + clause[as+1].text
		} else if len(clause) > 0 {
			args = text(src, clause)
		}
		sub(0, colon, "elif __except__("+args+")")
		return "except", nil
	case "finally":
		if colon != 1 {
			return "", syntaxError(src, first, "expected ':'")
		}
		if prev != "try" && prev != "except" && prev != "tryelse" {
			return "", syntaxError(src, first, "invalid syntax")
		}
		sub(0, 1, "elif __finally__")
		return "finally", nil
	case "else":
		if colon != 1 {
			return "", nil
		}
		switch prev {
		case "except":
			sub(0, 1, "elif __else__")
			return "tryelse", nil
		case "try":
			return "", syntaxError(src, first, "expected 'except' or 'finally' block")
		case "for", "while":
			sub(0, 1, "if __loop_else__")
			return "loopelse", nil
		}
		return "else", nil
	case "for", "while", "if", "elif", "def":
		if first.text == "def" {
			defAnnotations(line, replace)
		}
		return first.text, nil
	case "class":
		if colon < 2 || line[1].kind != tokName {
			return "", syntaxError(src, first, "invalid syntax")
		}
		args := line[1].text
		if colon > 2 {
			if line[2].text != "(" || line[colon-1].text != ")" {
				return "", syntaxError(src, line[2], "invalid syntax")
			}
			if bases := text(src, line[3:colon-1]); strings.TrimSpace(bases) != "" {
				args += ", " + bases
			}
		}
		sub(0, colon, "if __classdef__("+args+")")
		return "class", nil
	case "with":
		if colon < 2 {
			return "", syntaxError(src, first, "invalid syntax")
		}
		items := line[1:colon]
		if items[0].text == "(" && matchForward(line, 1) == colon-1 && indexTop(items[1:len(items)-1], "as") >= 0 {
			items = items[1 : len(items)-1] // with (A as a, B as b):
		}
		var args []string
		for _, item := range splitTop(items) {
			if len(item) == 0 {
				continue
			}
			if as := indexTop(item, "as"); as >= 0 {
				args = append(args, text(src, item[:as]), text(src, item[as+1:]))
			} else {
				args = append(args, text(src, item), "None")
			}
		}
		sub(0, colon, "if __with__("+strings.Join(args, ", ")+")")
		return "with", nil
	}
	return "", nil
}

// defAnnotations drops the annotations of a def's parameters and its
// return annotation, which CPython evaluates but never checks.
func defAnnotations(line []token, replace map[int]replacement) {
	open := -1
	for i, t := range line {
		if t.text == "(" {
			open = i
			break
		}
	}
	if open < 0 {
		return
	}
	close := matchForward(line, open)
	if close < 0 {
		return
	}
	// In a parameter, a ':' at the parameter's own depth starts its annotation,
	// which runs to the next ',' or '=' at that depth.
	depth := 0
	for i := open + 1; i < close; i++ {
		t := line[i]
		switch {
		case t.kind == tokOp && strings.Contains("([{", t.text):
			depth++
		case t.kind == tokOp && strings.Contains(")]}", t.text):
			depth--
		case depth == 0 && t.kind == tokOp && t.text == "=":
			// A default: skip it whole (a lambda in it has colons of its own).
			for i+1 < close && !(depth == 0 && line[i+1].text == ",") {
				i++
				switch line[i].text {
				case "(", "[", "{":
					depth++
				case ")", "]", "}":
					depth--
				}
			}
		case depth == 0 && t.kind == tokOp && t.text == ":":
			j := i + 1
			d := 0
			for ; j < close; j++ {
				u := line[j]
				if u.kind == tokOp && strings.Contains("([{", u.text) {
					d++
				} else if u.kind == tokOp && strings.Contains(")]}", u.text) {
					d--
				} else if d == 0 && (u.text == "," || u.text == "=") {
					break
				}
			}
			replace[t.start] = replacement{end: line[j].start, text: ""}
			i = j - 1
		}
	}
	// -> annotation, up to the header's colon.
	if close+1 < len(line) && line[close+1].text == "->" {
		if colon := headerColon(line[close+1:]); colon > 0 {
			replace[line[close+1].start] = replacement{end: line[close+1+colon].start, text: ""}
		}
	}
}

// simpleStatements splits a logical line into its simple statements: the
// parts between `;` at depth 0, and the body after a header's colon.
func simpleStatements(line []token) [][]token {
	if colon := headerColon(line); colon >= 0 && line[0].kind == tokName && isHeaderWord(line[0].text) {
		line = line[colon+1:]
	}
	return splitAtTop(line, ";")
}

func isHeaderWord(w string) bool {
	switch w {
	case "if", "elif", "else", "for", "while", "def", "try", "except", "finally", "class", "with":
		return true
	}
	return false
}

// simpleStatement rewrites raise, assert, global, nonlocal and annotated
// assignments.
func simpleStatement(src string, stmt []token, replace map[int]replacement) error {
	if len(stmt) > 1 && stmt[0].text == "*" && stmt[0].kind == tokOp {
		starredAssignment(src, stmt, replace)
		return nil
	}
	if len(stmt) == 0 || stmt[0].kind != tokName {
		return nil
	}
	first := stmt[0]
	last := stmt[len(stmt)-1]
	wrap := func(marker, args string) {
		replace[first.start] = replacement{end: last.end, text: marker + "(" + args + ")"}
	}
	switch first.text {
	case "raise":
		rest := stmt[1:]
		if from := indexTop(rest, "from"); from >= 0 {
			if from == 0 || from == len(rest)-1 {
				return syntaxError(src, rest[from], "invalid syntax")
			}
			wrap("__raise__", text(src, rest[:from])+", "+text(src, rest[from+1:]))
			return nil
		}
		if len(rest) == 0 {
			replace[first.start] = replacement{end: first.end, text: "__raise__()"}
			return nil
		}
		wrap("__raise__", text(src, rest))
		return nil
	case "assert":
		if len(stmt) > 1 && (stmt[1].text == "." || stmt[1].text == "=") {
			return nil // the assert module, or a variable of that name
		}
		if len(stmt) == 1 {
			return syntaxError(src, first, "invalid syntax")
		}
		parts := splitTop(stmt[1:])
		if len(parts) > 2 || len(parts[0]) == 0 {
			return syntaxError(src, first, "invalid syntax")
		}
		args := text(src, parts[0])
		if len(parts) == 2 {
			args += ", " + text(src, parts[1])
		}
		wrap("__assert__", args)
		return nil
	case "global", "nonlocal":
		names := splitTop(stmt[1:])
		for _, n := range names {
			if len(n) != 1 || n[0].kind != tokName {
				return syntaxError(src, first, "invalid syntax")
			}
		}
		if len(names) == 0 {
			return syntaxError(src, first, "invalid syntax")
		}
		wrap("__"+first.text+"__", text(src, stmt[1:]))
		return nil
	}
	if isKeyword(first.text) || isHeaderWord(first.text) {
		return nil
	}
	if starredAssignment(src, stmt, replace) {
		return nil
	}
	// An annotated assignment: NAME[.attr...] ':' annotation ['=' value].
	i := 1
	for i+1 < len(stmt) && stmt[i].text == "." && stmt[i+1].kind == tokName {
		i += 2
	}
	if i >= len(stmt) || stmt[i].kind != tokOp || stmt[i].text != ":" {
		return nil
	}
	eq := -1
	for j := i + 1; j < len(stmt); j++ {
		if stmt[j].kind == tokOp && stmt[j].text == "=" {
			eq = j
			break
		}
	}
	if eq < 0 {
		// A bare annotation binds nothing.
		replace[first.start] = replacement{end: last.end, text: "pass"}
		return nil
	}
	replace[stmt[i].start] = replacement{end: stmt[eq].start, text: " "}
	return nil
}

// starredAssignment rewrites `a, *rest = expr` as
// `a, rest = __sx_starred(expr, 1, 0)`: the builtin hands out the items
// before and after the starred target, and a list of those between.
func starredAssignment(src string, stmt []token, replace map[int]replacement) bool {
	eq, depth := -1, 0
	for i, t := range stmt {
		if t.kind != tokOp {
			continue
		}
		switch {
		case strings.Contains("([{", t.text):
			depth++
		case strings.Contains(")]}", t.text):
			depth--
		case depth == 0 && t.text == "=":
			eq = i
		}
		if eq >= 0 {
			break
		}
	}
	if eq <= 0 || eq == len(stmt)-1 {
		return false
	}
	parts := splitTop(stmt[:eq])
	star := -1
	for k, part := range parts {
		if len(part) == 2 && part[0].text == "*" && part[1].kind == tokName {
			if star >= 0 {
				return false
			}
			star = k
		}
	}
	if star < 0 {
		return false
	}
	targets := make([]string, len(parts))
	for k, part := range parts {
		targets[k] = text(src, part)
	}
	targets[star] = parts[star][1].text
	rhs := text(src, stmt[eq+1:])
	out := fmt.Sprintf("%s = %sstarred((%s), %d, %d)", strings.Join(targets, ", "), hidden, rhs, star, len(parts)-star-1)
	replace[stmt[0].start] = replacement{end: stmt[len(stmt)-1].end, text: out}
	return true
}

// joinAdjacentStrings joins adjacent string literals, which Python
// concatenates when it compiles: 'a' 'b' becomes ('a' + 'b'), so that
// 'a' 'b' % x is still ('a' 'b') % x. It runs before f-strings are
// rewritten, so f'{x}' 'b' joins as ('{0}'.format(x) + 'b').
func joinAdjacentStrings(src string) string {
	toks := tokenize(src)
	edits := map[int]string{}
	var replace map[int]replacement
	for _, t := range toks {
		if t.kind != tokString || !strings.Contains(t.text, "\\") {
			continue
		}
		if lit, ok := wideEscapes(t.text); ok {
			if replace == nil {
				replace = map[int]replacement{}
			}
			replace[t.start] = replacement{end: t.end, text: lit}
		}
	}
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].kind != tokString || toks[i+1].kind != tokString {
			continue
		}
		j := i
		for j+1 < len(toks) && toks[j+1].kind == tokString {
			// The gap (spaces, a line break inside brackets, comments) becomes " + ".
			edits[toks[j+1].start] += "+ "
			j++
		}
		edits[toks[i].start] += "("
		edits[toks[j].end] += ")"
		i = j
	}
	return apply(src, edits, replace)
}

// wideEscapes rewrites a str literal's \xHH and octal escapes of U+0080 and
// above ("caf\xe9") as \uXXXX: Python reads them as code points, Starlark
// refuses them outside bytes. It reports whether lit changed; bytes and raw
// literals never do.
func wideEscapes(lit string) (string, bool) {
	q := strings.IndexAny(lit, "'\"")
	if q < 0 || strings.ContainsAny(lit[:q], "bBrR") {
		return lit, false
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(lit); i++ {
		if lit[i] != '\\' || i+1 >= len(lit) {
			b.WriteByte(lit[i])
			continue
		}
		j, v := i+1, -1
		switch c := lit[j]; {
		case c == 'x' && j+2 < len(lit) && isHex(lit[j+1]) && isHex(lit[j+2]):
			n, _ := strconv.ParseUint(lit[j+1:j+3], 16, 8)
			v, j = int(n), j+3
		case c >= '0' && c <= '7':
			k := j
			for k < len(lit) && k < j+3 && lit[k] >= '0' && lit[k] <= '7' {
				k++
			}
			n, _ := strconv.ParseUint(lit[j:k], 8, 16)
			v, j = int(n), k
		}
		if v < 0x80 {
			// Not a wide escape: copy the backslash and the character it
			// escapes, so that \\x85 stays a backslash then "x85".
			b.WriteString(lit[i : i+2])
			i++
			continue
		}
		fmt.Fprintf(&b, "\\u%04x", v)
		changed = true
		i = j - 1
	}
	return b.String(), changed
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
