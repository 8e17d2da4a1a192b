// Package datetime is Python's datetime module for naive values (no time
// zones): dates, times of day, datetimes and durations, with CPython's
// arithmetic, rounding, text and errors. Local time is Go's time.Local,
// as for the time module.
//
//	datetime.date(year, month, day)
//	    .year .month .day, .isoformat(), .strftime(format), .weekday(), .isoweekday(),
//	    .isocalendar(), .toordinal(), .ctime(), .timetuple(), .replace(year=, month=, day=)
//	    date.today(), date.fromtimestamp(ts), date.fromordinal(n), date.fromisoformat(s)
//	    date.min, date.max, date.resolution
//	    date ± timedelta (whole days), date - date -> timedelta
//	datetime.datetime(year, month, day, hour=0, minute=0, second=0, microsecond=0,
//	                  tzinfo=None, *, fold=0)
//	    every date attribute and method, and .hour .minute .second .microsecond .fold
//	    .tzinfo (None), .date(), .time(), .timestamp(), .isoformat(sep='T', timespec='auto'),
//	    .replace(...), .utcoffset() .dst() .tzname() (None)
//	    datetime.now(tz=None), datetime.today(), datetime.utcnow(),
//	    datetime.fromtimestamp(ts, tz=None), datetime.utcfromtimestamp(ts),
//	    datetime.fromordinal(n), datetime.combine(date, time), datetime.fromisoformat(s)
//	    datetime.min, datetime.max, datetime.resolution
//	    datetime ± timedelta, datetime - datetime -> timedelta
//	    str() "2024-01-02 03:04:05.123456", repr() "datetime.datetime(2024, 1, 2, 3, 4, 5, 123456)"
//	datetime.time(hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *, fold=0)
//	    .hour .minute .second .microsecond .fold .tzinfo, .isoformat(timespec='auto'),
//	    .strftime(format), .replace(...), time.fromisoformat(s), time.min, time.max
//	datetime.timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0,
//	                   hours=0, weeks=0)
//	    .days .seconds .microseconds, .total_seconds(); + - with timedeltas, * and / by
//	    int or float (rounded half to even), // by int, / // % by timedelta, unary - +
//	    str() "1 day, 2:03:04.500000", repr() "datetime.timedelta(days=1, seconds=7384)"
//	    timedelta.min, timedelta.max, timedelta.resolution
//	datetime.MINYEAR, datetime.MAXYEAR
//
// strftime is time.strftime with %f (microseconds) added and %z, %Z empty;
// format(value, spec) and f-strings use it. All values compare with their
// own kind; a tzinfo other than None is refused.
package datetime

import (
	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

// The module's classes. Their class attributes (datetime.now, date.min)
// are set once, when the module is first built.
var (
	DateClass        = py.DeclareClass("datetime", "date", &py.Object, newDate)
	DateTimeClass    = py.DeclareClass("datetime", "datetime", &DateClass, newDateTime)
	TimeClass        = py.DeclareClass("datetime", "time", &py.Object, newTime)
	TimedeltaClass   = py.DeclareClass("datetime", "timedelta", &py.Object, newTimedelta)
	isoCalendarClass = py.DeclareClass("datetime", "IsoCalendarDate", &py.TupleType, nil)
)

// Module is the datetime module.
var Module = &py.Module{
	Name: "datetime",
	Build: func() starlark.StringDict {
		DateClass.Attrs = dateClassAttrs()
		DateTimeClass.Attrs = dateTimeClassAttrs()
		TimeClass.Attrs = timeClassAttrs()
		TimedeltaClass.Attrs = starlark.StringDict{
			"min":        Timedelta{days: -maxDays},
			"max":        Timedelta{maxDays, 86399, 999999},
			"resolution": Timedelta{us: 1},
		}
		return starlark.StringDict{
			"date":      DateClass,
			"datetime":  DateTimeClass,
			"time":      TimeClass,
			"timedelta": TimedeltaClass,
			"MINYEAR":   starlark.MakeInt(minYear),
			"MAXYEAR":   starlark.MakeInt(maxYear),
		}
	},
}
