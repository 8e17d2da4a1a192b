package runtime

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// Starlark has no import statement. Before parsing, each Python import is
// rewritten, on its own line, into assignments from __import__, so that the
// names are bound where and when Python binds them, and line numbers stay.

type importPatterns struct {
	importRe, fromRe, asRe *regexp.Regexp
}

// importRegexpsOnce holds the patterns once compiled; unlike
// sync.OnceValue, a zero struct costs package init nothing.
var importRegexpsOnce struct {
	once  sync.Once
	value importPatterns
}

// importRegexps compiles the patterns on first use: a script without
// imports never needs them, and start-up time counts.
func importRegexps() importPatterns {
	importRegexpsOnce.once.Do(func() { importRegexpsOnce.value = buildImportRegexps() })
	return importRegexpsOnce.value
}

func buildImportRegexps() importPatterns {
	return importPatterns{
		importRe: regexp.MustCompile(`^(\s*)import\s+([A-Za-z_][\w.]*(?:\s+as\s+\w+)?(?:\s*,\s*[A-Za-z_][\w.]*(?:\s+as\s+\w+)?)*)\s*(;.*)?(#.*)?$`),
		fromRe:   regexp.MustCompile(`^(\s*)from\s+([A-Za-z_][\w.]*)\s+import\s+(.*?)\s*(#.*)?$`),
		asRe:     regexp.MustCompile(`^([A-Za-z_][\w.]*)(?:\s+as\s+(\w+))?$`),
	}
}

// ModuleNames answers which names `from NAME import *` binds, or false when
// there is no such module.
type ModuleNames func(module string) ([]string, bool)

// rewriteImports returns src with its import statements replaced; a bad
// import is reported as "LINE:COL: message".
func rewriteImports(src string, names ModuleNames) (string, error) {
	lines := strings.Split(src, "\n")
	inTriple := ""
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if inTriple != "" {
			if strings.Count(line, inTriple)%2 == 1 {
				inTriple = ""
			}
			continue
		}
		for _, q := range []string{`"""`, `'''`} {
			if strings.Count(line, q)%2 == 1 {
				inTriple = q
			}
		}
		if strings.Contains(line, "import") {
			out, done, err := importSegments(line, names)
			if err != nil {
				return "", fmt.Errorf("%d:%v", i+1, err)
			}
			if done {
				lines[i] = out
				continue
			}
		}
		trimmed := strings.TrimSpace(line)
		if !strings.HasPrefix(trimmed, "import ") && !strings.HasPrefix(trimmed, "from ") {
			continue
		}
		re := importRegexps()
		if m := re.importRe.FindStringSubmatch(line); m != nil {
			out, err := importStmt(m[2])
			if err != nil {
				return "", fmt.Errorf("%d:%d: %v", i+1, len(m[1])+1, err)
			}
			lines[i] = m[1] + out + strings.TrimSpace(m[3])
			continue
		}
		if m := re.fromRe.FindStringSubmatch(line); m != nil {
			list := m[3]
			// A parenthesised list may run over several lines.
			if strings.HasPrefix(list, "(") && !strings.Contains(list, ")") {
				for j := i + 1; j < len(lines); j++ {
					more := lines[j]
					if k := strings.Index(more, "#"); k >= 0 {
						more = more[:k]
					}
					list += " " + strings.TrimSpace(more)
					lines[j] = ""
					if strings.Contains(more, ")") {
						break
					}
				}
			}
			out, err := fromStmt(m[2], list, names)
			if err != nil {
				return "", fmt.Errorf("%d:%d: %v", i+1, len(m[1])+1, err)
			}
			lines[i] = m[1] + out
		}
	}
	return strings.Join(lines, "\n"), nil
}

// importSegments rewrites the import statements of a line that holds more
// than one statement: simple statements after ';' (x = 1; import os) or a
// one-line compound statement's body (if a: import os). done is false for
// a line that is one statement, which the caller rewrites as a whole; an
// error is "COL: message".
func importSegments(line string, names ModuleNames) (out string, done bool, err error) {
	toks := tokenize(line)
	var cuts []int // where each statement after the first begins
	depth := 0
	header := len(toks) > 0 && toks[0].kind == tokName && compoundKeyword(toks[0].text)
	for _, t := range toks {
		switch {
		case t.kind == tokOp && strings.Contains("([{", t.text):
			depth++
		case t.kind == tokOp && strings.Contains(")]}", t.text):
			depth--
		case depth == 0 && t.kind == tokOp && t.text == ";":
			cuts = append(cuts, t.end)
		case depth == 0 && header && t.kind == tokOp && t.text == ":":
			cuts = append(cuts, t.end)
			header = false
		}
	}
	if len(cuts) == 0 {
		return line, false, nil
	}
	re := importRegexps()
	var b strings.Builder
	start := 0
	for _, end := range append(cuts, len(line)) {
		seg := line[start:end]
		body := strings.TrimRight(seg, "; \t")
		lead := body[:len(body)-len(strings.TrimLeft(body, " \t"))]
		stmt, sep := body[len(lead):], seg[len(body):]
		col := start + len(lead) + 1
		switch {
		case strings.HasPrefix(stmt, "import "):
			m := re.importRe.FindStringSubmatch(stmt)
			if m == nil {
				return "", false, fmt.Errorf("%d: invalid syntax in import", col)
			}
			if stmt, err = importStmt(m[2]); err != nil {
				return "", false, fmt.Errorf("%d: %v", col, err)
			}
			stmt += m[4]
		case strings.HasPrefix(stmt, "from "):
			m := re.fromRe.FindStringSubmatch(stmt)
			if m == nil {
				return "", false, fmt.Errorf("%d: invalid syntax in import", col)
			}
			comment := m[4]
			if stmt, err = fromStmt(m[2], m[3], names); err != nil {
				return "", false, fmt.Errorf("%d: %v", col, err)
			}
			stmt += comment
		}
		b.WriteString(lead + stmt + sep)
		start = end
	}
	return b.String(), true, nil
}

// compoundKeyword names the statements whose body may follow their colon
// on the same line.
func compoundKeyword(w string) bool {
	switch w {
	case "if", "elif", "else", "for", "while", "with", "try", "except", "finally", "def", "class":
		return true
	}
	return false
}

func importStmt(list string) (string, error) {
	var targets, values []string
	for _, part := range strings.Split(list, ",") {
		m := importRegexps().asRe.FindStringSubmatch(strings.TrimSpace(part))
		if m == nil {
			return "", fmt.Errorf("invalid syntax in import")
		}
		module, alias := m[1], m[2]
		if alias == "" {
			// import os.path binds os, as Python does.
			alias, _, _ = strings.Cut(module, ".")
			module = alias
		}
		targets = append(targets, alias)
		values = append(values, fmt.Sprintf("__import__(%q)", module))
	}
	return strings.Join(targets, ", ") + " = " + strings.Join(values, ", "), nil
}

func fromStmt(module, list string, names ModuleNames) (string, error) {
	list = strings.TrimSpace(list)
	if list == "*" {
		all, ok := names(module)
		if !ok {
			return "", fmt.Errorf("ModuleNotFoundError: No module named '%s'", module)
		}
		var public []string
		for _, n := range all {
			if !strings.HasPrefix(n, "_") {
				public = append(public, n)
			}
		}
		return bindFrom(module, public, public), nil
	}
	list = strings.TrimSuffix(strings.TrimPrefix(list, "("), ")")
	var targets, attrs []string
	for _, part := range strings.Split(list, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		m := importRegexps().asRe.FindStringSubmatch(part)
		if m == nil || strings.Contains(m[1], ".") {
			return "", fmt.Errorf("invalid syntax in import")
		}
		alias := m[2]
		if alias == "" {
			alias = m[1]
		}
		targets = append(targets, alias)
		attrs = append(attrs, m[1])
	}
	if len(targets) == 0 {
		return "", fmt.Errorf("invalid syntax in import")
	}
	return bindFrom(module, targets, attrs), nil
}

func bindFrom(module string, targets, attrs []string) string {
	// One string of names: a call takes at most 255 arguments.
	return fmt.Sprintf("[%s] = __import_from__(%q, %q)", strings.Join(targets, ", "), module, strings.Join(attrs, " "))
}
