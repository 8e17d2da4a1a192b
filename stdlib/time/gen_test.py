# Prints testdata/generated.star: checks whose expected values are what
# CPython 3.11 gives with TZ=Europe/Paris (the Go test sets the same zone).
# Run: TZ=Europe/Paris python3 gen_test.py > testdata/generated.star
import time, re, os
assert os.environ.get("TZ") == "Europe/Paris"
exprs = r"""
time.gmtime(0)
time.gmtime(1344273557)
time.gmtime(-1)
time.gmtime(1.9)
time.gmtime(-0.5)
time.gmtime(True)
time.gmtime(951782400)
time.gmtime(4102444800)
tuple(time.gmtime(1344273557))
time.gmtime(1344273557)[0]
time.gmtime(1344273557)[-1]
time.gmtime(1344273557)[:3]
len(time.gmtime(0))
time.gmtime(1344273557).tm_year
time.gmtime(1344273557).tm_mon
time.gmtime(1344273557).tm_mday
time.gmtime(1344273557).tm_hour
time.gmtime(1344273557).tm_min
time.gmtime(1344273557).tm_sec
time.gmtime(1344273557).tm_wday
time.gmtime(1344273557).tm_yday
time.gmtime(1344273557).tm_isdst
time.gmtime(1344273557).tm_zone
time.gmtime(1344273557).tm_gmtoff
time.gmtime(1344273557).n_fields
repr(time.gmtime(0))
str(time.gmtime(0))
time.localtime(1344273557)
time.localtime(1325862557)
time.localtime(1344273557).tm_zone
time.localtime(1344273557).tm_gmtoff
time.localtime(1325862557).tm_zone
time.localtime(1325862557).tm_gmtoff
time.localtime(0)
time.ctime(0)
time.ctime(1344273557)
time.ctime(1344273557.9)
time.ctime(1325862557)
time.asctime(time.gmtime(1344273557))
time.asctime((2012,8,6,17,9,17,0,219,0))
time.asctime((2012,8,6,17,9,17,7,219,0))
time.asctime((2012,0,0,0,0,0,0,0,0))
time.asctime((99999,1,1,0,0,0,0,1,0))
time.asctime((2012,8,6,17,9,61,0,219,0))
time.mktime((2012,8,6,17,9,17,0,219,-1))
time.mktime((2012,8,6,17,9,17,0,219,0))
time.mktime((2012,8,6,17,9,17,0,219,1))
time.mktime((2012,1,6,17,9,17,0,219,1))
time.mktime((2012,1,6,17,9,17,0,219,0))
time.mktime((2012,1,6,17,9,17,0,219,-1))
time.mktime(time.localtime(1344273557))
time.mktime(time.localtime(1325862557))
time.mktime((2012,14,40,25,61,61,0,0,0))
time.mktime((1970,1,1,1,0,0,0,0,0))
time.mktime(time.struct_time((2012,8,6,17,9,17,0,219,0)))
time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(1344273557))
time.strftime("%a %A %b %B %y %j %p", time.gmtime(1344273557))
time.strftime("%Z %z", time.gmtime(1344273557))
time.strftime("%Z %z", time.localtime(1344273557))
time.strftime("%Z %z", time.localtime(1325862557))
time.strftime("%Z|%z", (2012,1,1,0,0,0,0,1,0))
time.strftime("%Z|%z", (2012,8,1,0,0,0,0,1,1))
time.strftime("%Z|%z", (2012,8,1,0,0,0,0,1,-1))
time.strftime("%%|%c|%x|%X", time.gmtime(1344273557))
time.strftime("%c|%x|%X|%D|%T|%e|%k|%l|%I", (2012,8,6,7,9,17,0,219,0))
time.strftime("%I %l %p %P %r", (2020,12,31,0,0,0,3,366,0))
time.strftime("%I %l %p %P %r", (2020,12,31,12,5,0,3,366,0))
time.strftime("%I %l %p %P %r", (2020,12,31,23,5,0,3,366,0))
time.strftime("%F %R %n%t %h %C %u %w", (2012,8,6,7,9,17,0,219,0))
time.strftime("%V %G %g %U %W %u %w %j", (2012,1,1,0,0,0,6,1,0))
time.strftime("%V %G %g %U %W", (2021,1,1,0,0,0,4,1,0))
time.strftime("%V %G %g %U %W", (2020,12,31,0,0,0,3,366,0))
time.strftime("%V %G %g %U %W", (2018,12,31,0,0,0,0,365,0))
time.strftime("%V %G %U %W", (2016,1,3,0,0,0,6,3,0))
time.strftime("%s", (2012,1,6,17,9,17,0,219,0))
time.strftime("%s", (2012,8,6,17,9,17,0,219,-1))
time.strftime("%Y|%y|%C|%G|%g", (5,1,1,0,0,0,0,1,0))
time.strftime("%Y %y", (1999,1,1,0,0,0,0,1,0))
time.strftime("%j %m %d", (2012,0,0,0,0,0,0,0,0))
time.strftime("abc%", (2012,1,1,0,0,0,0,1,0))
time.strftime("%Q %5", (2012,1,1,0,0,0,0,1,0))
time.strftime("%-d|%_m|%^a|%^B|%0e|%-H|%5Y|%Ey|%Od|%_H|%-j", (2012,3,5,7,9,17,0,65,0))
time.strftime("", (2012,1,1,0,0,0,0,1,0))
time.strftime("héllo %Y", (2012,1,1,0,0,0,0,1,0))
time.strftime("%a", (2012,8,6,17,9,17,6,219,0))
time.strftime("%a %A", (2012,8,6,17,9,17,-1,219,0))
time.strftime("%Y", (2012,13,6,17,9,17,0,219,0))
time.strftime("%Y", (2012,12,32,17,9,17,0,219,0))
time.strftime("%Y", (2012,12,3,24,9,17,0,219,0))
time.strftime("%Y", (2012,12,3,2,60,17,0,219,0))
time.strftime("%Y", (2012,12,3,2,6,62,0,219,0))
time.strftime("%Y", (2012,12,3,2,6,6,-2,219,0))
time.strftime("%Y", (2012,12,3,2,6,6,1,367,0))
time.strftime("%Y", (2012,12,3,-1,6,6,1,3,0))
time.strftime("%Y", (2012,12))
time.strftime("%Y", [2012,1,1,0,0,0,0,1,0])
time.strftime(1)
time.strftime("%Y", "x")
time.strftime("%Y", (2012,1,1,0,0,0,0,1.5,0))
time.asctime((2012,8,6))
time.asctime("x")
time.asctime((2012,13,6,17,9,17,0,219,0))
time.asctime((2012,1,1,0,0,0,-2,1,0))
time.mktime((2012,8,6))
time.mktime("x")
time.mktime(5)
time.gmtime("x")
time.gmtime(None) == time.gmtime(None) or True
time.gmtime(2**63)
time.gmtime(1e20)
time.gmtime(float('nan'))
time.gmtime(1e18)
time.localtime("x")
time.ctime("x")
time.sleep(-1)
time.sleep(-0.001)
time.sleep("x")
time.sleep(None)
time.sleep(0)
time.sleep(0.01)
time.sleep(float('nan'))
time.struct_time((1,2,3,4,5,6,7,8,9))
time.struct_time([1,2,3,4,5,6,7,8,9]).tm_zone
time.struct_time((1,2,3,4,5,6,7,8,9,'Z',3600)).tm_zone
time.struct_time((1,2,3,4,5,6,7,8,9,'Z',3600)).tm_gmtoff
time.struct_time((1,2,3,4,5,6,7,8,9,'Z',3600))
time.struct_time((1,2,3))
time.struct_time((1,2,3,4,5,6,7,8,9,10,11,12))
time.struct_time(5)
time.gmtime(0) == time.gmtime(0)
time.gmtime(0) != time.gmtime(1)
time.gmtime(0) < time.gmtime(1)
isinstance(time.gmtime(0), time.struct_time)
isinstance(time.gmtime(0), tuple)
type(time.gmtime(0)) == time.struct_time
str(time.struct_time)
type(time.time()) == float
type(time.time_ns()) == int
type(time.monotonic()) == float
type(time.monotonic_ns()) == int
type(time.perf_counter()) == float
type(time.perf_counter_ns()) == int
time.time() > 1600000000
time.time_ns() > 1600000000 * 10**9
time.tzname
time.timezone
time.altzone
time.daylight
time.gmtime(0).foo
hasattr(time.gmtime(0), "tm_year")
hasattr(time.gmtime(0), "foo")
""".strip().splitlines()

out = ["# Generated by gen_test.py: every expected value is what CPython 3.11 gives", "# with TZ=Europe/Paris.", "import assert", "import time", ""]
for e in exprs:
    e = re.sub(r"(\d+)\*\*(\d+)", lambda m: str(int(m.group(1)) ** int(m.group(2))), e)
    try:
        v = eval(e)
    except Exception as ex:
        cls = type(ex).__name__
        msg = "%s: %s" % (cls, ex)
        out.append("assert.fails(lambda: %s, %r)" % (e, "^" + re.escape(msg) + "$"))
        continue
    if isinstance(v, time.struct_time):
        out.append("assert.eq(repr(%s), %r)" % (e, repr(v)))
        out.append("assert.eq(tuple(%s), %r)" % (e, tuple(v)))
        continue
    out.append("assert.eq(%s, %r)" % (e, v))
print("\n".join(out))
