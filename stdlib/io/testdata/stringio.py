import io
import json

s = io.StringIO("héllo\nwörld\n")
print(s.read(3), s.tell(), repr(s.readline()), s.tell())
print(s.seek(0, 2), s.seek(20), s.write("z"), repr(s.getvalue()), s.tell())
print(s.truncate(3), s.tell(), repr(s.getvalue()), repr(s.read()))
s = io.StringIO("abc")
s.seek(1)
print(s.truncate(), s.getvalue(), s.tell(), s.write("Q"), s.getvalue())
s = io.StringIO("x")
print(s.write("abc"), s.getvalue(), s.seek(0, 1), s.seek(0))

for nl in ["\n", None, "", "\r", "\r\n"]:
    s = io.StringIO("a\r\nb\rc\nd", newline=nl)
    print(repr(nl), repr(s.getvalue()), s.readlines(), s.tell(), repr(s.newlines))
    s.write("x\ny\r\n")
    print(repr(s.getvalue()), s.tell(), repr(s.newlines))
s = io.StringIO(newline=None)
s.write("a\r")
s.write("\nb")
print(repr(s.getvalue()), s.newlines)
s = io.StringIO(newline="")
s.write("a\r")
s.write("\nb")
s.seek(0)
print(s.readlines())

out = io.StringIO()
print("hello", "world", sep=", ", file=out)
print(42, file=out, end="!\n")
out.writelines(["a\n", "b\n"])
print(repr(out.getvalue()))
for line in io.StringIO(out.getvalue()):
    print(repr(line))
print(list(io.StringIO("1\n2\n3")))

buf = io.StringIO()
json.dump({"k": [1, 2]}, buf)
print(buf.getvalue(), json.loads(buf.getvalue()))
print(json.load(io.StringIO('{"a": 1}')))

print(io.StringIO("a\nb\nc\n").readlines(2), io.StringIO("abc").readline(2))
print(s.readable(), s.writable(), s.seekable(), s.isatty(), s.flush())
print(s.line_buffering, s.encoding, s.errors, s.closed)
print(io.StringIO(None).getvalue() == "", io.StringIO(initial_value="kw", newline=None).read())
print(type(s), io.StringIO, isinstance(s, io.StringIO))

with io.StringIO("text") as f:
    print(f.read())
print(f.closed)

for bad in [
    lambda: io.StringIO().write(b"x"),
    lambda: io.StringIO().writelines([1]),
    lambda: io.StringIO(1),
    lambda: io.StringIO("a", 1),
    lambda: io.StringIO(newline="x"),
    lambda: s.seek(-1),
    lambda: s.seek(0, 3),
    lambda: s.seek(1, 1),
    lambda: s.seek(1, 2),
    lambda: s.truncate(-1),
    lambda: s.read("x"),
    lambda: s.fileno(),
]:
    try:
        print(bad())
    except Exception as e:
        print(type(e).__name__, e)

s.close()
print(s.closed, s.close(), s.flush())
for op in [
    lambda: s.read(),
    lambda: s.readline(),
    lambda: s.readlines(),
    lambda: s.write("x"),
    lambda: s.writelines([]),
    lambda: s.getvalue(),
    lambda: s.seek(0),
    lambda: s.tell(),
    lambda: s.truncate(),
    lambda: s.readable(),
    lambda: s.isatty(),
    lambda: s.newlines,
    lambda: s.__enter__(),
    lambda: [x for x in s],
]:
    try:
        print(op())
    except ValueError as e:
        print(type(e).__name__, e)

try:
    with io.StringIO() as f:
        f.write("partial")
        raise KeyError("inside with")
except KeyError as e:
    print("raised", e, f.closed)
