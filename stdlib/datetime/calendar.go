package datetime

import (
	"math"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

// The proleptic Gregorian calendar of CPython's datetime: day 1 is
// 0001-01-01, years run from 1 to 9999.
const (
	minYear    = 1
	maxYear    = 9999
	maxOrdinal = 3652059 // 9999-12-31
	// epochOrdinal is 1970-01-01.
	epochOrdinal = 719163
	// maxFoldSeconds is how far back CPython looks for a second reading
	// of the same local time (a clock set back by up to a day).
	maxFoldSeconds = 24 * 3600
)

var daysBefore = [13]int{0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysInMonth(y, m int) int {
	if m == 2 && isLeap(y) {
		return 29
	}
	return [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
}

// dayOfYear is 1 for January 1st.
func dayOfYear(y, m, d int) int {
	n := daysBefore[m] + d
	if m > 2 && isLeap(y) {
		n++
	}
	return n
}

func ymdToOrd(y, m, d int) int {
	p := y - 1
	return p*365 + p/4 - p/100 + p/400 + dayOfYear(y, m, d)
}

func ordToYMD(n int) (y, m, d int) {
	n-- // days since 0001-01-01
	const (
		days400 = 146097
		days100 = 36524
		days4   = 1461
	)
	y = 1 + 400*(n/days400)
	n %= days400
	c := n / days100
	if c == 4 { // the last day of a 400-year cycle
		c = 3
	}
	y += 100 * c
	n -= c * days100
	y += 4 * (n / days4)
	n %= days4
	k := n / 365
	if k == 4 { // the last day of a leap year
		k = 3
	}
	y += k
	n -= k * 365
	// n is now the day of the year, from 0.
	for m = 1; m < 12; m++ {
		if n < daysInMonth(y, m) {
			break
		}
		n -= daysInMonth(y, m)
	}
	return y, m, n + 1
}

// weekday is 0 for Monday.
func weekday(y, m, d int) int { return (ymdToOrd(y, m, d) + 6) % 7 }

// isoWeek1Monday is the ordinal of the Monday of ISO week 1 of year y.
func isoWeek1Monday(y int) int {
	first := ymdToOrd(y, 1, 1)
	monday := first - (first+6)%7
	if (first+6)%7 > 3 {
		monday += 7
	}
	return monday
}

func isoCalendar(y, m, d int) (year, week, day int) {
	today := ymdToOrd(y, m, d)
	year = y
	monday := isoWeek1Monday(year)
	week, day = floorDivMod(today-monday, 7)
	if week < 0 {
		year--
		week, day = floorDivMod(today-isoWeek1Monday(year), 7)
	} else if week >= 52 && today >= isoWeek1Monday(year+1) {
		year++
		week = 0
	}
	return year, week + 1, day + 1
}

func floorDivMod(a, b int) (int, int) {
	q, r := a/b, a%b
	if r != 0 && (r < 0) != (b < 0) {
		q--
		r += b
	}
	return q, r
}

func floorDivMod64(a, b int64) (int64, int64) {
	q, r := a/b, a%b
	if r != 0 && (r < 0) != (b < 0) {
		q--
		r += b
	}
	return q, r
}

func checkDate(y, m, d int) error {
	if y < minYear || y > maxYear {
		return py.Errorf(py.ValueError, "year %d is out of range", y)
	}
	if m < 1 || m > 12 {
		return py.Errorf(py.ValueError, "month must be in 1..12")
	}
	if d < 1 || d > daysInMonth(y, m) {
		return py.Errorf(py.ValueError, "day is out of range for month")
	}
	return nil
}

func checkTime(h, mi, s, us, fold int) error {
	switch {
	case h < 0 || h > 23:
		return py.Errorf(py.ValueError, "hour must be in 0..23")
	case mi < 0 || mi > 59:
		return py.Errorf(py.ValueError, "minute must be in 0..59")
	case s < 0 || s > 59:
		return py.Errorf(py.ValueError, "second must be in 0..59")
	case us < 0 || us > 999999:
		return py.Errorf(py.ValueError, "microsecond must be in 0..999999")
	case fold != 0 && fold != 1:
		return py.Errorf(py.ValueError, "fold must be either 0 or 1")
	}
	return nil
}

// cInt reads an int argument CPython converts to a C int.
func cInt(v starlark.Value) (int, error) {
	switch x := v.(type) {
	case starlark.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case starlark.Int:
		n, ok := x.Int64()
		if !ok {
			return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C long")
		}
		if n > math.MaxInt32 {
			return 0, py.Errorf(py.OverflowError, "signed integer is greater than maximum")
		}
		if n < math.MinInt32 {
			return 0, py.Errorf(py.OverflowError, "signed integer is less than minimum")
		}
		return int(n), nil
	}
	return 0, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
}

// args is what parseArgs found: nil where an optional argument is absent.
type args []starlark.Value

// parseArgs unpacks arguments as CPython's C functions do, with their
// messages and in their order of checks. fname is "function" for
// constructors, else "name()"; the first npos names may be positional, the
// first required ones must be given.
func parseArgs(fname string, pos starlark.Tuple, kwargs []starlark.Tuple, npos, required int, names ...string) (args, error) {
	plural := func(n int) string {
		if n == 1 {
			return ""
		}
		return "s"
	}
	if given := len(pos) + len(kwargs); given > len(names) {
		kind := ""
		if len(pos) == 0 {
			kind = "keyword "
		}
		return nil, py.Errorf(py.TypeError, "%s takes at most %d %sargument%s (%d given)", fname, len(names), kind, plural(len(names)), given)
	}
	if len(pos) > npos {
		return nil, py.Errorf(py.TypeError, "%s takes at most %d positional argument%s (%d given)", fname, npos, plural(npos), len(pos))
	}
	kw := make(map[string]starlark.Value, len(kwargs))
	for _, kv := range kwargs {
		kw[string(kv[0].(starlark.String))] = kv[1]
	}
	out := make(args, len(names))
	copy(out, pos)
	known := make(map[string]bool, len(names))
	for i, name := range names {
		known[name] = true
		if i >= len(pos) {
			out[i] = kw[name]
		}
		if out[i] == nil && i < required {
			return nil, py.Errorf(py.TypeError, "%s missing required argument '%s' (pos %d)", fname, name, i+1)
		}
	}
	for i := range pos {
		if _, ok := kw[names[i]]; ok {
			return nil, py.Errorf(py.TypeError, "argument for %s given by name ('%s') and position (%d)", fname, names[i], i+1)
		}
	}
	for _, kv := range kwargs {
		if k := string(kv[0].(starlark.String)); !known[k] {
			if fname == "function" {
				return nil, py.Errorf(py.TypeError, "'%s' is an invalid keyword argument for this function", k)
			}
			return nil, py.Errorf(py.TypeError, "'%s' is an invalid keyword argument for %s", k, fname)
		}
	}
	return out, nil
}

// intOr is an optional int argument, or dflt when absent.
func (a args) intOr(i, dflt int) (int, error) {
	if a[i] == nil {
		return dflt, nil
	}
	return cInt(a[i])
}

// noArgs checks a method that takes none.
func noArgs(b *starlark.Builtin, pos starlark.Tuple, kwargs []starlark.Tuple) error {
	if len(kwargs) > 0 {
		return py.Errorf(py.TypeError, "%s() takes no keyword arguments", b.Name())
	}
	if len(pos) > 0 {
		return py.Errorf(py.TypeError, "%s() takes no arguments (%d given)", b.Name(), len(pos))
	}
	return nil
}

// checkTzinfo refuses a time zone: sockstar's datetimes are all naive.
func checkTzinfo(v starlark.Value) error {
	if v == nil || v == starlark.None {
		return nil
	}
	return py.Errorf(py.TypeError, "tzinfo argument must be None or of a tzinfo subclass, not type '%s'", py.TypeOf(v).Name())
}
