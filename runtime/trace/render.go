package trace

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"sockstar/runtime/lazy"
	"sockstar/runtime/minijson"
)

// Formats are the renderings, by file extension.
var Formats = []string{".txt", ".jsonl", ".mmd", ".html"}

// Render writes events in the format its extension names (see Formats).
// title names the run (a scenario's name, a script's path).
func Render(w io.Writer, ext, title string, events []Event) error {
	switch ext {
	case ".txt":
		return Text(w, events)
	case ".jsonl":
		return JSONLines(w, events)
	case ".mmd":
		return Mermaid(w, events)
	case ".html":
		return HTML(w, title, events)
	}
	return fmt.Errorf("unknown trace format %q (want one of %s)", ext, strings.Join(Formats, ", "))
}

// CheckPath reports a trace path whose extension names no format.
func CheckPath(path string) error {
	ext := filepath.Ext(path)
	for _, f := range Formats {
		if ext == f {
			return nil
		}
	}
	return fmt.Errorf("%s: unknown trace format %q (want one of %s)", path, ext, strings.Join(Formats, ", "))
}

// JSONLines writes one JSON object per event; Data is base64 (JSON's []byte).
// The lines are json.Encoder's, written without encoding/json (it would
// weigh on the browser's module).
func JSONLines(w io.Writer, events []Event) error {
	o := minijson.Object{HTML: true}
	for i := range events {
		o.B = events[i].appendJSON(o.B[:0], &o)
		o.B = append(o.B, '\n')
		if _, err := w.Write(o.B); err != nil {
			return err
		}
	}
	return nil
}

// appendJSON appends e as encoding/json marshals it (its fields' tags).
func (e *Event) appendJSON(b []byte, o *minijson.Object) []byte {
	o.B = b
	o.Open()
	o.Int("seq", int64(e.Seq), false)
	o.Int("t_us", e.T, false)
	o.String("role", e.Role, false)
	o.String("host", e.Host, true)
	o.String("thread", e.Thread, false)
	o.String("kind", e.Kind, false)
	o.String("call", e.Call, true)
	o.String("args", e.Args, true)
	o.String("result", e.Result, true)
	o.String("exc", e.Exc, true)
	o.Int("errno", int64(e.Errno), true)
	o.String("msg", e.Msg, true)
	o.Int("bytes", int64(e.N), true)
	o.Bytes("data", e.Data, true)
	o.Bool("truncated", e.Trunc, true)
	o.String("file", e.File, true)
	o.Int("line", int64(e.Line), true)
	o.Int("fd", int64(e.FD), true)
	o.String("proto", e.Proto, true)
	o.String("local", e.Local, true)
	o.String("peer", e.Peer, true)
	o.String("klocal", e.KLocal, true)
	o.String("kpeer", e.KPeer, true)
	o.Int("dur_us", e.Dur, true)
	o.Int("tcp_seq", e.TCPSeq, true)
	o.String("tcp_flags", e.TCPFlags, true)
	o.Close()
	return o.B
}

// peers maps each kernel address to the role that owns it, so that an
// event's peer address names the other role.
func peers(events []Event) map[string]string {
	owner := map[string]string{}
	for _, e := range events {
		if e.KLocal != "" && e.Kind == "call" {
			owner[e.KLocal] = e.Role
		}
	}
	return owner
}

// roleOrder lists the roles in the order they started.
func roleOrder(events []Event) []string {
	var roles []string
	seen := map[string]bool{}
	for _, e := range events {
		if !seen[e.Role] {
			seen[e.Role] = true
			roles = append(roles, e.Role)
		}
	}
	return roles
}

// fdPattern is compiled on first use: start-up time counts, and most runs
// render nothing.
var fdPattern = lazy.Value[*regexp.Regexp]{Make: func() *regexp.Regexp { return regexp.MustCompile(`<socket fd=-?\d+>`) }}

// stable drops what differs between two runs that did the same thing:
// descriptor numbers.
func stable(s string) string { return fdPattern.Get().ReplaceAllString(s, "<socket>") }

// quoteData is data as Python prints bytes, cut to a line's worth.
func quoteData(e Event) string {
	const max = 60
	d := e.Data
	cut := e.Trunc
	if len(d) > max {
		d, cut = d[:max], true
	}
	s := QuoteBytes(string(d))
	if cut {
		s += "..."
	}
	return s
}

// QuoteBytes is repr(b) as CPython prints bytes: b'...' with its escapes.
// The runtime's repr uses it too (a trace cannot import the runtime).
func QuoteBytes(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 3)
	b.WriteString("b")
	b.WriteByte(quote)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == quote || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// Summary is one line saying what an event did, without times or
// descriptors: "sendall b'hi' (2 bytes) -> server".
func Summary(e Event, owner map[string]string) string {
	var s string
	switch e.Kind {
	case "start":
		return "start " + e.Args
	case "end":
		s = "end, exit status " + e.Result
		if e.Exc != "" {
			s += " (" + e.Exc + ")"
		}
		return s
	case "print":
		return "print " + quoteStr(e.Msg)
	case "thread-start":
		return "thread " + e.Args + " starts"
	case "thread-end":
		return "thread ends"
	case "fault":
		return "fault: " + e.Msg
	}
	s = e.Call + "(" + stable(e.Args) + ")"
	if e.Exc == "" && (e.Data != nil || isData(e.Call)) {
		s = e.Call + " " + quoteData(e) + fmt.Sprintf(" (%d bytes)", e.N)
		if peer := owner[e.KPeer]; peer != "" && peer != e.Role {
			if isSend(e.Call) {
				s += " -> " + peer
			} else {
				s += " <- " + peer
			}
		}
	} else if e.Result != "" {
		s += " -> " + stable(e.Result)
	}
	if (e.Call == "connect" || e.Call == "connect_ex" || e.Call == "create_connection") && e.Exc == "" {
		if peer := owner[e.KPeer]; peer != "" && peer != e.Role {
			s += " to " + peer
		}
	}
	if e.Exc != "" {
		s += " raised " + e.Exc
		if e.Msg != "" {
			s += ": " + e.Msg
		}
	}
	return s
}

// quoteStr is s in double quotes with JSON's escapes, but < > & kept.
func quoteStr(s string) string {
	return string(minijson.AppendString(nil, s, false))
}

func isSend(call string) bool { return call == "send" || call == "sendall" || call == "sendto" }
func isRecv(call string) bool { return call == "recv" || call == "recvfrom" }
func isData(call string) bool { return isSend(call) || isRecv(call) }

// Text writes the plain-text flow: one line per event, grouped by role
// (in the order they started) and thread, with nothing that changes
// between two runs that did the same thing, so it can be a golden file.
func Text(w io.Writer, events []Event) error {
	owner := peers(events)
	type key struct{ role, thread string }
	var order []key
	groups := map[key][]Event{}
	for _, e := range events {
		thread := e.Thread
		if e.Kind == "start" || e.Kind == "end" {
			thread = "MainThread"
		}
		k := key{e.Role, thread}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], e)
	}
	rank := map[string]int{}
	for i, r := range roleOrder(events) {
		rank[r] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].role != order[j].role {
			return rank[order[i].role] < rank[order[j].role]
		}
		return order[i].thread == "MainThread" && order[j].thread != "MainThread"
	})
	for _, k := range order {
		for _, e := range groups[k] {
			where := ""
			if e.File != "" {
				where = fmt.Sprintf("  %s:%d", filepath.Base(e.File), e.Line)
			}
			label := "[" + e.Role + "]"
			if k.thread != "MainThread" {
				label = "[" + e.Role + " " + k.thread + "]"
			}
			if _, err := fmt.Fprintf(w, "%s %s%s\n", label, Summary(e, owner), where); err != nil {
				return err
			}
		}
	}
	return nil
}

// Mermaid writes a sequenceDiagram: a participant per role, an arrow per
// connection, message and close between roles, a note per exception.
func Mermaid(w io.Writer, events []Event) error {
	owner := peers(events)
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	for _, r := range roleOrder(events) {
		fmt.Fprintf(&b, "    participant %s\n", mermaidName(r))
	}
	for _, e := range events {
		if e.Kind == "fault" {
			fmt.Fprintf(&b, "    Note over %s: %s\n", mermaidName(e.Role), mermaidText(e.Msg))
			continue
		}
		if e.Kind != "call" {
			continue
		}
		peer := owner[e.KPeer]
		from, to := mermaidName(e.Role), mermaidName(peer)
		switch {
		case e.Exc != "":
			fmt.Fprintf(&b, "    Note over %s: %s raised %s\n", from, e.Call, mermaidText(e.Exc+" "+e.Msg))
		case peer == "" || peer == e.Role:
		case e.Call == "connect" || e.Call == "create_connection" || (e.Call == "connect_ex" && e.Result == "0"):
			fmt.Fprintf(&b, "    %s->>%s: connect\n", from, to)
		case isSend(e.Call):
			fmt.Fprintf(&b, "    %s->>%s: %s (%d)\n", from, to, mermaidText(quoteData(e)), e.N)
		case e.Call == "shutdown":
			fmt.Fprintf(&b, "    %s-->>%s: shutdown(%s)\n", from, to, e.Args)
		case e.Call == "close":
			fmt.Fprintf(&b, "    %s-->>%s: close\n", from, to)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mermaidName(role string) string {
	if role == "" {
		return "unknown"
	}
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == ':' || r == ';' {
			return '_'
		}
		return r
	}, role)
}

// mermaidText keeps a message from ending the line or the arrow early.
func mermaidText(s string) string {
	return strings.NewReplacer(";", "#59;", "#", "#35;", "\n", " ").Replace(s)
}
