package scenario

import (
	"sockstar/runtime/trace"

	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Check compares what each role did with what its scenario expects and
// fills in the roles' Failures. With update, golden files are rewritten
// with the output instead.
func Check(res *Result, update bool) {
	if res.Err != nil || res.Skipped != "" {
		return
	}
	if e := res.Scenario.Trace; e != nil {
		var flow strings.Builder
		trace.Text(&flow, res.Events)
		res.TraceFailure = checkStream(res.Scenario, "the run's", "trace", e, flow.String(), update)
	}
	for _, rr := range res.Roles {
		r := rr.Role
		var fails []string
		switch {
		case !rr.Started:
			fails = append(fails, "never started: "+orDefault(rr.Waiting, "the run stopped first"))
		case rr.Stopped != "" && !rr.Idle:
			msg := rr.Stopped
			if rr.Where != "" {
				msg += ", blocked at " + rr.Where
			}
			for _, at := range rr.Threads {
				msg += "; " + at
			}
			fails = append(fails, msg)
		case rr.Stopped == "" && !exitOK(r, rr.Exit):
			want := 0
			if r.Exit != nil {
				want = *r.Exit
			}
			msg := fmt.Sprintf("exit status %d, want %d", rr.Exit, want)
			if rr.Where != "" {
				msg += " (ended at " + rr.Where + ")"
			}
			if rr.Stderr != "" && r.Stderr == nil && !res.live {
				msg += "\nstderr:\n" + indent(tail(rr.Stderr, 20))
			}
			fails = append(fails, msg)
		}
		if rr.Started {
			if f := checkStream(res.Scenario, r.Name, "stdout", r.Stdout, rr.Stdout, update); f != "" {
				fails = append(fails, f)
			}
			if f := checkStream(res.Scenario, r.Name, "stderr", r.Stderr, rr.Stderr, update); f != "" {
				fails = append(fails, f)
			}
		}
		if len(fails) > 0 && r.Hint != "" {
			fails = append(fails, "hint: "+r.Hint)
		}
		rr.Failures = fails
	}
	// An exercise's hint is for its student, whichever role (a checker,
	// most often) the failure shows in.
	if res.Failed() {
		for _, rr := range res.Roles {
			if r := rr.Role; r.Hint != "" && len(rr.Failures) == 0 {
				rr.Failures = append(rr.Failures, "hint: "+r.Hint)
			}
		}
	}
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func indent(s string) string {
	s = strings.TrimRight(s, "\n")
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"..."}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// checkStream returns "" when got meets e, else what is wrong.
func checkStream(sc *Scenario, role, stream string, e *Expect, got string, update bool) string {
	if e == nil {
		return ""
	}
	label := role + " " + stream
	short := stream
	switch e.Kind {
	case "exact":
		if got != e.Text {
			return short + " differs:\n" + Diff(label+" (want)", label+" (got)", splitLines(e.Text), splitLines(got), nil) + newlineNote(e.Text, got)
		}
	case "golden":
		path := filepath.Join(sc.Dir, e.Text)
		if update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				return fmt.Sprintf("%s: cannot update %s: %v", short, path, err)
			}
			return ""
		}
		want, err := os.ReadFile(path)
		if err != nil {
			return fmt.Sprintf("%s: no golden file %s (sockstar test -update writes it)", short, path)
		}
		if got != string(want) {
			return short + " differs from " + path + ":\n" + Diff(path, label, splitLines(string(want)), splitLines(got), nil) + newlineNote(string(want), got)
		}
	case "lines":
		gotLines := splitLines(got)
		if !linesMatch(e.Items, gotLines) {
			return short + " differs:\n" + Diff(label+" (want)", label+" (got)", e.Items, gotLines, lineEqual)
		}
	case "contains":
		var missing []string
		for _, item := range e.Items {
			if !strings.Contains(got, item) {
				missing = append(missing, fmt.Sprintf("%q", item))
			}
		}
		if len(missing) > 0 {
			return fmt.Sprintf("%s does not contain %s; it was:\n%s", short, strings.Join(missing, ", "), indent(got))
		}
	case "match":
		if !regexp.MustCompile("(?m)" + e.Text).MatchString(got) {
			return fmt.Sprintf("%s does not match /%s/; it was:\n%s", short, e.Text, indent(got))
		}
	}
	return ""
}

// splitLines splits text into lines; a last line without its newline is
// kept and marked, so a missing final newline shows in a diff.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		if strings.HasSuffix(l, "\n") {
			lines[i] = l[:len(l)-1]
		} else {
			lines[i] = l + "\\ (no newline at end)"
		}
	}
	return lines
}

// lineEqual matches a lines() item against a line of output: "re:..." is a
// regexp for the whole line, anything else the exact line.
func lineEqual(want, got string) bool {
	if rest, ok := strings.CutPrefix(want, "re:"); ok {
		re, err := regexp.Compile("^(?:" + rest + ")$")
		return err == nil && re.MatchString(got)
	}
	return want == got
}

func linesMatch(want, got []string) bool {
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		if !lineEqual(want[i], got[i]) {
			return false
		}
	}
	return true
}

// Diff is a unified diff of two line lists (3 lines of context); eq, if
// set, says which lines count as equal.
func Diff(fromName, toName string, a, b []string, eq func(a, b string) bool) string {
	if eq == nil {
		eq = func(x, y string) bool { return x == y }
	}
	const maxLines = 4000
	if len(a) > maxLines || len(b) > maxLines {
		return fmt.Sprintf("--- %s\n+++ %s\n(%d and %d lines: too long to diff)\n", fromName, toName, len(a), len(b))
	}
	// lcs[i][j] is the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if eq(a[i], b[j]) {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		kind byte // ' ', '-', '+'
		text string
		ai   int
		bi   int
	}
	var ops []op
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && eq(a[i], b[j]):
			ops = append(ops, op{' ', b[j], i, j})
			i++
			j++
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', a[i], i, j})
			i++
		default:
			ops = append(ops, op{'+', b[j], i, j})
			j++
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", fromName, toName)
	const ctx = 3
	for k := 0; k < len(ops); {
		if ops[k].kind == ' ' {
			k++
			continue
		}
		// A hunk: from ctx lines before this change to ctx lines after the
		// last change that is within 2*ctx of the next.
		start := max(k-ctx, 0)
		end := k
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*ctx {
				end = min(end+ctx, len(ops))
				break
			}
			end = run
		}
		na, nb := 0, 0
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				na++
			}
			if o.kind != '-' {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", ops[start].ai+1, na, ops[start].bi+1, nb)
		for _, o := range ops[start:end] {
			fmt.Fprintf(&out, "%c%s\n", o.kind, o.text)
		}
		k = end
	}
	return out.String()
}

// newlineNote says in words when two texts differ only by a final newline,
// which a diff shows as little more than a mark.
func newlineNote(want, got string) string {
	switch {
	case want+"\n" == got:
		return "\n(the output ends with a newline the expectation does not have)"
	case got+"\n" == want:
		return "\n(the expectation ends with a newline the output does not have)"
	}
	return ""
}
