import os
import tempfile

tmp = tempfile.gettempdir()


def show(path):
    return path.replace(tmp, "TMP")[:7]


# TemporaryDirectory: the with statement gives the name and removes the tree.
with tempfile.TemporaryDirectory() as d:
    print(type(d).__name__, os.path.isdir(d), os.path.dirname(d) == tmp)
    os.makedirs(os.path.join(d, "a", "b"))
    with open(os.path.join(d, "a", "b", "f.txt"), "w") as f:
        f.write("x")
    with open(os.path.join(d, "top.txt"), "w") as f:
        f.write("y")
    print(sorted(os.listdir(d)), os.listdir(os.path.join(d, "a")))
print(os.path.exists(d))

td = tempfile.TemporaryDirectory(prefix="pre", suffix="suf")
print(type(td), isinstance(td, tempfile.TemporaryDirectory))
print(repr(td) == "<TemporaryDirectory %r>" % td.name, show(td.name))
print(os.path.basename(td.name).startswith("pre"), td.name.endswith("suf"))
td.cleanup()
print(os.path.exists(td.name))
td.cleanup()  # again: nothing to do
with td as name:
    print(name == td.name)
print("cleanup twice is silent")

# A directory removed from under it is no error.
td = tempfile.TemporaryDirectory()
os.rmdir(td.name)
td.cleanup()
print("removed before cleanup")

# An exception in the block still removes it, and goes on.
try:
    with tempfile.TemporaryDirectory() as d:
        raise ValueError("inside")
except ValueError as e:
    print("ValueError", e, os.path.exists(d))

# NamedTemporaryFile: binary by default, removed on close.
f = tempfile.NamedTemporaryFile()
print(type(f).__name__, f.delete, os.path.isabs(f.name), os.path.exists(f.name))
print(f.file.mode, f.mode, type(f.file).__name__, repr(f.file) == "<_io.BufferedRandom name=%r>" % f.name)
print(f.write(b"line 1\nline 2\n"))
f.flush()
print(os.path.getsize(f.name))
f.seek(0)
print(f.read())
f.seek(0)
for line in f:
    print("line:", line)
print(f.closed)
f.close()
print(f.closed, os.path.exists(f.name))
f.close()

# Text mode, and the with statement.
with tempfile.NamedTemporaryFile("w+", suffix=".log", prefix="app-") as f:
    print(f.file.mode, f.encoding, os.path.basename(f.name).startswith("app-"), f.name.endswith(".log"))
    f.write("hello\nworld\n")
    f.seek(0)
    print(f.readlines())
    print(repr(f.file) == "<_io.TextIOWrapper name=%r mode='w+' encoding='UTF-8'>" % f.name)
    name = f.name
print(f.closed, os.path.exists(name))

# delete=False keeps it.
with tempfile.NamedTemporaryFile("w", delete=False) as f:
    f.write("kept")
print(open(f.name).read())
os.unlink(f.name)

# Removed by the script first: close says so.
f = tempfile.NamedTemporaryFile()
os.unlink(f.name)
try:
    f.close()
except FileNotFoundError as e:
    print(type(e).__name__, e.errno, e.filename == f.name)

try:
    f.nosuch
except AttributeError as e:
    print("AttributeError:", e)

# TemporaryFile: a file with no name.
with tempfile.TemporaryFile() as t:
    print(type(t).__name__, type(t.name).__name__, t.mode)
    t.write(b"abc")
    t.seek(0)
    print(t.read())
print(t.closed)
with tempfile.TemporaryFile("w+", encoding="utf-8") as t:
    t.write("text")
    t.seek(0)
    print(t.read(), t.encoding, t.mode)

try:
    tempfile.NamedTemporaryFile(mode="bad")
except ValueError as e:
    print("ValueError:", e)
