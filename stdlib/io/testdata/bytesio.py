import io
import struct

b = io.BytesIO(b"ab\ncd\nef")
print(b.readline(), b.readline(1), b.readlines(), b.tell())
print(b.seek(10), b.write(b"Z"), b.getvalue())
print(b.seek(-3, 2), b.seek(-100, 1), b.tell())
print(b.read(2), b.read(None), b.read(), b.read(-5))
print(b.seek(4), b.truncate(), b.getvalue(), b.tell())
print(b.truncate(2), b.getvalue(), b.tell())
b = io.BytesIO(b"ab\ncd\nef\ngh")
print(b.readlines(4), b.readlines(0), b.readlines())
b = io.BytesIO()
print(b.write(b"xy"), b.writelines([b"1", b"2"]), b.getvalue())
print(b.read1(), b.seek(0), b.read1(2), b.read1(-1))
print(b.readable(), b.writable(), b.seekable(), b.isatty(), b.flush(), b.closed)
print(io.BytesIO(b"").read(), io.BytesIO().getvalue(), io.BytesIO(None).getvalue())
print(io.BytesIO(initial_bytes=b"kw").getvalue())
print(isinstance(b, io.BytesIO), type(b), io.BytesIO)

# A message framed as a length and a body, as a socket program builds one.
buf = io.BytesIO()
body = "héllo".encode()
buf.write(struct.pack("!I", len(body)))
buf.write(body)
data = buf.getvalue()
print(data, len(data))
r = io.BytesIO(data)
(n,) = struct.unpack("!I", r.read(4))
print(n, r.read(n).decode(), r.read())

for line in io.BytesIO(b"one\ntwo\nthree"):
    print(line)
print(list(io.BytesIO(b"a\nb\n")), sorted(io.BytesIO(b"z\ny\n")))

with io.BytesIO(b"in with") as f:
    print(f.read(), f.closed)
print(f.closed)

for bad in [
    lambda: b.write("str"),
    lambda: b.writelines(["str"]),
    lambda: io.BytesIO("x"),
    lambda: io.BytesIO(5),
    lambda: b.seek(-1),
    lambda: b.seek(0, 3),
    lambda: b.seek("x"),
    lambda: b.seek(None),
    lambda: b.truncate(-1),
    lambda: b.read("x"),
    lambda: b.readline(1.5),
    lambda: b.fileno(),
]:
    try:
        print(bad())
    except Exception as e:
        print(type(e).__name__, e)

try:
    b.fileno()
except ValueError as e:
    print("ValueError too:", type(e).__name__, type(e).__mro__)
try:
    b.fileno()
except OSError as e:
    print("OSError too:", e, isinstance(e, io.UnsupportedOperation))

b.close()
b.close()
print(b.closed)
for op in [
    lambda: b.read(),
    lambda: b.readline(),
    lambda: b.readlines(),
    lambda: b.write(b"x"),
    lambda: b.writelines([]),
    lambda: b.getvalue(),
    lambda: b.seek(0),
    lambda: b.tell(),
    lambda: b.truncate(),
    lambda: b.flush(),
    lambda: b.readable(),
    lambda: b.isatty(),
    lambda: b.fileno(),
    lambda: b.__enter__(),
    lambda: [x for x in b],
]:
    try:
        print(op())
    except ValueError as e:
        print(type(e).__name__, e)
print(io.SEEK_SET, io.SEEK_CUR, io.SEEK_END, io.DEFAULT_BUFFER_SIZE)
