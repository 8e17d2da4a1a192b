package py

import (
	"errors"
	"fmt"
	"strings"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
)

// FormatTraceback renders a stack and an exception the way CPython prints an
// uncaught one: "Traceback (most recent call last):", a File line and the
// source line for each script frame, then "Class: message".
func FormatTraceback(p *host.Process, stack starlark.CallStack, exc *Exception) string {
	var b strings.Builder
	frames := 0
	for _, fr := range stack {
		if fr.Pos.Filename() == "<builtin>" || fr.Pos.Line == 0 {
			continue
		}
		if frames == 0 {
			b.WriteString("Traceback (most recent call last):\n")
		}
		frames++
		name := fr.Name
		if name == "<toplevel>" {
			name = "<module>"
		}
		fmt.Fprintf(&b, "  File \"%s\", line %d, in %s\n", fr.Pos.Filename(), fr.Pos.Line, name)
		if lines := p.Sources[fr.Pos.Filename()]; int(fr.Pos.Line) <= len(lines) {
			if src := strings.TrimSpace(lines[fr.Pos.Line-1]); src != "" {
				fmt.Fprintf(&b, "    %s\n", src)
			}
		}
	}
	b.WriteString(exc.Error())
	b.WriteByte('\n')
	return b.String()
}

// Traceback is the full report of an error that ended a script.
func Traceback(p *host.Process, err error) string {
	exc := AsException(err)
	var evalErr *starlark.EvalError
	if errors.As(err, &evalErr) {
		return FormatTraceback(p, evalErr.CallStack, exc)
	}
	return exc.Error() + "\n"
}
