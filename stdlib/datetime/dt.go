package datetime

import (
	"fmt"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/py"
)

// DateTime is datetime.datetime, always naive (no tzinfo). fold tells the
// two readings of a local time the clock passes twice apart; it takes no
// part in comparisons or arithmetic.
type DateTime struct {
	date                     Date
	hour, minute, second, us int
	fold                     int
}

var (
	_ starlark.HasBinary  = DateTime{}
	_ starlark.Comparable = DateTime{}
	_ starlark.HasAttrs   = DateTime{}
	_ py.Formatter        = DateTime{}
)

var dateTimeNames = []string{"year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo", "fold"}

func newDateTime(thread *starlark.Thread, cls *py.Class, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := parseArgs("function", pos, kwargs, 8, 3, dateTimeNames...)
	if err != nil {
		return nil, err
	}
	var f [9]int
	for i := range f {
		if i == 7 {
			continue // tzinfo
		}
		if f[i], err = a.intOr(i, 0); err != nil {
			return nil, err
		}
	}
	return makeDateTime(f, a[7])
}

// makeDateTime checks the fields (year ... microsecond, -, fold) and the
// tzinfo argument as the constructor and replace() do.
func makeDateTime(f [9]int, tz starlark.Value) (DateTime, error) {
	if err := checkDate(f[0], f[1], f[2]); err != nil {
		return DateTime{}, err
	}
	if err := checkTime(f[3], f[4], f[5], f[6], f[8]); err != nil {
		return DateTime{}, err
	}
	if err := checkTzinfo(tz); err != nil {
		return DateTime{}, err
	}
	return DateTime{Date{f[0], f[1], f[2]}, f[3], f[4], f[5], f[6], f[8]}, nil
}

func (t DateTime) secondOfDay() int { return t.hour*3600 + t.minute*60 + t.second }

// fromParts builds a datetime from a day ordinal and a time of day.
func fromParts(ord int, secOfDay, us int) (DateTime, error) {
	d, err := dateFromOrdinal(ord)
	if err != nil {
		return DateTime{}, err
	}
	return DateTime{d, secOfDay / 3600, secOfDay / 60 % 60, secOfDay % 60, us, 0}, nil
}

// fromTime is a wall-clock Go time as a datetime.
func fromTime(t time.Time, us int) DateTime {
	return DateTime{Date{t.Year(), int(t.Month()), t.Day()}, t.Hour(), t.Minute(), t.Second(), us, 0}
}

func (t DateTime) isoformat(sep string, timespec string) (string, error) {
	tm, err := formatTime(t.hour, t.minute, t.second, t.us, timespec)
	if err != nil {
		return "", err
	}
	return t.date.isoformat() + sep + tm, nil
}

func (t DateTime) String() string {
	return fmt.Sprintf("datetime.datetime(%d, %d, %d, %d, %d", t.date.year, t.date.month, t.date.day, t.hour, t.minute) + t.clock().reprTail()
}

// clock is the time of day of t.
func (t DateTime) clock() Time { return Time{t.hour, t.minute, t.second, t.us, t.fold} }

func (t DateTime) PyRepr() string { return t.String() }
func (t DateTime) PyStr() string {
	s, _ := t.isoformat(" ", "auto")
	return s
}
func (t DateTime) Type() string         { return "datetime.datetime" }
func (t DateTime) Freeze()              {}
func (t DateTime) Truth() starlark.Bool { return true }
func (t DateTime) PyClass() *py.Class   { return DateTimeClass }
func (t DateTime) Hash() (uint32, error) {
	return uint32(t.date.ordinal())*2654435761 ^ uint32(t.secondOfDay())*40503 ^ uint32(t.us), nil
}

func (t DateTime) PyFormat(spec string) (string, error) {
	if spec == "" {
		return t.PyStr(), nil
	}
	return strftime(spec, t.timetuple(), t.us)
}

func (t DateTime) timetuple() starlark.Tuple {
	return t.date.timetuple(t.hour, t.minute, t.second)
}

func (t DateTime) cmp(o DateTime) int {
	if c := cmpInts(t.date.ordinal(), o.date.ordinal()); c != 0 {
		return c
	}
	if c := cmpInts(t.secondOfDay(), o.secondOfDay()); c != 0 {
		return c
	}
	return cmpInts(t.us, o.us)
}

func (t DateTime) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return py.Threeway(op, t.cmp(y.(DateTime))), nil
}

// add is t + d, failing beyond years 1 to 9999.
func (t DateTime) add(d Timedelta) (DateTime, error) {
	carry, us := floorDivMod(t.us+int(d.us), usPerSecond)
	days, sec := floorDivMod(t.secondOfDay()+int(d.seconds)+carry, 86400)
	ord := int64(t.date.ordinal()) + int64(days) + d.days
	if ord < 1 || ord > maxOrdinal {
		return DateTime{}, py.Errorf(py.OverflowError, "date value out of range")
	}
	return fromParts(int(ord), sec, us)
}

// Binary is datetime ± timedelta and datetime - datetime.
func (t DateTime) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch other := y.(type) {
	case Timedelta:
		switch {
		case op == syntax.PLUS:
			return t.add(other)
		case op == syntax.MINUS && side == starlark.Left:
			return t.add(Timedelta{-other.days, -other.seconds, -other.us})
		}
	case DateTime:
		if op == syntax.MINUS {
			a, b := t, other
			if side == starlark.Right {
				a, b = b, a
			}
			return normalize(int64(a.date.ordinal()-b.date.ordinal()), int64(a.secondOfDay()-b.secondOfDay()), int64(a.us-b.us))
		}
	}
	return nil, nil
}

// localSeconds is CPython's local_to_seconds: the Unix time whose local
// reading is t, the earlier of two when fold is 0, the later when 1; in
// a gap, the reading with the offset from before it (fold 0) or after.
func (t DateTime) localSeconds() (int64, error) {
	naive := int64(t.date.ordinal()-epochOrdinal)*86400 + int64(t.secondOfDay())
	lt, err := local(naive)
	if err != nil {
		return 0, err
	}
	a := lt - naive
	u1 := naive - a
	t1, err := local(u1)
	if err != nil {
		return 0, err
	}
	var b int64
	if t1 == naive {
		u2 := u1 - maxFoldSeconds
		if t.fold != 0 {
			u2 = u1 + maxFoldSeconds
		}
		lt2, err := local(u2)
		if err != nil {
			return 0, err
		}
		b = lt2 - u2
		if a == b {
			return u1, nil
		}
	} else {
		b = t1 - u1
	}
	u2 := naive - b
	t2, err := local(u2)
	if err != nil {
		return 0, err
	}
	switch {
	case t2 == naive:
		return u2, nil
	case t1 == naive:
		return u1, nil
	case t.fold != 0:
		return min(u1, u2), nil
	}
	return max(u1, u2), nil
}

// local is the local wall-clock reading of Unix time u, as seconds since
// the epoch of a clock without a zone.
func local(u int64) (int64, error) {
	w, err := wallClock(u, time.Local)
	if err != nil {
		return 0, err
	}
	_, off := w.Zone()
	return u + int64(off), nil
}

// fromTimestamp is datetime.fromtimestamp (local) or utcfromtimestamp,
// with fold set on the second reading of a local time, as CPython does.
func fromTimestamp(secs int64, us int, loc *time.Location) (DateTime, error) {
	w, err := wallClock(secs, loc)
	if err != nil {
		return DateTime{}, err
	}
	t := fromTime(w, us)
	if loc == time.UTC {
		return t, nil
	}
	result := secs + int64(offsetOf(w))
	probe, err := local(secs - maxFoldSeconds)
	if err != nil {
		return DateTime{}, err
	}
	transition := result - probe - maxFoldSeconds
	if transition < 0 {
		p, err := local(secs + transition)
		if err != nil {
			return DateTime{}, err
		}
		if p == result {
			t.fold = 1
		}
	}
	return t, nil
}

func offsetOf(t time.Time) int {
	_, off := t.Zone()
	return off
}

type dateTimeMethod = func(t DateTime, thread *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

var dateTimeMethods = py.Table[string, dateTimeMethod]{Build: func() map[string]dateTimeMethod {
	return map[string]dateTimeMethod{
		"isoformat": func(t DateTime, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			a, err := parseArgs("isoformat()", pos, kwargs, 2, 0, "sep", "timespec")
			if err != nil {
				return nil, err
			}
			sep := "T"
			if a[0] != nil {
				s, ok := a[0].(starlark.String)
				if !ok || len([]rune(string(s))) != 1 {
					kind := py.TypeOf(a[0]).Name()
					return nil, py.Errorf(py.TypeError, "isoformat() argument 1 must be a unicode character, not %s", kind)
				}
				sep = string(s)
			}
			spec, err := timespecArg(a[1])
			if err != nil {
				return nil, err
			}
			s, err := t.isoformat(sep, spec)
			return starlark.String(s), err
		},
		"strftime": func(t DateTime, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			f, err := formatArg(b, pos, kwargs)
			if err != nil {
				return nil, err
			}
			s, err := strftime(f, t.timetuple(), t.us)
			return starlark.String(s), err
		},
		"ctime": func(t DateTime, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, pos, kwargs); err != nil {
				return nil, err
			}
			return starlark.String(ctime(t.date, t.hour, t.minute, t.second)), nil
		},
		"timetuple": func(t DateTime, thread *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, pos, kwargs); err != nil {
				return nil, err
			}
			return structTime(thread, t.timetuple())
		},
		"timestamp": func(t DateTime, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, pos, kwargs); err != nil {
				return nil, err
			}
			secs, err := t.localSeconds()
			if err != nil {
				return nil, err
			}
			return starlark.Float(float64(secs) + float64(t.us)/1e6), nil
		},
		"date": func(t DateTime, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, pos, kwargs); err != nil {
				return nil, err
			}
			return t.date, nil
		},
		"time": func(t DateTime, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, pos, kwargs); err != nil {
				return nil, err
			}
			return t.clock(), nil
		},
		"replace": func(t DateTime, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			a, err := parseArgs("replace()", pos, kwargs, 8, 0, dateTimeNames...)
			if err != nil {
				return nil, err
			}
			f := [9]int{t.date.year, t.date.month, t.date.day, t.hour, t.minute, t.second, t.us, 0, t.fold}
			for i := range f {
				if i == 7 {
					continue
				}
				if f[i], err = a.intOr(i, f[i]); err != nil {
					return nil, err
				}
			}
			return makeDateTime(f, a[7])
		},
		"utcoffset": noneMethod[DateTime],
		"dst":       noneMethod[DateTime],
		"tzname":    noneMethod[DateTime],
	}
}}

// noneMethod is utcoffset(), dst() and tzname() of a naive value.
func noneMethod[T any](_ T, _ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, pos, kwargs); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// bound is the method m of v, as a builtin named name.
func bound[T any](name string, v T, m func(v T, thread *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(v, thread, b, pos, kwargs)
	})
}

func (t DateTime) Attr(name string) (starlark.Value, error) {
	if v, ok := t.date.field(name); ok {
		return v, nil
	}
	if v, ok := t.clock().field(name); ok {
		return v, nil
	}
	if m, ok := dateTimeMethods.Map()[name]; ok {
		return bound("datetime."+name, t, m), nil
	}
	if m, ok := dateMethods.Map()[name]; ok {
		return bound("date."+name, t.date, m), nil
	}
	return nil, py.Errorf(py.AttributeError, "'datetime.datetime' object has no attribute '%s'", name)
}

func (t DateTime) AttrNames() []string {
	names := append([]string{}, dateTimeNames...)
	names = append(names, "microsecond")
	names = append(names, keys(dateTimeMethods.Map())...)
	for name := range dateMethods.Map() {
		if _, ok := dateTimeMethods.Map()[name]; !ok {
			names = append(names, name)
		}
	}
	return py.SortedKeys(names)
}

// nowParts is the current time as whole seconds and microseconds (rounded
// down, as CPython's clock is read).
func nowParts() (int64, int) {
	n := time.Now()
	return n.Unix(), n.Nanosecond() / 1000
}

func dateTimeClassAttrs() starlark.StringDict {
	d := starlark.StringDict{
		"now": starlark.NewBuiltin("datetime.now", func(_ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			a, err := parseArgs("now()", pos, kwargs, 1, 0, "tz")
			if err != nil {
				return nil, err
			}
			if err := checkTzinfo(a[0]); err != nil {
				return nil, err
			}
			secs, us := nowParts()
			return fromTimestamp(secs, us, time.Local)
		}),
		"today": starlark.NewBuiltin("datetime.today", func(_ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, pos, kwargs); err != nil {
				return nil, err
			}
			secs, us := nowParts()
			return fromTimestamp(secs, us, time.Local)
		}),
		"utcnow": starlark.NewBuiltin("datetime.utcnow", func(_ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, pos, kwargs); err != nil {
				return nil, err
			}
			secs, us := nowParts()
			return fromTimestamp(secs, us, time.UTC)
		}),
		"fromtimestamp": starlark.NewBuiltin("datetime.fromtimestamp", func(_ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			a, err := parseArgs("fromtimestamp()", pos, kwargs, 2, 1, "timestamp", "tz")
			if err != nil {
				return nil, err
			}
			if err := checkTzinfo(a[1]); err != nil {
				return nil, err
			}
			secs, us, err := timestamp(a[0], false)
			if err != nil {
				return nil, err
			}
			return fromTimestamp(secs, us, time.Local)
		}),
		"utcfromtimestamp": starlark.NewBuiltin("datetime.utcfromtimestamp", func(_ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(kwargs) > 0 {
				return nil, py.Errorf(py.TypeError, "utcfromtimestamp() takes no keyword arguments")
			}
			if len(pos) != 1 {
				return nil, py.Errorf(py.TypeError, "utcfromtimestamp() takes exactly one argument (%d given)", len(pos))
			}
			secs, us, err := timestamp(pos[0], false)
			if err != nil {
				return nil, err
			}
			return fromTimestamp(secs, us, time.UTC)
		}),
		"fromordinal": starlark.NewBuiltin("datetime.fromordinal", func(_ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			n, err := ordinalArg(pos, kwargs)
			if err != nil {
				return nil, err
			}
			return fromParts(n, 0, 0)
		}),
		"combine": starlark.NewBuiltin("datetime.combine", func(_ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			a, err := parseArgs("combine()", pos, kwargs, 3, 2, "date", "time", "tzinfo")
			if err != nil {
				return nil, err
			}
			var d Date
			switch x := a[0].(type) {
			case Date:
				d = x
			case DateTime:
				d = x.date
			default:
				return nil, py.Errorf(py.TypeError, "combine() argument 1 must be datetime.date, not %s", py.TypeOf(a[0]).Name())
			}
			tm, ok := a[1].(Time)
			if !ok {
				return nil, py.Errorf(py.TypeError, "combine() argument 2 must be datetime.time, not %s", py.TypeOf(a[1]).Name())
			}
			if err := checkTzinfo(a[2]); err != nil {
				return nil, err
			}
			return DateTime{d, tm.hour, tm.minute, tm.second, tm.us, tm.fold}, nil
		}),
		"fromisoformat": starlark.NewBuiltin("datetime.fromisoformat", func(_ *starlark.Thread, b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			s, err := isoArg(pos, kwargs)
			if err != nil {
				return nil, err
			}
			bad := py.Errorf(py.ValueError, "Invalid isoformat string: %s", py.Repr(starlark.String(s)))
			d, rest, ok := parseISODate(s)
			if !ok {
				return nil, bad
			}
			var tm Time
			if rest != "" {
				// Any one character separates the date from the time.
				_, size := firstRune(rest)
				if tm, ok = parseISOTime(rest[size:]); !ok {
					return nil, bad
				}
			}
			return makeDateTime([9]int{d.year, d.month, d.day, tm.hour, tm.minute, tm.second, tm.us, 0, 0}, nil)
		}),
		"min":        DateTime{date: Date{1, 1, 1}},
		"max":        DateTime{Date{9999, 12, 31}, 23, 59, 59, 999999, 0},
		"resolution": Timedelta{us: 1},
	}
	return d
}
