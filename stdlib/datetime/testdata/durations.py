# Durations and calendar arithmetic, with fixed values.
from datetime import datetime, date, time, timedelta

start = datetime(2024, 2, 28, 22, 15, 30, 250000)
print(start, repr(start))
print(start.strftime('%A %d %B %Y, %I:%M %p (%f)'))
print(start.isoformat(), start.isoformat(' ', 'seconds'), start.date(), start.time())
for delta in [timedelta(hours=2), timedelta(days=1, minutes=-1), timedelta(weeks=1, seconds=0.5), -timedelta(microseconds=1)]:
    end = start + delta
    print(delta, '|', repr(delta), '|', end, '|', end - start == delta)
elapsed = datetime(2024, 3, 1, 8) - start
print(elapsed, elapsed.days, elapsed.seconds, elapsed.microseconds, elapsed.total_seconds())
print(elapsed / timedelta(hours=1), elapsed // timedelta(hours=1), elapsed % timedelta(hours=1))
print(elapsed * 2, elapsed / 3, 3 * elapsed, elapsed * 0.25)
print(timedelta(days=400, seconds=5, microseconds=6), timedelta(seconds=-1), timedelta())
print(timedelta(days=1) > timedelta(hours=23), timedelta(minutes=60) == timedelta(hours=1))
d = date(2024, 12, 30)
print(d, repr(d), d.isocalendar(), d.weekday(), d.isoweekday(), d.toordinal(), d.ctime())
print(d + timedelta(days=3), d - date(2024, 1, 1), d.replace(month=2, day=29))
print(date(2024, 1, 1) < d, sorted([d, date(2020, 5, 5), date(2030, 1, 1)]))
t = time(9, 30)
print(t, repr(t), t.isoformat('milliseconds'), datetime.combine(d, t))
print(f'{start:%H:%M} {d:%d/%m/%Y} {elapsed}', '{:%j}'.format(d))
print(datetime.fromisoformat('2024-05-06T07:08:09.5'), date.fromisoformat('2024-05-06'))
print(datetime.utcfromtimestamp(1700000000.123456), datetime.utcfromtimestamp(0))
print(datetime.max - datetime.min, timedelta.max, timedelta.min, datetime.min, date.max)
print(start.timetuple()[:6])
print(datetime(2024, 1, 1) + timedelta(days=1000000))
