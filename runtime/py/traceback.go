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
// source line for each script frame, then "Class: message"; before it, the
// exceptions it was raised from or while handling, as CPython chains them.
func FormatTraceback(p *host.Process, stack starlark.CallStack, exc *Exception) string {
	var b strings.Builder
	writeChain(&b, p, exc, exc.tracebackAt(stack, 0), 0)
	return b.String()
}

// FormatException is the report of an exception that was caught: its
// traceback from the frame that caught it down.
func FormatException(p *host.Process, exc *Exception) string {
	var b strings.Builder
	writeChain(&b, p, exc, exc.TB, 0)
	return b.String()
}

func writeChain(b *strings.Builder, p *host.Process, exc *Exception, frames []Frame, depth int) {
	if depth < 100 {
		switch {
		case exc.Cause != nil:
			writeChain(b, p, exc.Cause, exc.Cause.TB, depth+1)
			b.WriteString("\nThe above exception was the direct cause of the following exception:\n\n")
		case exc.Context != nil && !exc.SuppressContext:
			writeChain(b, p, exc.Context, exc.Context.TB, depth+1)
			b.WriteString("\nDuring handling of the above exception, another exception occurred:\n\n")
		}
	}
	if len(frames) > 0 {
		b.WriteString("Traceback (most recent call last):\n")
	}
	// As CPython: a frame repeated more than three times in a row (deep
	// recursion) is printed three times, then counted.
	const shown = 3
	for i := 0; i < len(frames); {
		fr := frames[i]
		n := 1
		for i+n < len(frames) && frames[i+n] == fr {
			n++
		}
		for k := 0; k < min(n, shown); k++ {
			fmt.Fprintf(b, "  File \"%s\", line %d, in %s\n", fr.File, fr.Line, fr.Name)
			if lines := p.Sources[fr.File]; int(fr.Line) <= len(lines) {
				if src := strings.TrimSpace(lines[fr.Line-1]); src != "" {
					fmt.Fprintf(b, "    %s\n", src)
				}
			}
		}
		if n > shown {
			more := n - shown
			word := "times"
			if more == 1 {
				word = "time"
			}
			fmt.Fprintf(b, "  [Previous line repeated %d more %s]\n", more, word)
		}
		i += n
	}
	b.WriteString(exc.Error())
	b.WriteByte('\n')
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
