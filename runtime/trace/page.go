package trace

import (
	"fmt"
	"strings"
)

// The page around the diagrams: a header with what the run did, the
// switches, the legend; the diagrams; a box that keeps the details of what
// was clicked. It is well-formed XML as well as HTML (the script is CDATA),
// so that tests can read it with encoding/xml.

const pageCSS = `
body { font: 14px/1.4 system-ui, "DejaVu Sans", sans-serif; margin: 0; color: #1d2330; background: #fafbfc; }
header { padding: 10px 20px 8px; border-bottom: 1px solid #e3e6ea; background: #fff; }
h1 { font-size: 17px; margin: 0 0 2px; }
.summary { color: #5b6573; margin: 0 0 4px; }
.controls { font-size: 13px; }
.controls label { margin-right: 14px; cursor: pointer; }
.legend { display: flex; flex-wrap: wrap; gap: 3px 16px; font-size: 12px; color: #374151; margin-top: 5px; }
.legend span { display: inline-flex; align-items: center; gap: 5px; }
main { padding: 8px 12px 120px; }
.wrap { overflow-x: auto; }
#w-full.alt { display: none; }
body:has(#fold:not(:checked)) #w-full.alt { display: block; }
body:has(#fold:not(:checked)) #w-folded { display: none; }
svg.diagram { font: 11px "DejaVu Sans Mono", Menlo, Consolas, monospace; display: block; }
svg.diagram text { fill: #1d2330; }
.axis text { text-anchor: end; fill: #8a94a3; font-size: 10px; }
.life { stroke: #d5dae1; stroke-width: 1; stroke-dasharray: 3 4; }
.alive { stroke: #8792a2; stroke-width: 1.6; }
.head { stroke: #b8c2cf; }
svg text.role { font: bold 13px system-ui, "DejaVu Sans", sans-serif; text-anchor: middle; }
svg text.sub { font-size: 10.5px; text-anchor: middle; fill: #5b6573; }
.cut rect { fill: #fafbfc; }
.cut polyline { fill: none; stroke: #9aa4b1; stroke-width: 1.2; }
svg .cut text { text-anchor: end; fill: #6b7280; font-style: italic; }
.band { cursor: pointer; }
.band rect { fill: #fff7d6; stroke: #d9b940; stroke-dasharray: 5 3; }
svg .band text { text-anchor: middle; fill: #6b5500; }
svg .band text.hint { font-size: 10px; fill: #9a8433; }
.wait { fill: #e9edf2; stroke: #c5ccd6; stroke-width: 0.6; }
.tick circle { fill: #aab3bf; }
.msg .shaft { fill: none; stroke: var(--c); stroke-width: 1.6; }
.msg .hit { fill: none; stroke: transparent; stroke-width: 10; pointer-events: stroke; }
.msg .tip { fill: var(--c); stroke: var(--c); stroke-width: 1.2; }
.msg .tip.open { fill: none; }
.msg .tip.cross { fill: none; stroke-width: 1.8; }
svg .msg text.label { fill: var(--c); paint-order: stroke; stroke: #fafbfc; stroke-width: 3px; stroke-linejoin: round; }
.msg.connect .shaft { stroke-width: 1.1; }
.msg.fin .shaft { stroke-dasharray: 6 3; stroke-width: 1.2; }
.msg.rst .shaft { stroke-width: 2; stroke-dasharray: 2 2; }
.msg.lost .shaft, .msg.outside .shaft { stroke-dasharray: 1 3; }
.msg .more { fill: none; stroke: var(--c); stroke-width: 1.3; stroke-dasharray: 1 3; }
.msg .more-end { fill: var(--c); }
.msg:hover .shaft, .msg.sel .shaft { stroke-width: 3; }
svg .note text { paint-order: stroke; stroke: #fafbfc; stroke-width: 3px; stroke-linejoin: round; }
.note.print rect { fill: #f1f3f5; fill-opacity: 0.85; stroke: #d0d5dc; stroke-width: 0.6; }
svg .note.print text { fill: #495057; font-style: italic; stroke: none; }
.note.start circle { fill: #8792a2; }
.note.end path { stroke: #495057; stroke-width: 3; }
.note.end.bad path { stroke: #e03131; }
svg .note.end text { fill: #495057; }
svg .note.end.bad text, svg .note.error text, svg .note.refused text { fill: #c92a2a; }
.note.error path { fill: #e03131; }
.note.refused circle { fill: #fff; stroke: #e03131; stroke-width: 2; }
.note.refused path { stroke: #e03131; stroke-width: 2; }
.note.timeout circle { fill: #fff; stroke: #e67700; stroke-width: 2; }
.note.timeout path { fill: none; stroke: #e67700; stroke-width: 1.6; }
svg .note.timeout text { fill: #b35c00; }
.note.stopped path { fill: #868e96; }
svg .note.stopped text, svg .note.wouldblock text, svg .note.label text { fill: #6b7280; }
.note.wouldblock path { fill: #fff; stroke: #868e96; }
.note.fault path { fill: none; stroke: #e03131; stroke-width: 2; }
.note.fault path.dash { stroke-dasharray: 3 2; }
svg .note.fault text { fill: #c92a2a; }
.note.label path { stroke: #868e96; stroke-width: 1.4; }
.note.sel text { text-decoration: underline; }
body:has(#show-prints:not(:checked)) .note.print { display: none; }
body:has(#show-ticks:not(:checked)) :is(.ticks, .waits) { display: none; }
#details { position: fixed; right: 12px; bottom: 12px; max-width: 52em; max-height: 42vh; overflow: auto; margin: 0; padding: 8px 10px; background: #fff; border: 1px solid #cfd5dd; border-radius: 6px; box-shadow: 0 2px 12px rgba(0, 0, 0, 0.1); font: 11.5px/1.35 "DejaVu Sans Mono", monospace; white-space: pre-wrap; }
`

// pageJS: the details box, a click on a fold band, and a count of the
// arrows on the body, which a headless browser's dump shows (the switches
// are CSS). No "<" or "&": the page stays well-formed XML.
const pageJS = `
(function () {
  var body = document.body;
  window.addEventListener('error', function (ev) { body.setAttribute('data-error', String(ev.message)); });
  var details = document.getElementById('details');
  var selected = null;
  document.addEventListener('click', function (ev) {
    var band = ev.target.closest('.band');
    if (band) {
      document.getElementById('fold').checked = false;
      var full = document.getElementById('v-full');
      window.scrollBy(0, full.getBoundingClientRect().top + Number(band.getAttribute('data-full-y')) - 160);
      return;
    }
    if (ev.target.closest('header')) { return; }
    var g = ev.target.closest('[data-tip]');
    if (selected) { selected.classList.remove('sel'); }
    selected = g;
    if (!g) { details.hidden = true; return; }
    g.classList.add('sel');
    details.textContent = g.querySelector('title').textContent;
    details.hidden = false;
    // In the playground the page is a frame: the page selects the line.
    var seq = g.getAttribute('data-from');
    if (seq) { if (window.parent !== window) { window.parent.postMessage({ sockstarSelect: seq }, '*'); } }
  });
  var arrows = document.querySelectorAll('#v-full .msg.data:not(.lost):not(.outside), #v-full .msg.dgram:not(.lost):not(.outside)');
  body.setAttribute('data-arrows', String(arrows.length));
})();
`

// legend shows each mark with what it means.
func legend(b *strings.Builder) {
	item := func(svg, text string) {
		fmt.Fprintf(b, `<span><svg width="34" height="14" viewBox="0 0 34 14">%s</svg>%s</span>`, svg, esc(text))
	}
	b.WriteString(`<div class="legend">`)
	item(`<path d="M2 3L28 11" stroke="#1c6dd0" stroke-width="1.6"/><polygon points="31,12 22,12 25,6" fill="#1c6dd0"/>`, "bytes sent → the recv that read them (a colour per connection)")
	item(`<path d="M2 3L28 11" stroke="#1c6dd0" stroke-width="1.1"/><polyline points="22,12 31,12 25,6" fill="none" stroke="#1c6dd0"/>`, "connect → accept")
	item(`<path d="M2 3L28 11" stroke="#1c6dd0" stroke-width="1.2" stroke-dasharray="6 3"/><polyline points="22,12 31,12 25,6" fill="none" stroke="#1c6dd0"/>`, "shutdown / close → end of file read")
	item(`<path d="M2 3L28 11" stroke="#e03131" stroke-width="2" stroke-dasharray="2 2"/><polygon points="31,12 22,12 25,6" fill="#e03131"/>`, "reset")
	item(`<path d="M2 7H26" stroke="#1c6dd0" stroke-dasharray="1 3" stroke-width="1.6"/><path d="M24 3l8 8m0 -8l-8 8" stroke="#1c6dd0" stroke-width="1.8"/>`, "never read")
	item(`<path d="M2 7H26" stroke="#1c6dd0" stroke-dasharray="1 3" stroke-width="1.6"/><circle cx="29" cy="7" r="3.5" fill="none" stroke="#1c6dd0"/>`, "to or from outside the run")
	item(`<path d="M17 1l6 6l-6 6l-6 -6z" fill="#e03131"/>`, "exception")
	item(`<circle cx="17" cy="7" r="5" fill="#fff" stroke="#e03131" stroke-width="2"/><path d="M13 11l8 -8" stroke="#e03131" stroke-width="2"/>`, "refused")
	item(`<circle cx="17" cy="7" r="5" fill="#fff" stroke="#e67700" stroke-width="2"/><path d="M17 7v-4m0 4h3" stroke="#e67700" fill="none"/>`, "timeout")
	item(`<rect x="2" y="2" width="30" height="10" rx="2" fill="#f1f3f5" stroke="#d0d5dc"/>`, "printed line")
	item(`<rect x="14" y="0" width="6" height="14" fill="#e9edf2" stroke="#c5ccd6"/>`, "blocked in a call")
	item(`<polyline points="0,5 4,9 8,5 12,9 16,5 20,9 24,5 28,9 32,5" fill="none" stroke="#9aa4b1"/>`, "idle time cut short")
	item(`<rect x="2" y="2" width="30" height="10" rx="3" fill="#fff7d6" stroke="#d9b940" stroke-dasharray="4 2"/>`, "alike connections folded")
	b.WriteString("</div>\n")
}

// writePage writes the whole page.
func writePage(b *strings.Builder, m *model, title string, full, folded *view) {
	if title == "" {
		title = "a run"
	}
	fmt.Fprintf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n", esc("sockstar: "+title), pageCSS)
	b.WriteString("<header>\n")
	fmt.Fprintf(b, "<h1>%s</h1>\n", esc(title))
	fmt.Fprintf(b, "<p class=\"summary\">%s</p>\n", esc(m.summary()))
	b.WriteString(`<div class="controls"><label><input type="checkbox" id="show-prints" checked="checked"/> printed lines</label>`)
	b.WriteString(`<label><input type="checkbox" id="show-ticks" checked="checked"/> other calls and waits</label>`)
	if folded != nil {
		b.WriteString(`<label><input type="checkbox" id="fold" checked="checked"/> fold alike connections</label>`)
	}
	b.WriteString("<span class=\"hint\">hover an arrow or a note for its call, bytes and line; click to keep it</span></div>\n")
	legend(b)
	b.WriteString("</header>\n<main>\n")
	if folded != nil {
		folded.other = full
		var s svg
		folded.draw(&s)
		fmt.Fprintf(b, "<div class=\"wrap\" id=\"w-folded\">\n%s</div>\n", s.String())
	}
	var s svg
	full.draw(&s)
	alt := ""
	if folded != nil {
		alt = ` class="wrap alt"`
	} else {
		alt = ` class="wrap"`
	}
	fmt.Fprintf(b, "<div%s id=\"w-full\">\n%s</div>\n", alt, s.String())
	b.WriteString("</main>\n<pre id=\"details\" hidden=\"hidden\"></pre>\n")
	fmt.Fprintf(b, "<script>//<![CDATA[%s//]]></script>\n</body>\n</html>\n", pageJS)
}

// summary says in a line what the run did.
func (m *model) summary() string {
	roles := len(roleOrder(m.ev))
	n, bytes, reached := 0, 0, 0
	for _, g := range m.msgs {
		if g.kind == msgData || g.kind == msgDgram {
			n++
			bytes += sentBytes(&m.ev[g.from])
			if g.to >= 0 {
				reached++
			}
		}
	}
	var end int64
	for i := range m.ev {
		end = max(end, doneTime(&m.ev[i]))
	}
	s := fmt.Sprintf("%s, %s, %s (%d bytes)", plural(roles, "role"), plural(len(m.conns), "connection"), plural(n, "message"), bytes)
	if reached != n {
		s += fmt.Sprintf(", %d read by a role of the run", reached)
	}
	return s + ", " + fmtGap(end)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
