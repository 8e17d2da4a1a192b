import contextlib
import os
import socket
from contextlib import suppress, closing, nullcontext


with suppress(FileNotFoundError):
    os.remove("/definitely/not/here")
    print("not reached")
print("after suppress")

with suppress(KeyError, IndexError):
    [][1]
print("suppressed IndexError")

with suppress(LookupError):
    {}["k"]
print("suppressed a subclass")

with suppress():
    pass
print(type(suppress()), repr(suppress(ValueError)).split(" at ")[0])

try:
    with suppress(KeyError):
        int("x")
except ValueError as e:
    print("not suppressed:", e)


class Resource:
    def __init__(self, name):
        self.name = name

    def close(self):
        print("closing", self.name)


with closing(Resource("db")) as r:
    print("using", r.name)

try:
    with closing(Resource("conn")):
        raise RuntimeError("boom")
except RuntimeError as e:
    print("raised through closing:", e)

a, b = socket.socketpair()
with closing(a) as s:
    print(s.fileno() >= 0)
print(a.fileno())
b.close()
c = closing(Resource("x"))
print(c.thing.name)

with nullcontext() as v:
    print(v)
with nullcontext(42) as v:
    print(v, nullcontext(1).enter_result)


def maybe_open(path=None):
    return open(path) if path else nullcontext(None)


with maybe_open() as f:
    print("no file:", f)

with suppress(ZeroDivisionError):
    with suppress(TypeError):
        1 / 0
print("outer suppressed")
with suppress(ValueError):
    raise KeyError("kept")
