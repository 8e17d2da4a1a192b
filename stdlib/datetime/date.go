package datetime

import (
	"fmt"
	"math"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/py"
	pytime "sockstar/stdlib/time"
)

// Date is datetime.date: a valid day of years 1 to 9999.
type Date struct {
	year, month, day int
}

var (
	_ starlark.HasBinary  = Date{}
	_ starlark.Comparable = Date{}
	_ starlark.HasAttrs   = Date{}
	_ py.Formatter        = Date{}
)

func newDate(thread *starlark.Thread, cls *py.Class, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := parseArgs("function", pos, kwargs, 3, 3, "year", "month", "day")
	if err != nil {
		return nil, err
	}
	var f [3]int
	for i := range f {
		if f[i], err = cInt(a[i]); err != nil {
			return nil, err
		}
	}
	if err := checkDate(f[0], f[1], f[2]); err != nil {
		return nil, err
	}
	return Date{f[0], f[1], f[2]}, nil
}

func dateFromOrdinal(n int) (Date, error) {
	if n < 1 || n > maxOrdinal {
		return Date{}, py.Errorf(py.OverflowError, "date value out of range")
	}
	y, m, d := ordToYMD(n)
	return Date{y, m, d}, nil
}

func (d Date) ordinal() int { return ymdToOrd(d.year, d.month, d.day) }

func (d Date) isoformat() string { return fmt.Sprintf("%04d-%02d-%02d", d.year, d.month, d.day) }

func (d Date) String() string {
	return fmt.Sprintf("datetime.date(%d, %d, %d)", d.year, d.month, d.day)
}
func (d Date) PyRepr() string        { return d.String() }
func (d Date) PyStr() string         { return d.isoformat() }
func (d Date) Type() string          { return "datetime.date" }
func (d Date) Freeze()               {}
func (d Date) Truth() starlark.Bool  { return true }
func (d Date) PyClass() *py.Class    { return DateClass }
func (d Date) Hash() (uint32, error) { return uint32(d.ordinal()) * 2654435761, nil }

func (d Date) PyFormat(spec string) (string, error) {
	if spec == "" {
		return d.PyStr(), nil
	}
	return strftime(spec, d.timetuple(0, 0, 0), 0)
}

func (d Date) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return py.Threeway(op, cmpInts(d.ordinal(), y.(Date).ordinal())), nil
}

func cmpInts(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Binary is date + timedelta (its whole days), date - timedelta and
// date - date.
func (d Date) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch other := y.(type) {
	case Timedelta:
		switch {
		case op == syntax.PLUS:
			return dateFromOrdinal(d.ordinal() + int(other.days))
		case op == syntax.MINUS && side == starlark.Left:
			return dateFromOrdinal(d.ordinal() - int(other.days))
		}
	case Date:
		if op == syntax.MINUS {
			a, b := d.ordinal(), other.ordinal()
			if side == starlark.Right {
				a, b = b, a
			}
			return Timedelta{days: int64(a - b)}, nil
		}
	}
	return nil, nil
}

// timetuple is the 9-tuple time.strftime reads, with tm_isdst -1.
func (d Date) timetuple(h, mi, s int) starlark.Tuple {
	return starlark.Tuple{
		starlark.MakeInt(d.year), starlark.MakeInt(d.month), starlark.MakeInt(d.day),
		starlark.MakeInt(h), starlark.MakeInt(mi), starlark.MakeInt(s),
		starlark.MakeInt(weekday(d.year, d.month, d.day)), starlark.MakeInt(dayOfYear(d.year, d.month, d.day)),
		starlark.MakeInt(-1),
	}
}

// structTime is timetuple() as a script sees it: a time.struct_time.
func structTime(thread *starlark.Thread, t starlark.Tuple) (starlark.Value, error) {
	return starlark.Call(thread, pytime.StructTimeClass, starlark.Tuple{t}, nil)
}

// ctime is "Tue Jan  2 03:04:05 2024".
func ctime(d Date, h, mi, s int) string {
	days := [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	months := [13]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	return fmt.Sprintf("%s %s %2d %02d:%02d:%02d %04d", days[weekday(d.year, d.month, d.day)], months[d.month], d.day, h, mi, s, d.year)
}

// strftime is CPython's wrap_strftime: %f becomes the microseconds, %z and
// %Z nothing (a naive value has no zone), and the rest goes to
// time.strftime with the value's time tuple.
func strftime(format string, tuple starlark.Tuple, us int) (string, error) {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 >= len(format) {
			b.WriteByte(c)
			continue
		}
		i++
		switch format[i] {
		case 'z', 'Z':
		case 'f':
			fmt.Fprintf(&b, "%06d", us)
		default:
			b.WriteByte('%')
			b.WriteByte(format[i])
		}
	}
	return pytime.Strftime(b.String(), tuple)
}

// formatArg reads strftime's format argument.
func formatArg(b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (string, error) {
	a, err := parseArgs("strftime()", pos, kwargs, 1, 1, "format")
	if err != nil {
		return "", err
	}
	f, ok := a[0].(starlark.String)
	if !ok {
		return "", py.Errorf(py.TypeError, "strftime() argument 1 must be str, not %s", py.TypeOf(a[0]).Name())
	}
	return string(f), nil
}

type dateMethod = func(d Date, thread *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// dateMethods are date's methods; a datetime has them too.
var dateMethods = py.Table[string, dateMethod]{Build: func() map[string]dateMethod {
	return map[string]dateMethod{
		"isoformat": func(d Date, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, pos, kwargs); err != nil {
				return nil, err
			}
			return starlark.String(d.isoformat()), nil
		},
		"strftime": func(d Date, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			f, err := formatArg(b, pos, kwargs)
			if err != nil {
				return nil, err
			}
			s, err := strftime(f, d.timetuple(0, 0, 0), 0)
			return starlark.String(s), err
		},
		"weekday": func(d Date, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, pos, kwargs); err != nil {
				return nil, err
			}
			return starlark.MakeInt(weekday(d.year, d.month, d.day)), nil
		},
		"isoweekday": func(d Date, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, pos, kwargs); err != nil {
				return nil, err
			}
			return starlark.MakeInt(weekday(d.year, d.month, d.day) + 1), nil
		},
		"isocalendar": func(d Date, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, pos, kwargs); err != nil {
				return nil, err
			}
			y, w, wd := isoCalendar(d.year, d.month, d.day)
			return IsoCalendarDate{y, w, wd}, nil
		},
		"toordinal": func(d Date, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, pos, kwargs); err != nil {
				return nil, err
			}
			return starlark.MakeInt(d.ordinal()), nil
		},
		"ctime": func(d Date, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, pos, kwargs); err != nil {
				return nil, err
			}
			return starlark.String(ctime(d, 0, 0, 0)), nil
		},
		"timetuple": func(d Date, thread *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, pos, kwargs); err != nil {
				return nil, err
			}
			return structTime(thread, d.timetuple(0, 0, 0))
		},
		"replace": func(d Date, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			a, err := parseArgs("replace()", pos, kwargs, 3, 0, "year", "month", "day")
			if err != nil {
				return nil, err
			}
			f := [3]int{d.year, d.month, d.day}
			for i := range f {
				if f[i], err = a.intOr(i, f[i]); err != nil {
					return nil, err
				}
			}
			if err := checkDate(f[0], f[1], f[2]); err != nil {
				return nil, err
			}
			return Date{f[0], f[1], f[2]}, nil
		},
	}
}}

// field is one of the attributes a date shares with a datetime.
func (d Date) field(name string) (starlark.Value, bool) {
	switch name {
	case "year":
		return starlark.MakeInt(d.year), true
	case "month":
		return starlark.MakeInt(d.month), true
	case "day":
		return starlark.MakeInt(d.day), true
	}
	return nil, false
}

func (d Date) Attr(name string) (starlark.Value, error) {
	if v, ok := d.field(name); ok {
		return v, nil
	}
	if m, ok := dateMethods.Map()[name]; ok {
		return bound("date."+name, d, m), nil
	}
	return nil, py.Errorf(py.AttributeError, "'datetime.date' object has no attribute '%s'", name)
}

func (d Date) AttrNames() []string {
	return append([]string{"day", "month", "year"}, py.SortedKeys(keys(dateMethods.Map()))...)
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// timestamp reads a timestamp argument as CPython does for date and
// datetime: an int exactly, a float rounded to the microsecond (half to
// even, or down for date.fromtimestamp).
func timestamp(v starlark.Value, floor bool) (secs int64, us int, err error) {
	overflow := py.Errorf(py.OverflowError, "timestamp out of range for platform time_t")
	switch x := v.(type) {
	case starlark.Bool:
		if x {
			return 1, 0, nil
		}
		return 0, 0, nil
	case starlark.Int:
		n, ok := x.Int64()
		if !ok {
			return 0, 0, overflow
		}
		return n, 0, nil
	case starlark.Float:
		f := float64(x)
		if math.IsNaN(f) {
			return 0, 0, py.Errorf(py.ValueError, "Invalid value NaN (not a number)")
		}
		if floor {
			f = math.Floor(f)
		}
		intPart, frac := math.Modf(f)
		frac *= 1e6
		rounded := math.Round(frac)
		if math.Abs(frac-rounded) == 0.5 {
			rounded = 2 * math.Round(frac/2) // half to even
		}
		if rounded >= 1e6 {
			rounded -= 1e6
			intPart++
		} else if rounded < 0 {
			rounded += 1e6
			intPart--
		}
		if intPart < -9.223372036854775808e18 || intPart >= 9.223372036854775808e18 {
			return 0, 0, overflow
		}
		return int64(intPart), int(rounded), nil
	}
	return 0, 0, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
}

// wallClock is the local (or UTC) time at secs, with its year checked.
func wallClock(secs int64, loc *time.Location) (time.Time, error) {
	t := time.Unix(secs, 0).In(loc)
	if y := t.Year(); y < minYear || y > maxYear {
		return time.Time{}, py.Errorf(py.ValueError, "year %d is out of range", y)
	}
	return t, nil
}

func dateClassAttrs() starlark.StringDict {
	return starlark.StringDict{
		"today": starlark.NewBuiltin("date.today", func(_ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, pos, kwargs); err != nil {
				return nil, err
			}
			t := time.Now()
			return Date{t.Year(), int(t.Month()), t.Day()}, nil
		}),
		"fromtimestamp": starlark.NewBuiltin("date.fromtimestamp", func(_ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			a, err := parseArgs("fromtimestamp()", pos, kwargs, 1, 1, "timestamp")
			if err != nil {
				return nil, err
			}
			secs, _, err := timestamp(a[0], true)
			if err != nil {
				return nil, err
			}
			t, err := wallClock(secs, time.Local)
			if err != nil {
				return nil, err
			}
			return Date{t.Year(), int(t.Month()), t.Day()}, nil
		}),
		"fromordinal": starlark.NewBuiltin("date.fromordinal", func(_ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			n, err := ordinalArg(pos, kwargs)
			if err != nil {
				return nil, err
			}
			y, m, d := ordToYMD(n)
			return Date{y, m, d}, nil
		}),
		"fromisoformat": starlark.NewBuiltin("date.fromisoformat", func(_ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			s, err := isoArg(pos, kwargs)
			if err != nil {
				return nil, err
			}
			d, rest, ok := parseISODate(s)
			if !ok || rest != "" {
				return nil, py.Errorf(py.ValueError, "Invalid isoformat string: %s", py.Repr(starlark.String(s)))
			}
			return d, checkDate(d.year, d.month, d.day)
		}),
		"min":        Date{1, 1, 1},
		"max":        Date{9999, 12, 31},
		"resolution": Timedelta{days: 1},
	}
}

// ordinalArg reads fromordinal's argument.
func ordinalArg(pos starlark.Tuple, kwargs []starlark.Tuple) (int, error) {
	a, err := parseArgs("fromordinal()", pos, kwargs, 1, 1, "ordinal")
	if err != nil {
		return 0, err
	}
	n, err := cInt(a[0])
	if err != nil {
		return 0, err
	}
	if n < 1 {
		return 0, py.Errorf(py.ValueError, "ordinal must be >= 1")
	}
	if n > maxOrdinal {
		return 0, py.Errorf(py.ValueError, "year %d is out of range", maxYear+1)
	}
	return n, nil
}

// isoArg reads fromisoformat's argument.
func isoArg(pos starlark.Tuple, kwargs []starlark.Tuple) (string, error) {
	if len(kwargs) > 0 {
		return "", py.Errorf(py.TypeError, "fromisoformat() takes no keyword arguments")
	}
	if len(pos) != 1 {
		return "", py.Errorf(py.TypeError, "fromisoformat() takes exactly one argument (%d given)", len(pos))
	}
	s, ok := pos[0].(starlark.String)
	if !ok {
		return "", py.Errorf(py.TypeError, "fromisoformat: argument must be str")
	}
	return string(s), nil
}

// digits reads n decimal digits at the start of s.
func digits(s string, n int) (int, bool) {
	if len(s) < n {
		return 0, false
	}
	v := 0
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

// parseISODate reads YYYY-MM-DD or YYYYMMDD at the start of s.
func parseISODate(s string) (Date, string, bool) {
	y, ok := digits(s, 4)
	if !ok {
		return Date{}, "", false
	}
	s = s[4:]
	extended := len(s) > 0 && s[0] == '-'
	if extended {
		s = s[1:]
	}
	m, ok := digits(s, 2)
	if !ok {
		return Date{}, "", false
	}
	s = s[2:]
	if extended {
		if len(s) == 0 || s[0] != '-' {
			return Date{}, "", false
		}
		s = s[1:]
	}
	d, ok := digits(s, 2)
	if !ok {
		return Date{}, "", false
	}
	return Date{y, m, d}, s[2:], true
}
