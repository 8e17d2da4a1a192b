package datetime

import (
	"fmt"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/py"
)

// Time is datetime.time: a time of day, naive.
type Time struct {
	hour, minute, second, us, fold int
}

var (
	_ starlark.Comparable = Time{}
	_ starlark.HasAttrs   = Time{}
	_ py.Formatter        = Time{}
)

var timeNames = []string{"hour", "minute", "second", "microsecond", "tzinfo", "fold"}

func newTime(thread *starlark.Thread, cls *py.Class, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := parseArgs("function", pos, kwargs, 5, 0, timeNames...)
	if err != nil {
		return nil, err
	}
	return makeTime(a, Time{})
}

// makeTime reads the constructor's (or replace's) arguments over base.
func makeTime(a args, base Time) (Time, error) {
	f := [6]int{base.hour, base.minute, base.second, base.us, 0, base.fold}
	var err error
	for i := range f {
		if i == 4 {
			continue // tzinfo
		}
		if f[i], err = a.intOr(i, f[i]); err != nil {
			return Time{}, err
		}
	}
	if err := checkTime(f[0], f[1], f[2], f[3], f[5]); err != nil {
		return Time{}, err
	}
	if err := checkTzinfo(a[4]); err != nil {
		return Time{}, err
	}
	return Time{f[0], f[1], f[2], f[3], f[5]}, nil
}

// formatTime is the time part of isoformat for a timespec.
func formatTime(h, m, s, us int, timespec string) (string, error) {
	switch timespec {
	case "auto":
		if us != 0 {
			return fmt.Sprintf("%02d:%02d:%02d.%06d", h, m, s, us), nil
		}
		return fmt.Sprintf("%02d:%02d:%02d", h, m, s), nil
	case "hours":
		return fmt.Sprintf("%02d", h), nil
	case "minutes":
		return fmt.Sprintf("%02d:%02d", h, m), nil
	case "seconds":
		return fmt.Sprintf("%02d:%02d:%02d", h, m, s), nil
	case "milliseconds":
		return fmt.Sprintf("%02d:%02d:%02d.%03d", h, m, s, us/1000), nil
	case "microseconds":
		return fmt.Sprintf("%02d:%02d:%02d.%06d", h, m, s, us), nil
	}
	return "", py.Errorf(py.ValueError, "Unknown timespec value")
}

// timespecArg reads isoformat's timespec, "auto" when absent.
func timespecArg(v starlark.Value) (string, error) {
	if v == nil {
		return "auto", nil
	}
	s, ok := v.(starlark.String)
	if !ok {
		return "", py.Errorf(py.TypeError, "isoformat() argument 2 must be str, not %s", py.TypeOf(v).Name())
	}
	return string(s), nil
}

func firstRune(s string) (rune, int) { return utf8.DecodeRuneInString(s) }

// parseISOTime reads HH[:MM[:SS[.fff[fff]]]] (or without colons), with
// a fraction of any length cut to microseconds, as CPython 3.11 does.
func parseISOTime(s string) (Time, bool) {
	var t Time
	fields := []*int{&t.hour, &t.minute, &t.second}
	colons := len(s) > 2 && s[2] == ':'
	for i, f := range fields {
		v, ok := digits(s, 2)
		if !ok {
			return Time{}, false
		}
		*f = v
		s = s[2:]
		if s == "" {
			return t, true
		}
		if i == 2 {
			break
		}
		if colons {
			if s[0] != ':' {
				break
			}
			s = s[1:]
		}
	}
	if s == "" {
		return t, true
	}
	if s[0] != '.' && s[0] != ',' {
		return Time{}, false
	}
	s = s[1:]
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 || n != len(s) {
		return Time{}, false
	}
	frac := s
	if len(frac) > 6 {
		frac = frac[:6]
	}
	us, _ := digits(frac+"000000"[len(frac):], 6)
	t.us = us
	return t, true
}

func (t Time) String() string {
	return fmt.Sprintf("datetime.time(%d, %d", t.hour, t.minute) + t.reprTail()
}

// reprTail ends the repr of a time or datetime after the minute: second
// and microsecond only where not zero, and fold only where set.
func (t Time) reprTail() string {
	s := ""
	switch {
	case t.us != 0:
		s += fmt.Sprintf(", %d, %d", t.second, t.us)
	case t.second != 0:
		s += fmt.Sprintf(", %d", t.second)
	}
	if t.fold != 0 {
		s += ", fold=1"
	}
	return s + ")"
}

func (t Time) PyRepr() string { return t.String() }
func (t Time) PyStr() string {
	s, _ := formatTime(t.hour, t.minute, t.second, t.us, "auto")
	return s
}
func (t Time) Type() string         { return "datetime.time" }
func (t Time) Freeze()              {}
func (t Time) Truth() starlark.Bool { return true }
func (t Time) PyClass() *py.Class   { return TimeClass }
func (t Time) micros() int64 {
	return int64(t.hour*3600+t.minute*60+t.second)*usPerSecond + int64(t.us)
}
func (t Time) Hash() (uint32, error) { return uint32(t.micros()) ^ uint32(t.micros()>>32), nil }

func (t Time) PyFormat(spec string) (string, error) {
	if spec == "" {
		return t.PyStr(), nil
	}
	return strftime(spec, t.timetuple(), t.us)
}

// timetuple is what strftime formats a time with: January 1st, 1900.
func (t Time) timetuple() starlark.Tuple {
	return Date{1900, 1, 1}.timetuple(t.hour, t.minute, t.second)
}

func (t Time) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	a, b := t.micros(), y.(Time).micros()
	c := 0
	if a < b {
		c = -1
	} else if a > b {
		c = 1
	}
	return py.Threeway(op, c), nil
}

type timeMethod = func(t Time, thread *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

var timeMethods = py.Table[string, timeMethod]{Build: func() map[string]timeMethod {
	return map[string]timeMethod{
		"isoformat": func(t Time, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			a, err := parseArgs("isoformat()", pos, kwargs, 1, 0, "timespec")
			if err != nil {
				return nil, err
			}
			spec, err := timespecArg(a[0])
			if err != nil {
				return nil, err
			}
			s, err := formatTime(t.hour, t.minute, t.second, t.us, spec)
			return starlark.String(s), err
		},
		"strftime": func(t Time, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			f, err := formatArg(b, pos, kwargs)
			if err != nil {
				return nil, err
			}
			s, err := strftime(f, t.timetuple(), t.us)
			return starlark.String(s), err
		},
		"replace": func(t Time, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			a, err := parseArgs("replace()", pos, kwargs, 5, 0, timeNames...)
			if err != nil {
				return nil, err
			}
			return makeTime(a, t)
		},
		"utcoffset": noneMethod[Time],
		"dst":       noneMethod[Time],
		"tzname":    noneMethod[Time],
	}
}}

// field is one of the attributes a time shares with a datetime.
func (t Time) field(name string) (starlark.Value, bool) {
	switch name {
	case "hour":
		return starlark.MakeInt(t.hour), true
	case "minute":
		return starlark.MakeInt(t.minute), true
	case "second":
		return starlark.MakeInt(t.second), true
	case "microsecond":
		return starlark.MakeInt(t.us), true
	case "fold":
		return starlark.MakeInt(t.fold), true
	case "tzinfo":
		return starlark.None, true
	}
	return nil, false
}

func (t Time) Attr(name string) (starlark.Value, error) {
	if v, ok := t.field(name); ok {
		return v, nil
	}
	if m, ok := timeMethods.Map()[name]; ok {
		return bound("time."+name, t, m), nil
	}
	return nil, py.Errorf(py.AttributeError, "'datetime.time' object has no attribute '%s'", name)
}

func (t Time) AttrNames() []string {
	return py.SortedKeys(append(append([]string{}, timeNames...), keys(timeMethods.Map())...))
}

func timeClassAttrs() starlark.StringDict {
	return starlark.StringDict{
		"fromisoformat": starlark.NewBuiltin("time.fromisoformat", func(_ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			s, err := isoArg(pos, kwargs)
			if err != nil {
				return nil, err
			}
			t, ok := parseISOTime(s)
			if !ok {
				return nil, py.Errorf(py.ValueError, "Invalid isoformat string: %s", py.Repr(starlark.String(s)))
			}
			return t, checkTime(t.hour, t.minute, t.second, t.us, 0)
		}),
		"min":        Time{},
		"max":        Time{23, 59, 59, 999999, 0},
		"resolution": Timedelta{us: 1},
	}
}

// IsoCalendarDate is what isocalendar() returns: a (year, week, weekday)
// tuple with names. It compares equal to another one, not to a plain tuple.
type IsoCalendarDate struct {
	year, week, weekday int
}

var (
	_ starlark.Indexable  = IsoCalendarDate{}
	_ starlark.Iterable   = IsoCalendarDate{}
	_ starlark.HasAttrs   = IsoCalendarDate{}
	_ starlark.Comparable = IsoCalendarDate{}
)

func (c IsoCalendarDate) tuple() starlark.Tuple {
	return starlark.Tuple{starlark.MakeInt(c.year), starlark.MakeInt(c.week), starlark.MakeInt(c.weekday)}
}

func (c IsoCalendarDate) String() string {
	return fmt.Sprintf("datetime.IsoCalendarDate(year=%d, week=%d, weekday=%d)", c.year, c.week, c.weekday)
}
func (c IsoCalendarDate) PyRepr() string             { return c.String() }
func (c IsoCalendarDate) Type() string               { return "datetime.IsoCalendarDate" }
func (c IsoCalendarDate) Freeze()                    {}
func (c IsoCalendarDate) Truth() starlark.Bool       { return true }
func (c IsoCalendarDate) PyClass() *py.Class         { return isoCalendarClass }
func (c IsoCalendarDate) Hash() (uint32, error)      { return c.tuple().Hash() }
func (c IsoCalendarDate) Len() int                   { return 3 }
func (c IsoCalendarDate) Index(i int) starlark.Value { return c.tuple()[i] }
func (c IsoCalendarDate) Iterate() starlark.Iterator { return c.tuple().Iterate() }
func (c IsoCalendarDate) AttrNames() []string        { return []string{"week", "weekday", "year"} }
func (c IsoCalendarDate) Slice(start, end, step int) starlark.Value {
	return c.tuple().Slice(start, end, step)
}

func (c IsoCalendarDate) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, c.tuple(), y.(IsoCalendarDate).tuple(), depth)
}

func (c IsoCalendarDate) Attr(name string) (starlark.Value, error) {
	switch name {
	case "year":
		return starlark.MakeInt(c.year), nil
	case "week":
		return starlark.MakeInt(c.week), nil
	case "weekday":
		return starlark.MakeInt(c.weekday), nil
	}
	return nil, py.Errorf(py.AttributeError, "'datetime.IsoCalendarDate' object has no attribute '%s'", name)
}
