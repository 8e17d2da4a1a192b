package stdlib

import (
	_ "embed"
	"strings"
)

// Reference is MODULES.md: every module's reference, made from the doc
// comments of their packages (stdlib's TestReference keeps it current).
//
//go:embed MODULES.md
var Reference string

// ReferenceHeader opens MODULES.md.
const ReferenceHeader = `# sockstar's modules

Every module a script can import, with what it has and where it differs from
CPython: the doc comment of each module's package, gathered by
` + "`go test ./stdlib -run TestReference -update`" + ` (the test fails when this file is out of
date). ` + "`sockstar doc MODULE[.NAME]`" + ` and ` + "`help()`" + ` in a script print the same.
`

// Doc is the reference of a module ("socket"), or the lines of it that name
// a member ("socket.create_connection", "socket.recv"), and whether there
// is one.
func Doc(name string) (string, bool) {
	module, member, _ := strings.Cut(name, ".")
	if module == "concurrent" && strings.HasPrefix(member, "futures") {
		module, member = "concurrent.futures", strings.TrimPrefix(strings.TrimPrefix(member, "futures"), ".")
	}
	if module == "_thread" {
		module = "threading"
	}
	section, ok := moduleSection(module)
	if !ok || member == "" {
		return section, ok
	}
	// The member's lines: those that name it as a call or an attribute, and
	// the lines that continue them (indented further).
	var out []string
	lines := strings.Split(section, "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if !names(line, member) {
			continue
		}
		out = append(out, line)
		indent := len(line) - len(strings.TrimLeft(line, " "))
		for i+1 < len(lines) && len(lines[i+1])-len(strings.TrimLeft(lines[i+1], " ")) > indent && strings.TrimSpace(lines[i+1]) != "" {
			i++
			out = append(out, lines[i])
		}
	}
	if len(out) == 0 {
		return "", false
	}
	return strings.Join(out, "\n") + "\n", true
}

// names reports whether a reference line names member: "member(",
// ".member(", ".member" or "member " at a word's start.
func names(line, member string) bool {
	for i := 0; ; {
		k := strings.Index(line[i:], member)
		if k < 0 {
			return false
		}
		k += i
		end := k + len(member)
		before := k == 0 || !isWord(line[k-1])
		after := end == len(line) || !isWord(line[end])
		if before && after {
			return true
		}
		i = end
	}
}

func isWord(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// moduleSection is a module's part of the reference.
func moduleSection(module string) (string, bool) {
	head := "\n## " + module + "\n"
	i := strings.Index(Reference, head)
	if i < 0 {
		return "", false
	}
	rest := Reference[i+len(head):]
	if j := strings.Index(rest, "\n## "); j >= 0 {
		rest = rest[:j+1]
	}
	return strings.TrimLeft(rest, "\n"), true
}
