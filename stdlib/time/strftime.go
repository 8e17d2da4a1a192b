package pytime

import (
	"fmt"
	"strconv"
	"strings"
)

func isLeap(year int) bool {
	return year%4 == 0 && (year%100 != 0 || year%400 == 0)
}

// isoWeekDays counts the days from the Monday of ISO week 1 of the year
// whose day yday (0-based) falls on weekday wday (0 = Sunday).
func isoWeekDays(yday, wday int) int {
	const bigMultipleOf7 = (366/7 + 2) * 7
	// Week 1 holds the year's first Thursday (weekday 4).
	return yday - (yday-wday+4+bigMultipleOf7)%7 + 4 - 1
}

// isoWeek is the ISO 8601 year and week of t, for %G, %g and %V.
func (t tm) isoWeek() (year, week int) {
	year = t.year
	days := isoWeekDays(t.yday, t.wday)
	if days < 0 {
		year--
		days = isoWeekDays(t.yday+365+boolInt(isLeap(year)), t.wday)
	} else if d := isoWeekDays(t.yday-365-boolInt(isLeap(year)), t.wday); d >= 0 {
		year++
		days = d
	}
	return year, days/7 + 1
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// format is glibc's strftime in the C locale, including its flags
// (- _ 0 ^ #), field widths and the E and O modifiers (ignored).
func (t tm) format(f string) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		start := i
		i++
		var flag byte
		for i < len(f) && strings.IndexByte("-_0^#", f[i]) >= 0 {
			flag = f[i]
			i++
		}
		width := 0
		for i < len(f) && f[i] >= '0' && f[i] <= '9' {
			width = width*10 + int(f[i]-'0')
			i++
		}
		for i < len(f) && (f[i] == 'E' || f[i] == 'O') {
			i++
		}
		if i >= len(f) {
			// A lone % at the end is kept as written, padded to its width.
			b.WriteString(padLeft(f[start:], width))
			break
		}
		s, numeric, pad, ok := t.conv(f[i])
		if !ok {
			b.WriteString(padLeft(f[start:i+1], width))
			continue
		}
		b.WriteString(applyFlags(s, numeric, pad, flag, width))
	}
	return b.String()
}

// applyFlags pads or reshapes one conversion; pad is its default padding
// character and the default width is len(s).
func applyFlags(s string, numeric bool, pad, flag byte, width int) string {
	switch flag {
	case '^':
		s = strings.ToUpper(s)
	case '#':
		if strings.ToUpper(s) == s {
			s = strings.ToLower(s)
		} else {
			s = strings.ToUpper(s)
		}
	}
	if numeric && pad != 0 {
		trimmed := strings.TrimLeft(s, string(pad))
		if trimmed == "" {
			trimmed = "0"
		}
		switch flag {
		case '-':
			return trimmed
		case '_':
			s = strings.Repeat(" ", len(s)-len(trimmed)) + trimmed
			pad = ' '
		case '0':
			s = strings.Repeat("0", len(s)-len(trimmed)) + trimmed
			pad = '0'
		}
	}
	if len(s) < width {
		p := " "
		if numeric && flag != '_' {
			p = "0"
		}
		s = strings.Repeat(p, width-len(s)) + s
	}
	return s
}

func padLeft(s string, width int) string {
	if len(s) >= width {
		return s
	}
	return strings.Repeat(" ", width-len(s)) + s
}

func num(n, width int) string { return fmt.Sprintf("%0*d", width, n) }

// conv is one conversion: its text, whether it is a number, its padding.
func (t tm) conv(c byte) (s string, numeric bool, pad byte, ok bool) {
	hour12 := t.hour % 12
	if hour12 == 0 {
		hour12 = 12
	}
	switch c {
	case '%':
		return "%", false, 0, true
	case 'n':
		return "\n", false, 0, true
	case 't':
		return "\t", false, 0, true
	case 'a':
		return dayNames[t.wday%7][:3], false, 0, true
	case 'A':
		return dayNames[t.wday%7], false, 0, true
	case 'b', 'h':
		return monthNames[t.mon][:3], false, 0, true
	case 'B':
		return monthNames[t.mon], false, 0, true
	case 'c':
		return t.format("%a %b %e %H:%M:%S %Y"), false, 0, true
	case 'C':
		return strconv.Itoa(floorDiv(t.year, 100)), true, 0, true
	case 'd':
		return num(t.mday, 2), true, '0', true
	case 'D', 'x':
		return t.format("%m/%d/%y"), false, 0, true
	case 'e':
		return fmt.Sprintf("%2d", t.mday), true, ' ', true
	case 'F':
		return t.format("%Y-%m-%d"), false, 0, true
	case 'G':
		y, _ := t.isoWeek()
		return strconv.Itoa(y), true, 0, true
	case 'g':
		y, _ := t.isoWeek()
		return num((y%100+100)%100, 2), true, '0', true
	case 'H':
		return num(t.hour, 2), true, '0', true
	case 'I':
		return num(hour12, 2), true, '0', true
	case 'j':
		return num(t.yday+1, 3), true, '0', true
	case 'k':
		return fmt.Sprintf("%2d", t.hour), true, ' ', true
	case 'l':
		return fmt.Sprintf("%2d", hour12), true, ' ', true
	case 'm':
		return num(t.mon+1, 2), true, '0', true
	case 'M':
		return num(t.min, 2), true, '0', true
	case 'p':
		if t.hour >= 12 {
			return "PM", false, 0, true
		}
		return "AM", false, 0, true
	case 'P':
		if t.hour >= 12 {
			return "pm", false, 0, true
		}
		return "am", false, 0, true
	case 'r':
		return t.format("%I:%M:%S %p"), false, 0, true
	case 'R':
		return t.format("%H:%M"), false, 0, true
	case 's':
		return strconv.FormatInt(t.unix(), 10), true, 0, true
	case 'S':
		return num(t.sec, 2), true, '0', true
	case 'T', 'X':
		return t.format("%H:%M:%S"), false, 0, true
	case 'u':
		return strconv.Itoa((t.wday+6)%7 + 1), true, 0, true
	case 'U':
		return num((t.yday+7-t.wday)/7, 2), true, '0', true
	case 'V':
		_, w := t.isoWeek()
		return num(w, 2), true, '0', true
	case 'w':
		return strconv.Itoa(t.wday), true, 0, true
	case 'W':
		return num((t.yday+7-(t.wday+6)%7)/7, 2), true, '0', true
	case 'y':
		return num((t.year%100+100)%100, 2), true, '0', true
	case 'Y':
		return strconv.Itoa(t.year), true, 0, true
	case 'z':
		if t.isdst < 0 {
			return "", false, 0, true
		}
		off, sign := t.gmtoff, '+'
		if off < 0 {
			off, sign = -off, '-'
		}
		return fmt.Sprintf("%c%02d%02d", sign, off/3600, off/60%60), false, 0, true
	case 'Z':
		if t.hasZone {
			return t.zone, false, 0, true
		}
		if t.isdst < 0 {
			return "", false, 0, true
		}
		std, dst, _, _ := zoneInfo()
		if t.isdst > 0 {
			return dst, false, 0, true
		}
		return std, false, 0, true
	}
	return "", false, 0, false
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
