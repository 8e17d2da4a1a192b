import os
import tempfile

base = tempfile.mkdtemp()


def rel(p):
    return p.replace(base, "BASE")


def attempt(fn, *args, **kwargs):
    try:
        r = fn(*args, **kwargs)
    except Exception as e:
        print(" ", fn.__name__, type(e).__name__, rel(str(e)))
    else:
        print(" ", fn.__name__, "->", rel(repr(r)))


a = os.path.join(base, "a")
attempt(os.mkdir, a)
attempt(os.mkdir, a)
print(os.path.isdir(a), os.path.isfile(a), os.path.exists(a), os.path.islink(a))
attempt(os.makedirs, os.path.join(a, "b", "c"))
attempt(os.makedirs, os.path.join(a, "b", "c"))
attempt(os.makedirs, os.path.join(a, "b", "c"), exist_ok=True)
attempt(os.makedirs, os.path.join(a, "b", "c", ""), exist_ok=True)
attempt(os.makedirs, os.path.join(a, "x", "."), 0o755)
print(sorted(os.listdir(a)))
with open(os.path.join(a, "f.txt"), "w") as f:
    f.write("12345")
print(os.path.isfile(os.path.join(a, "f.txt")), os.path.getsize(os.path.join(a, "f.txt")))
attempt(os.makedirs, os.path.join(a, "f.txt"), exist_ok=True)
attempt(os.makedirs, os.path.join(a, "f.txt", "g", "h"))
attempt(os.mkdir, os.path.join(a, "f.txt", "g"))
attempt(os.listdir, os.path.join(a, "f.txt"))
attempt(os.listdir, os.path.join(a, "missing"))
print(sorted(os.listdir(os.fsencode(a) if hasattr(os, "fsencode") else a.encode())))

# rename and replace
src, dst = os.path.join(a, "f.txt"), os.path.join(a, "g.txt")
attempt(os.rename, src, dst)
attempt(os.rename, src, dst)
attempt(os.replace, dst, os.path.join(a, "x"))
attempt(os.replace, dst, os.path.join(a, "b"))
with open(src, "w") as f:
    f.write("new")
attempt(os.replace, src, dst)
print(open(dst).read(), os.path.exists(src))
try:
    os.rename(src, dst)
except OSError as e:
    print(type(e).__name__, e.errno, rel(e.filename), rel(e.filename2), e.args)

# rmdir
attempt(os.rmdir, os.path.join(a, "b"))
attempt(os.rmdir, os.path.join(a, "b", "c"))
attempt(os.rmdir, os.path.join(a, "b", "c"))
attempt(os.rmdir, dst)

# wrong types and values
attempt(os.mkdir, 1)
attempt(os.mkdir, "a\0b")
attempt(os.mkdir, "x", "y")
attempt(os.rmdir, None)
attempt(os.listdir, 1.5)
attempt(os.rename, 1, "x")
attempt(os.rename, "x", 1)
attempt(os.remove, "a\0b")
attempt(os.remove, b"a\0b")
attempt(os.path.isdir, "a\0b")
attempt(os.path.isdir, None)
attempt(os.path.getsize, os.path.join(base, "nope"))
attempt(os.path.abspath, 1)
attempt(os.makedirs, 1)

print(os.path.normpath("//a/../b/./c//"), os.path.normpath("///a/../b"), os.path.normpath(""))
print(os.path.normpath("../..//x/.."), os.path.normpath(b"a//b/../c"), os.path.normpath("/.."))
print(os.path.abspath("x/../y") == os.path.join(os.getcwd(), "y"), os.path.abspath("/a/./b/"))
print(os.path.isdir("/"), os.path.isfile("/"), os.path.isdir(b"/"), os.path.islink("/"))

# descriptors from os.open
p = os.path.join(base, "raw")
fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
print(os.write(fd, b"raw bytes"), os.write(fd, bytearray(b"!")))
attempt(os.write, fd, "str")
os.close(fd)
attempt(os.close, fd)
attempt(os.read, fd, 10)
fd = os.open(p, os.O_RDONLY)
print(os.read(fd, 4), os.read(fd, 100), os.read(fd, 100))
os.close(fd)
attempt(os.open, os.path.join(base, "none"), os.O_RDONLY)
attempt(os.fdopen, "x")
fd = os.open(p, os.O_RDONLY)
with os.fdopen(fd) as f:
    print(f.read(), f.name == fd)
attempt(os.read, fd, 1)

os.remove(p)
os.remove(dst)
for d in ("b", "x"):
    os.rmdir(os.path.join(a, d))
os.rmdir(a)
os.rmdir(base)
print(os.path.exists(base))
os.makedirs("dirs.py/g/h")
