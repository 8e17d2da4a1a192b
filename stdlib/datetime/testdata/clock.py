# A server log line stamped with the time, as tutorials print it: only
# what does not depend on when or where this runs is printed.
import datetime
import time

now = datetime.datetime.now()
print(type(now).__name__, isinstance(now, datetime.date), now.tzinfo)
print(2024 <= now.year <= 9999, 1 <= now.month <= 12, 0 <= now.microsecond < 10**6)
later = datetime.datetime.now()
print(later >= now, (later - now) < datetime.timedelta(seconds=5))
print(abs(now.timestamp() - time.time()) < 5)
today = datetime.date.today()
print(type(today).__name__, today == now.date() or today == later.date())
utc = datetime.datetime.utcnow()
print(abs((utc - now).total_seconds()) <= 14 * 3600 + 5)
stamp = now.strftime('%Y-%m-%d %H:%M:%S')
print(len(stamp), stamp[4], stamp[10], len(now.isoformat()) in (19, 26))
