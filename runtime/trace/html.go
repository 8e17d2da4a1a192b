package trace

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// HTML writes one self-contained page (inline CSS and a little script,
// nothing fetched) holding an SVG sequence diagram of the run: a lifeline
// per role (per thread, for a role with several threads making socket
// calls), time flowing down, an arrow for each connection set-up, each
// send to the recv that read its bytes, each datagram, each half-close,
// close and reset, slanted from the send's time to the receive's, so
// messages that cross show crossing. Exceptions and printed lines are
// notes on the lifelines; hovering anything shows the call, its bytes (as
// text and hex), errno and the script's line. Long idle gaps are cut short
// with a marked break, and runs of six or more connections that do the
// same thing are folded (with the whole diagram one click away). The page
// is the same for the same events.
func HTML(w io.Writer, title string, events []Event) error {
	m := newModel(events)
	full := m.layout("full", make([]bool, len(events)), nil)
	var folded *view
	if hidden, folds := m.folds(); len(folds) > 0 {
		folded = m.layout("folded", hidden, folds)
	}
	var b strings.Builder
	writePage(&b, m, title, full, folded)
	_, err := io.WriteString(w, b.String())
	return err
}

// Sizes, in pixels.
const (
	laneW    = 184.0 // between two lifelines
	axisW    = 86.0  // the time axis on the left
	headH    = 50.0  // the lane headers
	topPad   = 24.0  // between the headers and the first row
	rowMin   = 18.0  // between two rows, however close in time
	rowLog   = 5.5   // and per doubling of the time between them
	rowUnit  = 25.0  // µs: the gap that counts as one doubling
	breakH   = 40.0  // a cut idle gap
	bandH    = 46.0  // a fold band
	bottom   = 40.0  // below the last row
	charW    = 6.6   // an 11px monospace character, roughly
	noteMax  = 25    // characters of a note that fit beside its lifeline
	labelMax = 16    // characters of data an arrow's label shows
)

// breakGap is the idle time (µs) past which the diagram cuts the gap.
const breakGap = 25_000

// paletteSize is how many colours tell connections apart.
const paletteSize = 8

func palette(i int) string {
	switch i % paletteSize {
	case 0:
		return "#1c6dd0"
	case 1:
		return "#2b8a3e"
	case 2:
		return "#9c36b5"
	case 3:
		return "#0b7285"
	case 4:
		return "#b35c1e"
	case 5:
		return "#c2255c"
	case 6:
		return "#5c940d"
	}
	return "#4c3dbd"
}

// roleTint is the header colour of a role's lanes.
func roleTint(rank int) string {
	tints := [...]string{"#e7f0fd", "#fdf0e2", "#e6f6ea", "#f6e8fa", "#e3f5f7", "#fbe9ef"}
	return tints[rank%len(tints)]
}

// view is one laid-out diagram: everything, or with runs folded.
type view struct {
	m      *model
	name   string
	hidden []bool
	folds  []*fold
	order  []int     // the visible lanes, left to right
	x      []float64 // each lane's lifeline, -1 when hidden
	rows   []row
	breaks []gapCut
	bands  map[int64]bool
	other  *view // the unfolded view, where a fold band's click leads
	width  float64
	height float64
}

type row struct {
	t int64
	y float64
}

type gapCut struct {
	y0, y1 float64
	gap    int64
}

// sendTime is when a message leaves: the start of the call that sent it.
func sendTime(e *Event) int64 { return e.T }

// doneTime is when a call returned: a receive has its bytes then.
func doneTime(e *Event) int64 { return e.T + e.Dur }

func (v *view) visible(g *msg) bool {
	return !v.hidden[g.from] && (g.to < 0 || !v.hidden[g.to])
}

// layout places the visible lanes and maps time to height: each moment
// something is drawn at gets a row, rows close in time sit close, far
// ones farther (by the log of the gap), and gaps past breakGap are cut.
func (m *model) layout(name string, hidden []bool, folds []*fold) *view {
	v := &view{m: m, name: name, hidden: hidden, folds: folds, bands: map[int64]bool{}}
	used := make([]bool, len(m.lanes))
	for i := range m.ev {
		if !hidden[i] {
			used[m.laneOf[i]] = true
		}
	}
	for _, g := range m.msgs {
		if v.visible(g) && g.to < 0 && g.toLane >= 0 {
			used[g.toLane] = true
		}
	}
	v.x = make([]float64, len(m.lanes))
	for _, l := range m.orderLanes() {
		v.x[l] = -1
		if used[l] || m.lanes[l].main {
			v.x[l] = axisW + laneW*float64(len(v.order)) + laneW/2
			v.order = append(v.order, l)
		}
	}
	// Room on the right for the notes of the last lane.
	v.width = axisW + laneW*float64(len(v.order)) + noteMax*charW - laneW/2 + 20
	if len(folds) > 0 {
		v.width = max(v.width, axisW+laneW*3.5) // room for a band's text
	}

	var times []int64
	for _, g := range m.msgs {
		if !v.visible(g) {
			continue
		}
		times = append(times, sendTime(&m.ev[g.from]))
		if g.to >= 0 {
			times = append(times, doneTime(&m.ev[g.to]))
		}
		for _, r := range g.more {
			times = append(times, doneTime(&m.ev[r]))
		}
	}
	for i := range m.ev {
		if !hidden[i] && m.noteKind(i) != "" {
			times = append(times, noteTime(&m.ev[i]))
		}
	}
	for _, f := range folds {
		times = append(times, f.at)
		v.bands[f.at] = true
	}
	sort.Slice(times, func(a, b int) bool { return times[a] < times[b] })
	y := headH + topPad
	for k, t := range times {
		if k > 0 && t == times[k-1] {
			continue
		}
		if n := len(v.rows); n > 0 {
			prev := v.rows[n-1]
			if v.bands[prev.t] {
				y += bandH
			}
			gap := t - prev.t
			if gap > breakGap {
				v.breaks = append(v.breaks, gapCut{y, y + breakH, gap})
				y += breakH
			} else {
				y += rowMin + rowLog*math.Log2(1+float64(gap)/rowUnit)
			}
		}
		v.rows = append(v.rows, row{t, y})
	}
	if n := len(v.rows); n > 0 && v.bands[v.rows[n-1].t] {
		y += bandH
	}
	v.height = y + bottom
	if v.height > 900 {
		v.height += headH // the headers again at the bottom
	}
	return v
}

// y is the height of a moment: its row's, or between the rows around it.
func (v *view) y(t int64) float64 {
	rs := v.rows
	if len(rs) == 0 {
		return headH + topPad
	}
	k := sort.Search(len(rs), func(i int) bool { return rs[i].t >= t })
	switch {
	case k == len(rs):
		return rs[k-1].y
	case rs[k].t == t || k == 0:
		return rs[k].y
	}
	a, b := rs[k-1], rs[k]
	y0 := a.y
	if v.bands[a.t] {
		y0 += bandH
	}
	return y0 + (b.y-y0)*float64(t-a.t)/float64(b.t-a.t)
}

// noteTime is when a note stands: when its call returned.
func noteTime(e *Event) int64 {
	if e.Kind == "call" {
		return doneTime(e)
	}
	return e.T
}

// noteKind says how an event shows on its lifeline, other than by an
// arrow: "" for a small tick only.
func (m *model) noteKind(i int) string {
	e := &m.ev[i]
	switch e.Kind {
	case "print":
		return "print"
	case "start":
		return "start"
	case "end":
		return "end"
	case "fault":
		return "fault"
	case "call":
	default:
		return ""
	}
	switch {
	case e.Exc == "SystemExit" || e.Exc == "KeyboardInterrupt":
		return "stopped"
	case e.Exc == "BlockingIOError" || e.Errno == 11 || e.Errno == 115:
		return "wouldblock"
	case e.Exc == "ConnectionRefusedError" || e.Errno == 111 || e.Call == "connect_ex" && e.Result == "111":
		return "refused"
	case e.Exc == "TimeoutError" || e.Exc == "timeout" || e.Errno == 110 || e.Call == "connect_ex" && e.Result == "110":
		return "timeout"
	case e.Exc != "":
		return "error"
	case e.Call == "connect_ex" && e.Result != "0":
		return "error"
	case m.arrowEnd[i]:
		return ""
	case e.Call == "bind" || e.Call == "listen":
		return "label"
	case e.Call == "close":
		return "label"
	case isRecv(e.Call) && isStream(e) && e.N == 0:
		return "label" // end of file no close of the run explains
	case isRecv(e.Call):
		return "label" // bytes from outside the run
	}
	return ""
}

// num formats a coordinate: one decimal, none when it is whole.
func num(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}

// esc makes text safe in an element or a quoted attribute, and valid XML:
// control characters and bytes that are not UTF-8 (which range reads as
// utf8.RuneError) become U+FFFD.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&#39;")
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0xfffe || r == 0xffff:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// oneLine is text for a label: one line, each run of spaces one space (as
// SVG shows it anyway, so that its width can be told).
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cut shortens text to about n columns (wide characters count two).
func cut(s string, n int) string {
	w := 0
	for i, r := range s {
		w += runeWidth(r)
		if w > n {
			return s[:i] + "…"
		}
	}
	return s
}

func runeWidth(r rune) int {
	if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 || r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f || r >= 0xff00 && r <= 0xff60 || r >= 0xffe0 && r <= 0xffe6 || r >= 0x1f300 && r <= 0x1faff || r >= 0x20000) {
		return 2
	}
	return 1
}

func textWidth(s string) float64 {
	w := 0
	for _, r := range s {
		w += runeWidth(r)
	}
	return float64(w) * charW
}

// fmtTime is a time since the start of the run, for people.
func fmtTime(us int64) string {
	switch {
	case us < 0:
		return "-" + fmtTime(-us)
	case us < 1000:
		return fmt.Sprintf("%d µs", us)
	case us < 1_000_000:
		return fmt.Sprintf("%.3f ms", float64(us)/1e3)
	}
	return fmt.Sprintf("%.6f s", float64(us)/1e6)
}

// fmtGap is a length of time, short.
func fmtGap(us int64) string {
	switch {
	case us < 1000:
		return fmt.Sprintf("%d µs", us)
	case us < 1_000_000:
		return fmt.Sprintf("%.1f ms", float64(us)/1e3)
	}
	return fmt.Sprintf("%.2f s", float64(us)/1e6)
}

// errnoName names the errno values socket programs meet.
func errnoName(n int) string {
	switch n {
	case 4:
		return "EINTR"
	case 9:
		return "EBADF"
	case 11:
		return "EAGAIN"
	case 22:
		return "EINVAL"
	case 32:
		return "EPIPE"
	case 88:
		return "ENOTSOCK"
	case 98:
		return "EADDRINUSE"
	case 99:
		return "EADDRNOTAVAIL"
	case 101:
		return "ENETUNREACH"
	case 103:
		return "ECONNABORTED"
	case 104:
		return "ECONNRESET"
	case 106:
		return "EISCONN"
	case 107:
		return "ENOTCONN"
	case 110:
		return "ETIMEDOUT"
	case 111:
		return "ECONNREFUSED"
	case 113:
		return "EHOSTUNREACH"
	case 114:
		return "EALREADY"
	case 115:
		return "EINPROGRESS"
	}
	return ""
}

// where is the script line and the lane of an event.
func (m *model) where(i int) string {
	e := &m.ev[i]
	s := "[" + e.Role
	if e.Thread != "" && e.Thread != "MainThread" {
		s += ", " + e.Thread
	}
	s += "]"
	if e.File != "" {
		s = fmt.Sprintf("%s:%d  %s", filepath.Base(e.File), e.Line, s)
	}
	return s
}

// callText is a call as the script made it, with what it gave back.
func callText(e *Event) string {
	s := e.Call + "(" + stable(e.Args) + ")"
	switch {
	case e.Exc != "":
		s += " raised " + e.Exc
		if e.Msg != "" {
			s += ": " + e.Msg
		}
	case isRecv(e.Call):
		s += " -> " + quoteData(*e)
		if e.Peer != "" && e.Proto == "udp" {
			s += " from " + e.Peer
		}
	case isSend(e.Call):
		s += fmt.Sprintf(" -> %d", e.N)
	case e.Result != "":
		s += " -> " + stable(e.Result)
	}
	return s
}

// eventTip is the tooltip line for one event: the call, where and when.
func (m *model) eventTip(i int) string {
	e := &m.ev[i]
	var s string
	switch e.Kind {
	case "print":
		s = "print: " + e.Msg
	case "start":
		s = "start " + e.Args
	case "end":
		s = "end, exit status " + e.Result
		if e.Exc != "" {
			s += " (" + e.Exc
			if e.Msg != "" {
				s += ": " + e.Msg
			}
			s += ")"
		}
	case "call":
		s = callText(e)
	case "fault":
		s = "fault: " + e.Msg
		if e.Args != "" {
			s += " (" + e.Args + ")" // why a packet was lost
		}
	default:
		s = e.Kind + " " + e.Args
	}
	s += "\n  " + m.where(i) + "  at " + fmtTime(e.T)
	if e.Dur > 0 {
		s += " (took " + fmtGap(e.Dur) + ")"
	}
	if e.Errno != 0 {
		s += fmt.Sprintf("\n  errno %d", e.Errno)
		if n := errnoName(e.Errno); n != "" {
			s += " (" + n + ")"
		}
	}
	return s
}

// bytesTip is data as text and as hex, at most 256 bytes of it.
func bytesTip(e *Event) string {
	if len(e.Data) == 0 {
		return ""
	}
	d := e.Data
	const shown = 256
	more := e.N - len(d)
	if len(d) > shown {
		more += len(d) - shown
		d = d[:shown]
	}
	var b strings.Builder
	b.WriteString("\ntext: ")
	b.WriteString(QuoteBytes(string(d)))
	for k := 0; k < len(d); k += 16 {
		row := make([]string, 0, 16)
		for _, c := range d[k:min(k+16, len(d))] {
			row = append(row, fmt.Sprintf("%02x", c))
		}
		lead := "\n      "
		if k == 0 {
			lead = "\nhex:  "
		}
		b.WriteString(lead + strings.Join(row, " "))
	}
	if more > 0 {
		fmt.Fprintf(&b, "\n… %d more bytes not shown", more)
	}
	return b.String()
}

// msgTip is an arrow's tooltip: what was sent, where it went, the bytes.
func (m *model) msgTip(g *msg) string {
	from := &m.ev[g.from]
	var b strings.Builder
	switch g.kind {
	case msgConnect:
		fmt.Fprintf(&b, "connection #%d set up", g.conn)
	case msgData:
		fmt.Fprintf(&b, "%d bytes on connection #%d (stream bytes %d–%d)", sentBytes(from), g.conn, g.off, g.off+sentBytes(from)-1)
	case msgDgram:
		fmt.Fprintf(&b, "datagram of %d bytes", from.N)
	case msgFin:
		fmt.Fprintf(&b, "connection #%d: %s, the peer reads end of file", g.conn, from.Call)
	case msgRst:
		fmt.Fprintf(&b, "connection #%d reset: closed here, the peer's call failed", g.conn)
	}
	if from.Local != "" || from.Peer != "" {
		fmt.Fprintf(&b, "\n%s → %s", orQ(from.Local), orQ(from.Peer))
	}
	b.WriteString("\nsent:  " + m.eventTip(g.from))
	switch {
	case g.to >= 0:
		b.WriteString("\ngot:   " + m.eventTip(g.to))
		if d := doneTime(&m.ev[g.to]) - sendTime(from); d >= 0 {
			b.WriteString("\n  " + fmtGap(d) + " after it was sent")
		}
	case g.toLane >= 0:
		if g.kind == msgConnect {
			b.WriteString("\nno accept in the run took it")
		} else if g.kind != msgFin {
			b.WriteString("\nno call of the run read it (the peer ended first, or read through makefile)")
		} else {
			b.WriteString("\nthe peer never read the end of file")
		}
	default:
		b.WriteString("\nthe peer is not part of the run")
	}
	for _, r := range g.more {
		b.WriteString("\nand:   " + m.eventTip(r))
	}
	if g.kind == msgData || g.kind == msgDgram {
		b.WriteString(bytesTip(from))
	}
	return b.String()
}

func orQ(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

// msgLabel is the text on an arrow.
func (m *model) msgLabel(g *msg) string {
	e := &m.ev[g.from]
	switch g.kind {
	case msgConnect:
		return fmt.Sprintf("connect #%d", g.conn)
	case msgData, msgDgram:
		d := e.Data
		cutd := e.Trunc
		if len(d) > labelMax {
			d, cutd = d[:labelMax], true
		}
		s := QuoteBytes(string(d))
		if cutd {
			s += "…"
		}
		return fmt.Sprintf("%s (%d)", s, sentBytes(e))
	case msgFin:
		if e.Call == "shutdown" {
			return "shutdown(" + e.Args + ")"
		}
		return "close"
	}
	return "RST"
}

func msgClass(k msgKind) string {
	switch k {
	case msgConnect:
		return "connect"
	case msgData:
		return "data"
	case msgDgram:
		return "dgram"
	case msgFin:
		return "fin"
	}
	return "rst"
}

// svg collects one view's markup.
type svg struct {
	strings.Builder
}

func (s *svg) f(format string, args ...any) { fmt.Fprintf(s, format, args...) }

// draw writes the view's <svg>.
func (v *view) draw(s *svg) {
	m := v.m
	reached, messages := 0, 0
	for _, g := range m.msgs {
		if (g.kind == msgData || g.kind == msgDgram) && v.visible(g) {
			messages++
			if g.to >= 0 {
				reached++
			}
		}
	}
	folded := 0
	for _, f := range v.folds {
		folded += f.msgs
	}
	s.f(`<svg xmlns="http://www.w3.org/2000/svg" id="v-%s" class="diagram" width="%s" height="%s" viewBox="0 0 %s %s" data-lanes="%d" data-arrows="%d" data-folded-messages="%d">`+"\n",
		v.name, num(v.width), num(v.height), num(v.width), num(v.height), len(v.order), reached, folded)
	v.drawAxis(s)
	v.drawLanes(s)
	v.drawCuts(s)
	v.drawWaits(s)
	v.drawTicks(s)
	s.f("<g class=\"msgs\">\n")
	for _, g := range m.msgs {
		if v.visible(g) {
			v.drawMsg(s, g)
		}
	}
	s.f("</g>\n")
	// A band covers what runs behind it, as a fold of paper would.
	v.drawBands(s)
	s.f("<g class=\"notes\">\n")
	for i := range m.ev {
		if !v.hidden[i] {
			v.drawNote(s, i)
		}
	}
	s.f("</g>\n</svg>\n")
}

func (v *view) drawAxis(s *svg) {
	s.f("<g class=\"axis\">\n")
	last := -100.0
	for _, r := range v.rows {
		if r.y-last < 18 {
			continue
		}
		last = r.y
		s.f(`<text x="%s" y="%s">%s</text>`+"\n", num(axisW-10), num(r.y+4), esc(fmtTime(r.t)))
	}
	s.f("</g>\n")
}

// drawLanes draws each lane's header and lifeline: faint all along, solid
// while the lane is alive (from its first event to its last).
func (v *view) drawLanes(s *svg) {
	m := v.m
	first := make([]int64, len(m.lanes))
	last := make([]int64, len(m.lanes))
	seen := make([]bool, len(m.lanes))
	for i := range m.ev {
		if v.hidden[i] {
			continue
		}
		l, e := m.laneOf[i], &m.ev[i]
		if !seen[l] {
			seen[l], first[l], last[l] = true, e.T, doneTime(e)
		}
		first[l], last[l] = min(first[l], e.T), max(last[l], doneTime(e))
	}
	s.f("<g class=\"lanes\">\n")
	for _, l := range v.order {
		ln, x := m.lanes[l], v.x[l]
		name, sub := ln.role, ln.thread
		if ln.main {
			sub = ln.args
			if m.hasThreadLanes(ln.role) {
				sub = "MainThread"
			}
		}
		tip := "role " + ln.role
		if ln.thread != "" {
			tip += ", thread " + ln.thread
		}
		if ln.args != "" {
			tip += "\nstarted as: " + ln.args
		}
		s.f(`<g class="lane" data-role="%s" data-thread="%s"><title>%s</title>`+"\n", esc(ln.role), esc(ln.thread), esc(tip))
		s.f(`<line class="life" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", num(x), num(headH), num(x), num(v.height-bottom/2))
		if seen[l] {
			s.f(`<line class="alive" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", num(x), num(v.y(first[l])), num(x), num(v.y(last[l])))
		}
		v.header(s, x, 6, ln.rank, name, sub)
		if v.height > 900+headH {
			v.header(s, x, v.height-headH-6+12, ln.rank, name, sub)
		}
		s.f("</g>\n")
	}
	s.f("</g>\n")
}

func (v *view) header(s *svg, x, y float64, rank int, name, sub string) {
	w := laneW - 22
	s.f(`<rect class="head" x="%s" y="%s" width="%s" height="%s" rx="5" fill="%s"/>`+"\n", num(x-w/2), num(y), num(w), num(headH-14), roleTint(rank))
	if sub == "" {
		s.f(`<text class="role" x="%s" y="%s">%s</text>`+"\n", num(x), num(y+22), esc(cut(oneLine(name), 22)))
		return
	}
	s.f(`<text class="role" x="%s" y="%s">%s</text>`+"\n", num(x), num(y+15), esc(cut(oneLine(name), 22)))
	s.f(`<text class="sub" x="%s" y="%s">%s</text>`+"\n", num(x), num(y+29), esc(cut(oneLine(sub), 26)))
}

func (m *model) hasThreadLanes(role string) bool {
	for _, ln := range m.lanes {
		if ln.role == role && !ln.main {
			return true
		}
	}
	return false
}

// drawCuts marks each cut gap: the lifelines stop, a zig-zag runs across.
func (v *view) drawCuts(s *svg) {
	if len(v.breaks) == 0 {
		return
	}
	s.f("<g class=\"cuts\">\n")
	for _, c := range v.breaks {
		y0, y1 := c.y0+rowMin/2+2, c.y1-rowMin/2+6
		s.f(`<g class="cut"><title>%s with nothing drawn: cut short</title>`, esc(fmtGap(c.gap)))
		s.f(`<rect x="%s" y="%s" width="%s" height="%s"/>`, num(axisW-4), num(y0), num(v.width-axisW), num(y1-y0))
		for _, yy := range []float64{y0, y1} {
			var pts []string
			for x, k := axisW-4, 0; x <= v.width; x, k = x+8, k+1 {
				dy := 0.0
				if k%2 == 1 {
					dy = 4
				}
				pts = append(pts, num(x)+","+num(yy-2+dy))
			}
			s.f(`<polyline points="%s"/>`, strings.Join(pts, " "))
		}
		s.f(`<text x="%s" y="%s">⋯ %s</text></g>`+"\n", num(axisW-10), num((y0+y1)/2+4), esc(fmtGap(c.gap)))
	}
	s.f("</g>\n")
}

// drawBands draws the fold bands, each over the lanes of its run.
func (v *view) drawBands(s *svg) {
	if len(v.folds) == 0 {
		return
	}
	m := v.m
	s.f("<g class=\"bands\">\n")
	for k, f := range v.folds {
		x0, x1 := v.width, 0.0
		for _, l := range f.lanes {
			if x := v.x[l]; x >= 0 {
				x0, x1 = min(x0, x), max(x1, x)
			}
		}
		if x1 < x0 {
			x0, x1 = axisW+laneW/2, axisW+laneW/2
		}
		x0, x1 = x0-laneW/2+8, x1+laneW/2-8
		y := v.y(f.at) + 6
		var tip strings.Builder
		fmt.Fprintf(&tip, "%d connections like #%d, folded:", len(f.conns), f.like)
		for n, id := range f.conns {
			if n == 40 {
				fmt.Fprintf(&tip, "\n… and %d more", len(f.conns)-n)
				break
			}
			c := m.conns[id-1]
			fmt.Fprintf(&tip, "\n#%d at %s", id, fmtTime(c.first))
			if c.up[0] >= 0 && m.ev[c.up[0]].Local != "" {
				fmt.Fprintf(&tip, " from %s", m.ev[c.up[0]].Local)
			}
		}
		tip.WriteString("\nclick to unfold")
		ids := fmt.Sprintf("#%d–#%d", f.conns[0], f.conns[len(f.conns)-1])
		text := fmt.Sprintf("⋮ %d more connections like #%d (%s)", len(f.conns), f.like, ids)
		more := fmt.Sprintf("%s, %d bytes", plural(f.msgs, "message"), f.bytes)
		if f.prints > 0 {
			more += ", " + plural(f.prints, "printed line")
		}
		more += " · click to unfold"
		if need := max(textWidth(text), textWidth(more)*10/11) + 30; x1-x0 < need {
			x0, x1 = max(4, (x0+x1-need)/2), min(v.width-4, (x0+x1+need)/2)
		}
		fullY := y
		if v.other != nil {
			fullY = v.other.y(f.at)
		}
		s.f(`<g class="band" data-fold="%d" data-connections="%d" data-messages="%d" data-full-y="%s"><title>%s</title>`, k, len(f.conns), f.msgs, num(fullY), esc(tip.String()))
		s.f(`<rect x="%s" y="%s" width="%s" height="%s" rx="6"/>`, num(x0), num(y), num(x1-x0), num(bandH-12))
		s.f(`<text x="%s" y="%s">%s</text>`, num((x0+x1)/2), num(y+14), esc(cut(text, int((x1-x0)/charW))))
		s.f(`<text class="hint" x="%s" y="%s">%s</text></g>`+"\n", num((x0+x1)/2), num(y+28), esc(cut(more, int((x1-x0)/charW))))
	}
	s.f("</g>\n")
}

// drawWaits shows the time a call blocked, as a bar on its lifeline.
func (v *view) drawWaits(s *svg) {
	m := v.m
	s.f("<g class=\"waits\">\n")
	for i := range m.ev {
		e := &m.ev[i]
		if v.hidden[i] || e.Kind != "call" || e.Dur <= 0 {
			continue
		}
		y0, y1 := v.y(e.T), v.y(doneTime(e))
		if y1-y0 < 6 {
			continue
		}
		x := v.x[m.laneOf[i]]
		s.f(`<rect class="wait" x="%s" y="%s" width="6" height="%s"><title>%s waited %s</title></rect>`+"\n", num(x-3), num(y0), num(y1-y0), esc(e.Call), esc(fmtGap(e.Dur)))
	}
	s.f("</g>\n")
}

// drawTicks marks the other calls with a dot where they happened.
func (v *view) drawTicks(s *svg) {
	m := v.m
	s.f("<g class=\"ticks\">\n")
	for i := range m.ev {
		e := &m.ev[i]
		if v.hidden[i] || e.Kind == "print" || e.Kind == "start" || e.Kind == "end" || m.arrowEnd[i] || m.noteKind(i) != "" {
			continue
		}
		s.f(`<g class="tick" data-tip="1"><title>%s</title><circle cx="%s" cy="%s" r="2.5"/></g>`+"\n", esc(m.eventTip(i)), num(v.x[m.laneOf[i]]), num(v.y(e.T)))
	}
	s.f("</g>\n")
}

// drawMsg draws one arrow, slanted from when it was sent to when it was got.
func (v *view) drawMsg(s *svg, g *msg) {
	m := v.m
	from := &m.ev[g.from]
	x1, y1 := v.x[m.laneOf[g.from]], v.y(sendTime(from))
	x2, y2 := 0.0, y1
	class := "msg " + msgClass(g.kind)
	end := "head"
	switch {
	case g.to >= 0:
		x2, y2 = v.x[m.laneOf[g.to]], max(y1, v.y(doneTime(&m.ev[g.to])))
	case g.toLane >= 0 && v.x[g.toLane] >= 0 && g.kind == msgFin:
		// A close the peer never read as end of file: it still went there.
		x2 = v.x[g.toLane]
	case g.toLane >= 0 && v.x[g.toLane] >= 0:
		x2 = v.x[g.toLane]
		class, end = "msg lost "+msgClass(g.kind), "cross"
	default:
		x2 = x1 + laneW*0.4
		if x1+laneW > v.width {
			x2 = x1 - laneW*0.4
		}
		class, end = "msg outside "+msgClass(g.kind), "open"
	}
	color := palette(g.color)
	if g.kind == msgRst {
		color = "#e03131"
	}
	attrs := fmt.Sprintf(`data-from="%d"`, from.Seq)
	if g.to >= 0 {
		attrs += fmt.Sprintf(` data-to="%d"`, m.ev[g.to].Seq)
	}
	if g.conn > 0 {
		attrs += fmt.Sprintf(` data-conn="%d"`, g.conn)
	}
	s.f(`<g class="%s" %s data-tip="1" style="--c:%s"><title>%s</title>`, class, attrs, color, esc(m.msgTip(g)))
	var path string
	var tx, ty, ux, uy float64 // the tip and the direction it points
	label := cut(oneLine(m.msgLabel(g)), labelMax+12)
	lx, ly, anchor, rot := x1+6, y1-4, "start", 0.0
	if x1 == x2 {
		// To itself: out to the right and back.
		y2 = max(y2, y1+12)
		path = fmt.Sprintf("M%s %sH%sV%sH%s", num(x1), num(y1), num(x1+30), num(y2), num(x1+4))
		tx, ty, ux, uy = x1+4, y2, -1, 0
		lx, ly = x1+34, y1+4
	} else {
		dir := 1.0
		if x2 < x1 {
			dir = -1
		}
		x2 -= dir * 2
		path = fmt.Sprintf("M%s %sL%s %s", num(x1), num(y1), num(x2), num(y2))
		// The label sits above the arrow's middle, where it is clear of the
		// rows of both ends.
		// The label runs along the arrow, above it, unless the arrow is too
		// steep to read along.
		// Nearer the sender than the middle (the arrows of several sends
		// that one recv read part there), but between the two lifelines.
		at := 0.4
		if lo := (textWidth(label)/2 + 6) / math.Abs(x2-x1); lo >= 0.5 {
			at = 0.5
		} else {
			at = min(max(at, lo), 1-lo)
		}
		lx, ly, anchor = x1+(x2-x1)*at, y1+(y2-y1)*at, "middle"
		if a := math.Atan2(y2-y1, math.Abs(x2-x1)) * 180 / math.Pi; a <= 50 {
			rot = a * dir
		} else {
			lx, anchor = lx+5, "start"
		}

		d := math.Hypot(x2-x1, y2-y1)
		tx, ty, ux, uy = x2, y2, (x2-x1)/d, (y2-y1)/d
	}
	s.f(`<path class="hit" d="%s"/><path class="shaft" d="%s"/>`, path, path)
	switch end {
	case "head":
		px, py := -uy, ux
		a := fmt.Sprintf("%s,%s %s,%s %s,%s", num(tx-9*ux+4*px), num(ty-9*uy+4*py), num(tx), num(ty), num(tx-9*ux-4*px), num(ty-9*uy-4*py))
		if g.kind == msgConnect || g.kind == msgFin {
			s.f(`<polyline class="tip open" points="%s"/>`, a)
		} else {
			s.f(`<polygon class="tip" points="%s"/>`, a)
		}
	case "cross":
		s.f(`<path class="tip cross" d="M%s %sl8 8m0 -8l-8 8"/>`, num(tx-4), num(ty-4))
	case "open":
		s.f(`<circle class="tip open" cx="%s" cy="%s" r="3.5"/>`, num(tx), num(ty))
	}
	if rot != 0 {
		s.f(`<text class="label" transform="translate(%s %s) rotate(%s)" y="-4" text-anchor="%s">%s</text>`, num(lx), num(ly), num(rot), anchor, esc(label))
	} else {
		s.f(`<text class="label" x="%s" y="%s" text-anchor="%s">%s</text>`, num(lx), num(ly-4), anchor, esc(label))
	}
	// The rest of its bytes: read by later recvs, a dotted line down the
	// receiving lifeline.
	for _, r := range g.more {
		xr, yr := v.x[m.laneOf[r]], v.y(doneTime(&m.ev[r]))
		off := 5.0
		if x1 > xr {
			off = -5
		}
		s.f(`<path class="more" d="M%s %sL%s %s"/><circle class="more-end" cx="%s" cy="%s" r="2"/>`, num(tx-off), num(ty), num(xr-off), num(yr), num(xr-off), num(yr))
	}
	s.f("</g>\n")
}

// drawNote draws what an event is when it is more than an arrow's end: an
// exception, a printed line, a role's start and end, a bind or a close.
func (v *view) drawNote(s *svg, i int) {
	m := v.m
	e := &m.ev[i]
	kind := m.noteKind(i)
	if kind == "" {
		return
	}
	x, y := v.x[m.laneOf[i]], v.y(noteTime(e))
	var text string
	switch kind {
	case "print":
		text = e.Msg
	case "start":
		text = "start " + e.Args
	case "end":
		text = "exit " + e.Result
		if e.Exc != "" {
			text += " " + e.Exc
		}
		if e.Result != "0" && e.Result != "" {
			kind = "end bad"
		}
	case "fault":
		text = e.Msg
	case "label":
		text = e.Call + "(" + stable(e.Args) + ")"
		if isRecv(e.Call) {
			text = e.Call + " " + quoteData(*e)
		}
	default:
		text = e.Call + ": " + e.Exc
		if e.Exc == "" {
			text = e.Call + " -> " + e.Result
			if n, err := strconv.Atoi(e.Result); err == nil && errnoName(n) != "" {
				text += " " + errnoName(n)
			}
		}
	}
	text = cut(oneLine(text), noteMax)
	s.f(`<g class="note %s" data-tip="1"><title>%s</title>`, kind, esc(m.eventTip(i)))
	tx := x + 9
	switch kind {
	case "print":
		w := textWidth(text) + 10
		s.f(`<rect x="%s" y="%s" width="%s" height="15" rx="3"/>`, num(tx-4), num(y-8), num(w))
	case "start":
		s.f(`<circle cx="%s" cy="%s" r="4"/>`, num(x), num(y))
	case "end", "end bad":
		s.f(`<path d="M%s %sh20"/>`, num(x-10), num(y))
	case "refused":
		s.f(`<circle cx="%s" cy="%s" r="6"/><path d="M%s %sl8 -8"/>`, num(x), num(y), num(x-4), num(y+4))
	case "timeout":
		s.f(`<circle cx="%s" cy="%s" r="6"/><path d="M%s %sv-4m0 4h3"/>`, num(x), num(y), num(x), num(y))
	case "label":
		s.f(`<path d="M%s %sh8"/>`, num(x-4), num(y))
	case "fault":
		if e.Call == "lost" {
			s.f(`<path d="M%s %sl8 8m0 -8l-8 8"/>`, num(x-4), num(y-4)) // a cross: the packet went nowhere
		} else {
			s.f(`<path class="dash" d="M%s %sh14"/>`, num(x-7), num(y))
		}
	default: // error, stopped, wouldblock
		s.f(`<path d="M%s %sl6 6l-6 6l-6 -6z"/>`, num(x), num(y-6))
	}
	if kind == "start" && !m.restart(i) {
		text = "" // the header names it already
	}
	if text != "" {
		s.f(`<text x="%s" y="%s">%s</text>`, num(tx), num(y+4), esc(text))
	}
	s.f("</g>\n")
}

// restart reports a role's start that is not its first (a file of several
// scenarios run one after the other).
func (m *model) restart(i int) bool {
	for k := 0; k < i; k++ {
		if m.ev[k].Kind == "start" && m.ev[k].Role == m.ev[i].Role {
			return true
		}
	}
	return false
}
