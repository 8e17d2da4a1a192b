// Package pytime is Python's time module. Local time is Go's time.Local: the
// TZ variable, else /etc/localtime, as for CPython.
//
//	time.time()                   float seconds since the epoch
//	time.time_ns()                int nanoseconds since the epoch
//	time.monotonic(), time.perf_counter()            float seconds, never going back
//	time.monotonic_ns(), time.perf_counter_ns()      the same in int nanoseconds
//	time.sleep(secs)              ends early, with the run, when the run is cancelled
//	time.gmtime(secs=None)        struct_time in UTC
//	time.localtime(secs=None)     struct_time in the local zone
//	time.mktime(t)                float seconds from a local struct_time or 9-tuple
//	time.asctime(t=None)          "Mon Aug  6 17:09:17 2012"
//	time.ctime(secs=None)         asctime(localtime(secs))
//	time.strftime(format, t=None) glibc's codes in the C locale (%Y %m %d %H %M %S %a %A
//	                              %b %B %y %j %p %Z %z %c %x %X %e %I %U %W %V %G %s ...)
//	time.struct_time(seq)         the class; fields tm_year ... tm_isdst, tm_zone, tm_gmtoff
//	time.timezone, time.altzone, time.daylight, time.tzname
//
// A struct_time compares equal to another struct_time, not to a plain tuple.
package pytime

import (
	"fmt"
	"math"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
)

// Module is the time module.
var Module = &py.Module{
	Name:         "time",
	Build:        members,
	DynamicNames: []string{"altzone", "daylight", "timezone", "tzname"},
	// The zone is read when a run starts, so a changed time.Local shows.
	PerRun: func(*host.Process) starlark.StringDict { return zoneMembers() },
}

func zoneMembers() starlark.StringDict {
	std, dst, stdOff, dstOff := zoneInfo()
	daylight := 0
	if stdOff != dstOff {
		daylight = 1
	}
	return starlark.StringDict{
		"timezone": starlark.MakeInt(-stdOff),
		"altzone":  starlark.MakeInt(-dstOff),
		"daylight": starlark.MakeInt(daylight),
		"tzname":   starlark.Tuple{starlark.String(std), starlark.String(dst)},
	}
}

func members() starlark.StringDict {
	return starlark.StringDict{
		"time":            starlark.NewBuiltin("time.time", now),
		"time_ns":         starlark.NewBuiltin("time.time_ns", nowNS),
		"monotonic":       starlark.NewBuiltin("time.monotonic", monotonic),
		"monotonic_ns":    starlark.NewBuiltin("time.monotonic_ns", monotonicNS),
		"perf_counter":    starlark.NewBuiltin("time.perf_counter", monotonic),
		"perf_counter_ns": starlark.NewBuiltin("time.perf_counter_ns", monotonicNS),
		"sleep":           starlark.NewBuiltin("time.sleep", py.Traced(sleep)),
		"gmtime":          starlark.NewBuiltin("time.gmtime", gmtime),
		"localtime":       starlark.NewBuiltin("time.localtime", localtime),
		"mktime":          starlark.NewBuiltin("time.mktime", mktime),
		"asctime":         starlark.NewBuiltin("time.asctime", asctime),
		"ctime":           starlark.NewBuiltin("time.ctime", ctime),
		"strftime":        starlark.NewBuiltin("time.strftime", strftime),
		"struct_time":     StructTimeClass,
	}
}

// zoneInfo finds the local zone's standard and summer names and offsets
// from January and July of this year, as CPython does.
func zoneInfo() (std, dst string, stdOff, dstOff int) {
	y := time.Now().Year()
	jan := time.Date(y, time.January, 1, 0, 0, 0, 0, time.Local)
	jul := time.Date(y, time.July, 1, 0, 0, 0, 0, time.Local)
	std, stdOff = jan.Zone()
	dst, dstOff = jul.Zone()
	if jan.IsDST() {
		// Southern hemisphere: summer time is in January.
		std, stdOff, dst, dstOff = dst, dstOff, std, stdOff
	}
	return std, dst, stdOff, dstOff
}

func noArgs(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) error {
	return starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0)
}

func now(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, args, kwargs); err != nil {
		return nil, err
	}
	return starlark.Float(float64(host.Of(thread).Now().UnixNano()) / 1e9), nil
}

func nowNS(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, args, kwargs); err != nil {
		return nil, err
	}
	return starlark.MakeInt64(host.Of(thread).Now().UnixNano()), nil
}

func monotonic(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, args, kwargs); err != nil {
		return nil, err
	}
	return starlark.Float(host.Of(thread).Monotonic().Seconds()), nil
}

func monotonicNS(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, args, kwargs); err != nil {
		return nil, err
	}
	return starlark.MakeInt64(int64(host.Of(thread).Monotonic())), nil
}

func notInteger(v starlark.Value) error {
	return py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
}

func sleep(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var secs starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &secs); err != nil {
		return nil, err
	}
	var f float64
	switch v := secs.(type) {
	case starlark.Int, starlark.Float:
		f, _ = starlark.AsFloat(v)
	case starlark.Bool:
		if v {
			f = 1
		}
	default:
		return nil, notInteger(secs)
	}
	if math.IsNaN(f) {
		return nil, py.Errorf(py.ValueError, "Invalid value NaN (not a number)")
	}
	if f < 0 {
		return nil, py.Errorf(py.ValueError, "sleep length must be non-negative")
	}
	// CPython keeps the length in nanoseconds, in 64 bits.
	if f >= float64(math.MaxInt64)/1e9 {
		if _, isInt := secs.(starlark.Int); isInt {
			return nil, py.Errorf(py.OverflowError, "timestamp too large to convert to C _PyTime_t")
		}
		return nil, py.Errorf(py.OverflowError, "timestamp out of range for platform time_t")
	}
	d := time.Duration(f * 1e9)
	if err := host.Of(thread).Sleep(d); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// seconds reads an optional timestamp argument; None means now.
func seconds(thread *starlark.Thread, v starlark.Value) (int64, error) {
	switch v := v.(type) {
	case nil, starlark.NoneType:
		return host.Of(thread).Now().Unix(), nil
	case starlark.Bool:
		if v {
			return 1, nil
		}
		return 0, nil
	case starlark.Int:
		n, ok := v.Int64()
		if !ok {
			return 0, py.Errorf(py.OverflowError, "timestamp out of range for platform time_t")
		}
		return n, nil
	case starlark.Float:
		f := float64(v)
		if math.IsNaN(f) {
			return 0, py.Errorf(py.ValueError, "Invalid value NaN (not a number)")
		}
		f = math.Floor(f)
		if f < -9.223372036854775808e18 || f >= 9.223372036854775808e18 {
			return 0, py.Errorf(py.OverflowError, "timestamp out of range for platform time_t")
		}
		return int64(f), nil
	}
	return 0, notInteger(v)
}

// tm is C's struct tm: month 0-11, wday 0 = Sunday, yday 0-365.
type tm struct {
	year, mon, mday, hour, min, sec, wday, yday, isdst int
	zone                                               string
	hasZone                                            bool
	gmtoff                                             int
}

// maxSeconds keeps the year within a C int, beyond which glibc fails.
const maxSeconds = 67767976233316800

func toTM(secs int64, loc *time.Location, zone string) (tm, error) {
	if secs > maxSeconds || secs < -maxSeconds {
		return tm{}, py.FromErrno(linux.EOVERFLOW)
	}
	t := time.Unix(secs, 0).In(loc)
	name, off := t.Zone()
	if zone != "" {
		name = zone
	}
	isdst := 0
	if t.IsDST() {
		isdst = 1
	}
	return tm{
		year: t.Year(), mon: int(t.Month()) - 1, mday: t.Day(),
		hour: t.Hour(), min: t.Minute(), sec: t.Second(),
		wday: int(t.Weekday()), yday: t.YearDay() - 1, isdst: isdst,
		zone: name, hasZone: true, gmtoff: off,
	}, nil
}

func convert(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, loc *time.Location, zone string) (starlark.Value, error) {
	var secs starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &secs); err != nil {
		return nil, err
	}
	s, err := seconds(thread, secs)
	if err != nil {
		return nil, err
	}
	t, err := toTM(s, loc, zone)
	if err != nil {
		return nil, err
	}
	return makeStructTime(t), nil
}

func gmtime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	// glibc names UTC "GMT" in what gmtime returns.
	return convert(thread, b, args, kwargs, time.UTC, "GMT")
}

func localtime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return convert(thread, b, args, kwargs, time.Local, "")
}

// timeTuple reads a struct_time or 9-tuple the way CPython's gettmarg does.
func timeTuple(fname string, v starlark.Value) (tm, error) {
	var fields starlark.Tuple
	var t tm
	switch v := v.(type) {
	case *StructTime:
		fields = v.fields
		if z, ok := v.zone.(starlark.String); ok {
			t.zone, t.hasZone = string(z), true
		}
		if off, ok := v.gmtoff.(starlark.Int); ok {
			n, _ := off.Int64()
			t.gmtoff = int(n)
		}
	case starlark.Tuple:
		if len(v) != 9 {
			return tm{}, py.Errorf(py.TypeError, "%s(): illegal time tuple argument", fname)
		}
		fields = v
	default:
		return tm{}, py.Errorf(py.TypeError, "Tuple or struct_time argument required")
	}
	var n [9]int
	for i, f := range fields {
		switch f := f.(type) {
		case starlark.Int:
			x, ok := f.Int64()
			if !ok || x > math.MaxInt32 || x < math.MinInt32 {
				return tm{}, py.Errorf(py.OverflowError, "Python int too large to convert to C int")
			}
			n[i] = int(x)
		case starlark.Bool:
			if f {
				n[i] = 1
			}
		default:
			return tm{}, notInteger(f)
		}
	}
	t.year, t.mon, t.mday, t.hour, t.min, t.sec = n[0], n[1]-1, n[2], n[3], n[4], n[5]
	t.wday, t.yday, t.isdst = (n[6]+1)%7, n[7]-1, n[8]
	return t, nil
}

// check is CPython's checktm: the ranges asctime and strftime accept, with
// a zero month, day of month or day of year taken as the first.
func (t *tm) check() error {
	if t.mon == -1 {
		t.mon = 0
	} else if t.mon < 0 || t.mon > 11 {
		return py.Errorf(py.ValueError, "month out of range")
	}
	if t.mday == 0 {
		t.mday = 1
	} else if t.mday < 0 || t.mday > 31 {
		return py.Errorf(py.ValueError, "day of month out of range")
	}
	if t.hour < 0 || t.hour > 23 {
		return py.Errorf(py.ValueError, "hour out of range")
	}
	if t.min < 0 || t.min > 59 {
		return py.Errorf(py.ValueError, "minute out of range")
	}
	if t.sec < 0 || t.sec > 61 {
		return py.Errorf(py.ValueError, "seconds out of range")
	}
	if t.wday < 0 {
		return py.Errorf(py.ValueError, "day of week out of range")
	}
	if t.yday == -1 {
		t.yday = 0
	} else if t.yday < 0 || t.yday > 365 {
		return py.Errorf(py.ValueError, "day of year out of range")
	}
	return nil
}

// optionalTime is the t argument of asctime and strftime: now when absent.
func optionalTime(thread *starlark.Thread, fname string, v starlark.Value) (tm, error) {
	if v == nil {
		return toTM(host.Of(thread).Now().Unix(), time.Local, "")
	}
	t, err := timeTuple(fname, v)
	if err != nil {
		return tm{}, err
	}
	return t, t.check()
}

var (
	dayNames   = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	monthNames = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

func (t tm) asctime() string {
	return fmt.Sprintf("%s %s%3d %02d:%02d:%02d %d", dayNames[t.wday][:3], monthNames[t.mon][:3], t.mday, t.hour, t.min, t.sec, t.year)
}

func asctime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &v); err != nil {
		return nil, err
	}
	t, err := optionalTime(thread, "asctime", v)
	if err != nil {
		return nil, err
	}
	return starlark.String(t.asctime()), nil
}

func ctime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var secs starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &secs); err != nil {
		return nil, err
	}
	s, err := seconds(thread, secs)
	if err != nil {
		return nil, err
	}
	t, err := toTM(s, time.Local, "")
	if err != nil {
		return nil, err
	}
	return starlark.String(t.asctime()), nil
}

// unix is mktime: t read as local time, with tm_isdst choosing between
// standard and summer time as glibc does (-1: whichever applies).
func (t tm) unix() int64 {
	d := time.Date(t.year, time.Month(t.mon+1), t.mday, t.hour, t.min, t.sec, 0, time.Local)
	secs := d.Unix()
	if t.isdst < 0 || d.IsDST() == (t.isdst > 0) {
		return secs
	}
	_, off := d.Zone()
	// The offset the zone has at the other kind of time, half a year away.
	for _, months := range []int{6, -6} {
		o := d.AddDate(0, months, 0)
		if o.IsDST() == (t.isdst > 0) {
			_, want := o.Zone()
			return secs - int64(want-off)
		}
	}
	if t.isdst > 0 {
		return secs - 3600 // glibc's guess for a zone without summer time
	}
	return secs
}

func mktime(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	t, err := timeTuple("mktime", v)
	if err != nil {
		return nil, err
	}
	return starlark.Float(float64(t.unix())), nil
}

func strftime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var format, v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &format, &v); err != nil {
		return nil, err
	}
	f, ok := format.(starlark.String)
	if !ok {
		return nil, py.Errorf(py.TypeError, "strftime() argument 1 must be str, not %s", py.TypeOf(format).Name())
	}
	t, err := optionalTime(thread, "strftime", v)
	if err != nil {
		return nil, err
	}
	return starlark.String(t.strftime(string(f))), nil
}

// strftime formats a checked time, with tm_isdst taken as -1, 0 or 1.
func (t tm) strftime(format string) string {
	t.isdst = max(-1, min(t.isdst, 1))
	return t.format(format)
}

// Strftime is time.strftime(format, t) for a 9-tuple t of Python's fields
// (month 1-12, weekday 0 = Monday, day of the year 1-366), with its range
// checks; the datetime module formats its values with it.
func Strftime(format string, t starlark.Tuple) (string, error) {
	tt, err := timeTuple("strftime", t)
	if err != nil {
		return "", err
	}
	if err := tt.check(); err != nil {
		return "", err
	}
	return tt.strftime(format), nil
}

// StrftimeLocal is time.strftime(format, time.localtime(secs)), for
// modules that print local times themselves (logging's asctime).
func StrftimeLocal(format string, secs int64) (string, error) {
	t, err := toTM(secs, time.Local, "")
	if err != nil {
		return "", err
	}
	return t.format(format), nil
}
