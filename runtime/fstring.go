package runtime

import (
	"fmt"
	"strconv"
	"strings"
)

// Starlark has no f-strings. Before parsing, each f-string literal becomes a
// plain literal with numbered replacement fields and a call of Python's
// str.format on the expressions, which run where the f-string stood:
//
//	f"{host}:{port:>5}"  ->  "{0}:{1:>5}".format((host), (port))
//
// Newlines move from the literal into the argument list, never appear or
// vanish, so every line keeps its number. Other literals and comments are
// copied unchanged.

// rewriteFStrings returns src with its f-strings rewritten; a malformed one
// is reported as "LINE:COL: message".
func rewriteFStrings(src string) (string, error) {
	if !strings.ContainsAny(src, "fF") {
		return src, nil
	}
	var b strings.Builder
	b.Grow(len(src))
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '#':
			end := strings.IndexByte(src[i:], '\n')
			if end < 0 {
				end = len(src) - i
			}
			b.WriteString(src[i : i+end])
			i += end
		case c == '\'' || c == '"':
			end := literalEnd(src, i)
			b.WriteString(src[i:end])
			i = end
		case isWordByte(c):
			j := i
			for j < len(src) && isWordByte(src[j]) {
				j++
			}
			word := src[i:j]
			if j < len(src) && (src[j] == '\'' || src[j] == '"') && isStringPrefix(word) {
				lower := strings.ToLower(word)
				if strings.Contains(lower, "f") {
					out, end, err := fstring(src, i, j, strings.Contains(lower, "r"))
					if err != nil {
						return "", err
					}
					b.WriteString(out)
					i = end
					continue
				}
				end := literalEnd(src, j)
				b.WriteString(src[i:end])
				i = end
				continue
			}
			b.WriteString(word)
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), nil
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// isStringPrefix reports Python's literal prefixes: r, b, u, f and their
// two-letter combinations, in any case.
func isStringPrefix(w string) bool {
	switch strings.ToLower(w) {
	case "r", "b", "u", "f", "rb", "br", "rf", "fr":
		return true
	}
	return false
}

// literalEnd returns the index just past the string literal whose opening
// quote is at src[i]; an unterminated one ends at the end of its line.
func literalEnd(src string, i int) int {
	q := src[i : i+1]
	if strings.HasPrefix(src[i:], q+q+q) {
		q = q + q + q
	}
	j := i + len(q)
	for j < len(src) {
		switch {
		case strings.HasPrefix(src[j:], q):
			return j + len(q)
		case src[j] == '\\':
			// Even a raw literal cannot end in a backslash-escaped quote.
			j += 2
		case src[j] == '\n' && len(q) == 1:
			return j
		default:
			j++
		}
	}
	return len(src)
}

// fstringParser turns one f-string's body into a format template and the
// list of its expressions.
type fstringParser struct {
	src   string
	quote string
	raw   bool
	tmpl  strings.Builder
	exprs []string
}

func (p *fstringParser) errorf(at int, format string, args ...any) error {
	line := 1 + strings.Count(p.src[:at], "\n")
	col := at - strings.LastIndexByte(p.src[:at], '\n')
	return fmt.Errorf("%d:%d: %s", line, col, fmt.Sprintf(format, args...))
}

// fstring rewrites the f-string whose prefix starts at src[start] and whose
// opening quote is at src[q]; it returns the replacement and the index past
// the literal.
func fstring(src string, start, q int, raw bool) (string, int, error) {
	quote := src[q : q+1]
	if strings.HasPrefix(src[q:], quote+quote+quote) {
		quote = quote + quote + quote
	}
	p := &fstringParser{src: src, quote: quote, raw: raw}
	i := q + len(quote)
	for {
		if i >= len(src) || len(quote) == 1 && src[i] == '\n' {
			return "", 0, p.errorf(start, "unterminated string literal")
		}
		if strings.HasPrefix(src[i:], quote) {
			i += len(quote)
			break
		}
		c := src[i]
		switch {
		case c == '\\':
			end := i + 2
			if !raw && i+2 < len(src) && src[i+1] == 'N' && src[i+2] == '{' {
				// \N{NAME} is one escape, not a replacement field.
				if k := strings.IndexByte(src[i:], '}'); k >= 0 {
					end = i + k + 1
				}
			}
			if end > len(src) {
				end = len(src)
			}
			p.tmpl.WriteString(src[i:end])
			i = end
		case c == '{' && i+1 < len(src) && src[i+1] == '{':
			p.tmpl.WriteString("{{")
			i += 2
		case c == '}' && i+1 < len(src) && src[i+1] == '}':
			p.tmpl.WriteString("}}")
			i += 2
		case c == '}':
			return "", 0, p.errorf(i, "f-string: single '}' is not allowed")
		case c == '{':
			end, err := p.field(i+1, true)
			if err != nil {
				return "", 0, err
			}
			i = end
		default:
			p.tmpl.WriteByte(c)
			i++
		}
	}
	prefix := strings.Map(func(r rune) rune {
		if r == 'f' || r == 'F' || r == 'u' || r == 'U' {
			return -1
		}
		return r
	}, src[start:q])
	out := prefix + p.quote + p.tmpl.String() + p.quote
	if len(p.exprs) > 0 || strings.Contains(out, "{{") || strings.Contains(out, "}}") {
		args := make([]string, len(p.exprs))
		for k, e := range p.exprs {
			args[k] = "(" + e + ")"
		}
		out += ".format(" + strings.Join(args, ", ") + ")"
	}
	return out, i, nil
}

// field parses a replacement field whose expression starts at src[i] (just
// after its '{') and returns the index past its closing '}'. top is false
// for a field nested in another's format spec.
func (p *fstringParser) field(i int, top bool) (int, error) {
	src := p.src
	open := i - 1
	exprStart := i
	depth := 0
	exprEnd, debugEnd := -1, -1
	for exprEnd < 0 {
		if i >= len(src) || strings.HasPrefix(src[i:], p.quote) || len(p.quote) == 1 && src[i] == '\n' {
			return 0, p.errorf(open, "f-string: expecting '}'")
		}
		c := src[i]
		switch {
		case c == '\'' || c == '"':
			end := literalEnd(src, i)
			if end-i < 2 || src[end-1] != c {
				return 0, p.errorf(i, "f-string: unterminated string")
			}
			i = end
			continue
		case c == '#':
			return 0, p.errorf(i, "f-string expression part cannot include '#'")
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || (c == '}' && depth > 0):
			depth--
		case depth == 0 && c == '}':
			exprEnd = i
			continue
		case depth == 0 && c == '!' && i+1 < len(src) && src[i+1] != '=':
			exprEnd = i
			continue
		case depth == 0 && c == ':':
			exprEnd = i
			continue
		case depth == 0 && c == '=' && i+1 < len(src) && src[i+1] == '=':
			i += 2
			continue
		case depth == 0 && c == '=' && !strings.ContainsRune("=!<>", rune(src[i-1])):
			k := i + 1
			for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
				k++
			}
			if k < len(src) && (src[k] == '}' || src[k] == '!' || src[k] == ':') {
				debugEnd = k
				exprEnd = i
				i = k
				continue
			}
		}
		i++
	}
	expr := src[exprStart:exprEnd]
	if strings.TrimSpace(expr) == "" {
		return 0, p.errorf(open, "f-string: empty expression not allowed")
	}
	rewritten, err := rewriteFStrings(expr)
	if err != nil {
		return 0, err
	}
	n := len(p.exprs)
	p.exprs = append(p.exprs, rewritten)
	if debugEnd >= 0 {
		// f"{x=}" shows the expression's text, the '=' and its spaces.
		text := strings.NewReplacer("{", "{{", "}", "}}").Replace(src[exprStart:debugEnd])
		if !p.raw {
			text = strings.ReplaceAll(text, `\`, `\\`)
		}
		p.tmpl.WriteString(text)
	}
	p.tmpl.WriteString("{" + strconv.Itoa(n))
	conv := ""
	if src[i] == '!' {
		if i+1 >= len(src) || !strings.ContainsRune("rsa", rune(src[i+1])) {
			return 0, p.errorf(i, "f-string: invalid conversion character: expected 's', 'r', or 'a'")
		}
		conv = src[i : i+2]
		i += 2
		if i >= len(src) || src[i] != ':' && src[i] != '}' {
			return 0, p.errorf(open, "f-string: expecting '}'")
		}
	}
	if debugEnd >= 0 && conv == "" && src[i] != ':' {
		conv = "!r"
	}
	p.tmpl.WriteString(conv)
	if src[i] == ':' {
		p.tmpl.WriteByte(':')
		i++
		for {
			if i >= len(src) || strings.HasPrefix(src[i:], p.quote) {
				return 0, p.errorf(open, "f-string: expecting '}'")
			}
			c := src[i]
			if c == '}' {
				break
			}
			if c == '{' {
				if !top {
					return 0, p.errorf(i, "f-string: expressions nested too deeply")
				}
				end, err := p.field(i+1, false)
				if err != nil {
					return 0, err
				}
				i = end
				continue
			}
			p.tmpl.WriteByte(c)
			i++
		}
	}
	p.tmpl.WriteByte('}')
	return i + 1, nil
}
