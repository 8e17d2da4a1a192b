package runtime

import (
	"strings"
	"unicode/utf8"
)

// rewritePythonisms turns three pieces of Python syntax that Starlark's
// parser refuses into their Starlark equivalents, keeping every line where
// it was:
//   - `x is None`, `x is not None` -> `x == None`, `x != None` (same text width);
//   - a generator expression in parentheses, `sum(x for x in l)` or
//     `(x for x in l)`, -> a list comprehension, `sum([x for x in l])`;
//   - a chained assignment `a = b = expr` -> `b = expr; a = b`;
//   - `del d[k]` -> `__sx_delitem(d, k)` (dicts, lists and a script's
//     classes with __delitem__; a missing key is a KeyError, a bad index an
//     IndexError);
//   - a chained comparison `a < b <= c` -> `(a < b and b <= c)` (the middle
//     operand is evaluated twice; Python evaluates it once);
//   - the power operator `a ** b` -> `pow(a, b)`;
//   - keyword arguments after `*args` in a call, `print(*words, sep="|")`,
//     are moved before it, where Starlark wants them.
//
// It works on tokens, so strings and comments are left as they are.
func rewritePythonisms(src string) string {
	out, _ := rewritePythonismsAt(src)
	return out
}

// rewritePythonismsAt is rewritePythonisms, and where `is` was.
func rewritePythonismsAt(src string) (string, map[opPos]bool) {
	src = setLiterals(src)
	src = rewriteExprs(src)
	src = powers(src)
	src = starArgs(src)
	src = chainedComparisons(src)
	replace := map[int]replacement{}
	toks := tokenize(src)
	chainedAssignments(src, toks, replace)
	delStatements(src, toks, replace)
	return identityOps(apply(src, nil, replace))
}

// setLiterals rewrites set displays and set comprehensions, which Starlark
// lacks: {a, b} -> set([a, b]), {x for x in l} -> set([x for x in l]). A
// brace with a colon or ** at its own level, or nothing inside, is a dict.
func setLiterals(src string) string {
	if !strings.Contains(src, "{") {
		return src
	}
	toks := tokenize(src)
	replace := map[int]replacement{}
	for i, t := range toks {
		if t.kind != tokOp || t.text != "{" {
			continue
		}
		end := matchForward(toks, i)
		if end < 0 || end == i+1 {
			continue
		}
		isSet, depth := true, 0
		for j := i + 1; j < end && isSet; j++ {
			u := toks[j]
			switch {
			case u.kind == tokOp && strings.Contains("([{", u.text):
				depth++
			case u.kind == tokOp && strings.Contains(")]}", u.text):
				depth--
			case depth == 0 && u.kind == tokName && u.text == "lambda":
				isSet = false // a lambda's colon: leave the brace to the parser
			case depth == 0 && u.kind == tokOp && (u.text == ":" || u.text == "**"):
				isSet = false
			}
		}
		if isSet {
			replace[t.start] = replacement{end: t.end, text: "set(["}
			replace[toks[end].start] = replacement{end: toks[end].end, text: "])"}
		}
	}
	return apply(src, nil, replace)
}

// rewriteExprs rewrites generator expressions.
func rewriteExprs(src string) string {
	toks := tokenize(src)
	edits := map[int]string{} // byte offset -> text inserted before it
	replace := map[int]replacement{}

	// Generator expressions: a `for` whose innermost open bracket is `(`.
	var stack []int // token indexes of open brackets
	genexp := map[int]bool{}
	for i, t := range toks {
		switch {
		case t.kind == tokOp && (t.text == "(" || t.text == "[" || t.text == "{"):
			stack = append(stack, i)
		case t.kind == tokOp && (t.text == ")" || t.text == "]" || t.text == "}"):
			if len(stack) > 0 {
				open := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if genexp[open] {
					edits[toks[open].end] += "["
					edits[t.start] += "]"
				}
			}
		case t.kind == tokName && t.text == "for" && len(stack) > 0:
			if open := stack[len(stack)-1]; toks[open].text == "(" && i > open+1 {
				genexp[open] = true
			}
		}
	}

	return apply(src, edits, replace)
}

// opPos is where an operator is: its line and column as the parser counts
// them (from 1, in runes).
type opPos struct{ line, col int32 }

// identityOps rewrites `is` and `is not` as == and != of the same width
// and says where each was, so that the rewriter makes them identity tests.
// It is the last pass over the text: the positions are the parser's.
func identityOps(src string) (string, map[opPos]bool) {
	if !strings.Contains(src, "is") {
		return src, nil
	}
	toks := tokenize(src)
	replace := map[int]replacement{}
	var where map[opPos]bool
	line, lineStart := int32(1), 0
	scanned := 0
	for i, t := range toks {
		if t.kind != tokName || t.text != "is" {
			continue
		}
		for ; scanned < t.start; scanned++ {
			if src[scanned] == '\n' {
				line, lineStart = line+1, scanned+1
			}
		}
		if where == nil {
			where = map[opPos]bool{}
		}
		where[opPos{line, int32(utf8.RuneCountInString(src[lineStart:t.start])) + 1}] = true
		if i+1 < len(toks) && toks[i+1].kind == tokName && toks[i+1].text == "not" {
			// "is not" spans from "is" to the end of "not": keep the width.
			width := toks[i+1].end - t.start
			replace[t.start] = replacement{end: toks[i+1].end, text: "!=" + strings.Repeat(" ", width-2)}
		} else {
			replace[t.start] = replacement{end: t.end, text: "=="}
		}
	}
	return apply(src, nil, replace), where
}

// apply makes the insertions and replacements, which never overlap.
func apply(src string, edits map[int]string, replace map[int]replacement) string {
	if len(edits) == 0 && len(replace) == 0 {
		return src
	}
	var b strings.Builder
	b.Grow(len(src) + len(edits)*2)
	for i := 0; i < len(src); {
		if ins, ok := edits[i]; ok {
			b.WriteString(ins)
		}
		if r, ok := replace[i]; ok {
			b.WriteString(r.text)
			i = r.end
			continue
		}
		b.WriteByte(src[i])
		i++
	}
	if ins, ok := edits[len(src)]; ok {
		b.WriteString(ins)
	}
	return b.String()
}

type replacement struct {
	end  int
	text string
}

// chainedAssignments rewrites `t1 = t2 = ... = expr` statements (targets at
// bracket depth 0, the statement on one line) as `tn = expr; ...; t1 = tn`.
func chainedAssignments(src string, toks []token, replace map[int]replacement) {
	depth := 0
	start := 0 // token index where the current statement begins
	for i := 0; i <= len(toks); i++ {
		end := i == len(toks)
		if !end {
			t := toks[i]
			switch {
			case t.kind == tokOp && strings.Contains("([{", t.text):
				depth++
				continue
			case t.kind == tokOp && strings.Contains(")]}", t.text):
				depth--
				continue
			}
			if depth > 0 || !(t.kind == tokNewline || (t.kind == tokOp && t.text == ";")) {
				continue
			}
		}
		stmt := toks[start:i]
		start = i + 1
		if len(stmt) == 0 || stmt[0].kind != tokName || isKeyword(stmt[0].text) {
			continue
		}
		var eqs []int
		d := 0
		for j, t := range stmt {
			if t.kind == tokOp {
				switch {
				case strings.Contains("([{", t.text):
					d++
				case strings.Contains(")]}", t.text):
					d--
				case t.text == "=" && d == 0:
					eqs = append(eqs, j)
				}
			}
			if t.kind == tokName && (t.text == "lambda" || t.text == "def") {
				eqs = nil
				break
			}
		}
		if len(eqs) < 2 || strings.Contains(src[stmt[0].start:stmt[len(stmt)-1].end], "\n") {
			continue
		}
		first, last := stmt[0].start, stmt[len(stmt)-1].end
		var targets []string
		from := first
		for _, j := range eqs {
			targets = append(targets, strings.TrimSpace(src[from:stmt[j].start]))
			from = stmt[j].end
		}
		expr := strings.TrimSpace(src[from:last])
		final := targets[len(targets)-1]
		parts := []string{final + " = " + expr}
		for k := len(targets) - 2; k >= 0; k-- {
			parts = append(parts, targets[k]+" = "+final)
		}
		replace[first] = replacement{end: last, text: strings.Join(parts, "; ")}
	}
}

// chainedComparisons rewrites `a < b < c` as `(a < b and b < c)`. Operands
// are the runs of tokens between operators that bind less tightly than a
// comparison (and, or, not, if, else, commas, colons, assignments, brackets).
func chainedComparisons(src string) string {
	toks := tokenize(src)
	replace := map[int]replacement{}
	segment := func(from, to int) {
		var ops []int
		depth := 0
		for j := from; j < to; j++ {
			t := toks[j]
			switch {
			case t.kind == tokOp && strings.Contains("([{", t.text):
				depth++
			case t.kind == tokOp && strings.Contains(")]}", t.text):
				depth--
			case depth == 0 && isComparison(t):
				ops = append(ops, j)
			}
		}
		if len(ops) < 2 || ops[0] == from || ops[len(ops)-1] == to-1 {
			return
		}
		start, end := toks[from].start, toks[to-1].end
		for k := range replace {
			if k >= start && k < end {
				return // an inner chain was rewritten: leave the outer one
			}
		}
		// operands[k] and operands[k+1] are compared by ops[k].
		operands := make([]string, len(ops)+1)
		prev := start
		for k, j := range ops {
			operands[k] = strings.TrimSpace(src[prev:toks[j].start])
			prev = toks[j].end
		}
		operands[len(ops)] = strings.TrimSpace(src[prev:end])
		parts := make([]string, len(ops))
		for k, j := range ops {
			parts[k] = operands[k] + " " + toks[j].text + " " + operands[k+1]
		}
		replace[start] = replacement{end: end, text: "(" + strings.Join(parts, " and ") + ")"}
	}
	var starts []int // the segment start at each bracket depth
	starts = append(starts, 0)
	for i, t := range toks {
		top := len(starts) - 1
		switch {
		case t.kind == tokOp && strings.Contains("([{", t.text):
			// The bracket's inside is a segment of its own; the outer one spans it.
			starts = append(starts, i+1)
		case t.kind == tokOp && strings.Contains(")]}", t.text):
			segment(starts[top], i)
			if top > 0 {
				starts = starts[:top]
			}
		case t.kind == tokNewline || isBoundary(t):
			segment(starts[top], i)
			starts[top] = i + 1
		}
	}
	segment(starts[len(starts)-1], len(toks))
	return apply(src, nil, replace)
}

// powers rewrites `a ** b` as `pow(a, b)`, the rightmost first since **
// groups to the right; `**kwargs` in calls and definitions stays.
func powers(src string) string {
	for range 1000 { // bounded: one ** a pass
		toks := tokenize(src)
		k := -1
		for i := len(toks) - 1; i > 0; i-- {
			if toks[i].kind == tokOp && toks[i].text == "**" && isOperandEnd(toks[i-1]) {
				k = i
				break
			}
		}
		if k < 0 || k+1 >= len(toks) {
			return src
		}
		from, to := primaryStart(toks, k-1), primaryEnd(toks, k+1)
		if from < 0 || to < 0 {
			return src
		}
		left := src[toks[from].start:toks[k-1].end]
		right := src[toks[k+1].start:toks[to].end]
		src = src[:toks[from].start] + "pow(" + left + ", " + right + ")" + src[toks[to].end:]
	}
	return src
}

// starArgs moves keyword arguments that follow a *args argument in a call
// in front of it, keeping their order: f(a, *b, k=1) -> f(a, k=1, *b).
func starArgs(src string) string {
	toks := tokenize(src)
	replace := map[int]replacement{}
	for i, t := range toks {
		if t.kind != tokOp || t.text != "(" || i == 0 || !isOperandEnd(toks[i-1]) || toks[i-1].kind == tokNumber {
			continue
		}
		end := matchForward(toks, i)
		if end < 0 {
			continue
		}
		// Split the arguments at the commas of this call's own level.
		var args [][2]int // token ranges [from, to)
		from, depth := i+1, 0
		for j := i + 1; j < end; j++ {
			switch toks[j].text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth--
			case ",":
				if depth == 0 {
					args = append(args, [2]int{from, j})
					from = j + 1
				}
			}
		}
		if from < end {
			args = append(args, [2]int{from, end})
		}
		kind := func(a [2]int) string {
			switch {
			case a[0] >= a[1]:
				return ""
			case toks[a[0]].text == "*":
				return "star"
			case toks[a[0]].text == "**":
				return "dstar"
			case a[1]-a[0] >= 2 && toks[a[0]].kind == tokName && toks[a[0]+1].text == "=":
				return "kw"
			}
			return "pos"
		}
		firstStar, moved := -1, false
		for n, a := range args {
			switch kind(a) {
			case "star":
				if firstStar < 0 {
					firstStar = n
				}
			case "kw":
				if firstStar >= 0 {
					moved = true
				}
			case "pos":
				if firstStar >= 0 {
					moved = false // a positional after *args: leave the call as it is
					firstStar = len(args)
				}
			}
		}
		if !moved || firstStar >= len(args) {
			continue
		}
		text := func(a [2]int) string { return strings.TrimSpace(src[toks[a[0]].start:toks[a[1]-1].end]) }
		var head, kws, stars, dstars []string
		for n, a := range args {
			switch k := kind(a); {
			case k == "":
			case n < firstStar:
				head = append(head, text(a))
			case k == "kw":
				kws = append(kws, text(a))
			case k == "dstar":
				dstars = append(dstars, text(a))
			default:
				stars = append(stars, text(a))
			}
		}
		all := append(append(append(head, kws...), stars...), dstars...)
		replace[toks[i].end] = replacement{end: toks[end].start, text: strings.Join(all, ", ")}
	}
	return apply(src, nil, replace)
}

// isOperandEnd reports whether t can end the left operand of a binary operator.
func isOperandEnd(t token) bool {
	switch t.kind {
	case tokName:
		return !isKeyword(t.text) || t.text == "None" || t.text == "True" || t.text == "False"
	case tokNumber, tokString:
		return true
	}
	return t.text == ")" || t.text == "]" || t.text == "}"
}

// primaryStart walks back from the token at j over one primary: an atom
// with its calls, subscripts and attributes. It returns its first token.
func primaryStart(toks []token, j int) int {
	for {
		switch t := toks[j]; {
		case t.text == ")" || t.text == "]" || t.text == "}":
			j = matchBack(toks, j)
			if j < 0 {
				return -1
			}
			if j > 0 && (toks[j-1].kind == tokName && !isKeyword(toks[j-1].text) || strings.Contains(")]}", toks[j-1].text) && toks[j-1].kind == tokOp) && toks[j].text != "{" {
				j-- // a call or subscript: its callee comes before
				continue
			}
		case t.kind == tokName || t.kind == tokNumber || t.kind == tokString:
		default:
			return -1
		}
		if j >= 2 && toks[j-1].kind == tokOp && toks[j-1].text == "." {
			j -= 2 // an attribute: the object comes before
			continue
		}
		return j
	}
}

// primaryEnd walks forward from j over an optional unary sign and a primary
// with its trailers; it returns the primary's last token.
func primaryEnd(toks []token, j int) int {
	for j < len(toks) && toks[j].kind == tokOp && (toks[j].text == "-" || toks[j].text == "+" || toks[j].text == "~") {
		j++
	}
	if j >= len(toks) {
		return -1
	}
	switch t := toks[j]; {
	case t.text == "(" || t.text == "[" || t.text == "{":
		j = matchForward(toks, j)
	case t.kind == tokName || t.kind == tokNumber || t.kind == tokString:
	default:
		return -1
	}
	for j >= 0 && j+1 < len(toks) {
		next := toks[j+1]
		switch {
		case next.kind == tokOp && (next.text == "(" || next.text == "["):
			j = matchForward(toks, j+1)
		case next.kind == tokOp && next.text == "." && j+2 < len(toks) && toks[j+2].kind == tokName:
			j += 2
		default:
			return j
		}
	}
	return j
}

func matchBack(toks []token, j int) int {
	depth := 0
	for ; j >= 0; j-- {
		switch toks[j].text {
		case ")", "]", "}":
			depth++
		case "(", "[", "{":
			depth--
		}
		if depth == 0 {
			return j
		}
	}
	return -1
}

func matchForward(toks []token, j int) int {
	depth := 0
	for ; j < len(toks); j++ {
		switch toks[j].text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		}
		if depth == 0 {
			return j
		}
	}
	return -1
}

func isComparison(t token) bool {
	switch t.text {
	case "<", ">", "<=", ">=", "==", "!=":
		return t.kind == tokOp
	case "in":
		return t.kind == tokName
	}
	return false
}

// isBoundary is a token that ends a comparison's operand.
func isBoundary(t token) bool {
	if t.kind == tokName {
		switch t.text {
		case "and", "or", "not", "if", "else", "elif", "while", "for", "lambda", "return", "assert", "yield":
			return true
		}
		return false
	}
	if t.kind != tokOp {
		return false
	}
	switch t.text {
	case ",", ":", ";", "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "->":
		return true
	}
	return false
}

// delStatements rewrites `del x[k]` statements as `__sx_delitem(x, k)`.
func delStatements(src string, toks []token, replace map[int]replacement) {
	for i, t := range toks {
		if t.kind != tokName || t.text != "del" || (i > 0 && toks[i-1].kind != tokNewline && toks[i-1].text != ";" && toks[i-1].text != ":") {
			continue
		}
		// The statement runs to the next line end or ';' outside brackets.
		depth, end := 0, i+1
		for ; end < len(toks); end++ {
			u := toks[end]
			if u.kind == tokOp && strings.Contains("([{", u.text) {
				depth++
			} else if u.kind == tokOp && strings.Contains(")]}", u.text) {
				depth--
			} else if depth == 0 && (u.kind == tokNewline || u.text == ";") {
				break
			}
		}
		last := end - 1
		if last <= i+1 || toks[last].text != "]" {
			continue
		}
		// Find the '[' that the final ']' closes.
		open, d := -1, 0
		for j := last; j > i; j-- {
			switch toks[j].text {
			case "]", ")", "}":
				d++
			case "[", "(", "{":
				d--
			}
			if d == 0 {
				open = j
				break
			}
		}
		if open <= i+1 || toks[open].text != "[" {
			continue
		}
		target := strings.TrimSpace(src[toks[i+1].start:toks[open].start])
		key := src[toks[open].end:toks[last].start]
		replace[t.start] = replacement{end: toks[last].end, text: "__sx_delitem(" + target + ", " + key + ")"}
	}
}

// isKeyword reports whether a name is a keyword of the dialect; a switch,
// not a map, so nothing is built at start-up.
func isKeyword(name string) bool {
	switch name {
	case "if", "elif", "else", "for", "while", "def",
		"return", "lambda", "pass", "break", "continue",
		"load", "not", "and", "or", "in",
		"None", "True", "False", "is", "del":
		return true
	}
	return false
}

type tokKind int

const (
	tokName tokKind = iota
	tokOp
	tokString
	tokNumber
	tokNewline // the end of a logical line
)

type token struct {
	kind       tokKind
	text       string
	start, end int
}

// tokenize splits Python source into the tokens the rewrites need: names,
// brackets and operators, strings (skipped whole) and logical line ends.
func tokenize(src string) []token {
	var toks []token
	depth := 0
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '\\' && i+1 < len(src) && src[i+1] == '\n':
			i += 2 // an explicit line continuation
		case c == '\n':
			if depth == 0 {
				toks = append(toks, token{kind: tokNewline, text: "\n", start: i, end: i + 1})
			}
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '"' || c == '\'':
			end := literalEnd(src, i)
			toks = append(toks, token{kind: tokString, text: src[i:end], start: i, end: end})
			i = end
		case isNameStart(c):
			j := i
			for j < len(src) && isWordByte(src[j]) {
				j++
			}
			if j < len(src) && (src[j] == '"' || src[j] == '\'') && isStringPrefix(src[i:j]) {
				end := literalEnd(src, j)
				toks = append(toks, token{kind: tokString, text: src[i:end], start: i, end: end})
				i = end
				continue
			}
			toks = append(toks, token{kind: tokName, text: src[i:j], start: i, end: j})
			i = j
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && (isWordByte(src[j]) || src[j] == '.') {
				j++
			}
			toks = append(toks, token{kind: tokNumber, text: src[i:j], start: i, end: j})
			i = j
		default:
			n := 1
			if i+1 < len(src) && isTwoCharOp(src[i:i+2]) {
				n = 2
			}
			text := src[i : i+n]
			switch text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				if depth > 0 {
					depth--
				}
			}
			toks = append(toks, token{kind: tokOp, text: text, start: i, end: i + n})
			i += n
		}
	}
	return toks
}

func isTwoCharOp(op string) bool {
	switch op {
	case "==", "!=", "<=", ">=", "+=", "-=", "*=",
		"/=", "%=", "&=", "|=", "^=", "//", "**",
		"<<", ">>", "->":
		return true
	}
	return false
}

func isNameStart(c byte) bool { return isWordByte(c) && !(c >= '0' && c <= '9') }
