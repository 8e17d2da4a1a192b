import os
import tempfile

tmp = tempfile.gettempdir()
print(type(tmp).__name__, os.path.isabs(tmp), os.path.isdir(tmp))
print(tempfile.gettempdirb() == tmp.encode())
print(tempfile.gettempprefix(), tempfile.gettempprefixb(), tempfile.template, tempfile.TMP_MAX)

CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"


def random_name(name, prefix="tmp"):
    rest = name[len(prefix):]
    return name.startswith(prefix) and len(rest) == 8 and all(c in CHARS for c in rest)


# mkdtemp: a new private directory the script removes itself.
d = tempfile.mkdtemp()
print(os.path.dirname(d) == tmp, random_name(os.path.basename(d)), os.path.isdir(d))
print(os.listdir(d))
os.rmdir(d)
print(os.path.exists(d))

# prefix, suffix and dir; a relative dir stays relative in 3.11.
base = tempfile.mkdtemp(prefix="base-", suffix=".d")
print(os.path.basename(base).startswith("base-"), base.endswith(".d"))
sub = tempfile.mkdtemp(dir=base, prefix="")
print(os.path.dirname(sub) == base, len(os.path.basename(sub)))

# bytes in, bytes out; mixing is refused.
bd = tempfile.mkdtemp(prefix=b"b")
print(type(bd).__name__, bd.startswith(tmp.encode() + b"/b"))
os.rmdir(bd)
try:
    tempfile.mkdtemp(prefix=b"x", suffix="y")
except TypeError as e:
    print("TypeError:", e)

# mkstemp: an open descriptor and an absolute path.
fd, path = tempfile.mkstemp(suffix=".txt", dir=base)
print(type(fd).__name__, os.path.isabs(path), path.endswith(".txt"), os.path.isfile(path))
print(os.write(fd, b"hello\n"), os.path.getsize(path))
os.close(fd)
try:
    os.close(fd)
except OSError as e:
    print(type(e).__name__, e.errno, e)
with open(path) as f:
    print(repr(f.read()))
os.unlink(path)

fd, path = tempfile.mkstemp(dir=base, text=True)
with os.fdopen(fd, "w") as f:
    print(f.name == fd, f.mode)
    f.write("via fdopen\n")
print(open(path).read(), end="")
os.remove(path)

# A directory that is not there.
missing = os.path.join(base, "nope")
for fn in (tempfile.mkdtemp, tempfile.mkstemp):
    try:
        fn(dir=missing)
    except FileNotFoundError as e:
        print(fn.__name__, type(e).__name__, e.errno, e.filename.startswith(missing + "/tmp"))

os.rmdir(sub)
os.rmdir(base)
print(os.path.exists(base))
