from collections import namedtuple


def attempt(f, *a, **k):
    try:
        print(" ", repr(f(*a, **k)))
    except Exception as e:
        print(" ", type(e).__name__, e)


Point = namedtuple("Point", "x y")
attempt(Point, 1, 2, 3)
attempt(Point, 1)
attempt(Point)
attempt(Point, 1, 2, z=3)
attempt(Point, 1, x=2)
Q = namedtuple("Q", ["a", "b", "c"], defaults=[3])
attempt(Q, 1)
attempt(Q, 1, 2, 3, 4)
attempt(Q)
R3 = namedtuple("R3", "a b c")
attempt(R3)
E = namedtuple("E", "")
attempt(E, 1)
print(E(), E._fields)
attempt(namedtuple, "P", "x x")
attempt(namedtuple, "P", "_x")
attempt(namedtuple, "P", "def")
attempt(namedtuple, "P", "1x")
attempt(namedtuple, "class", "x")
attempt(namedtuple, "P", ["x", 1])
attempt(namedtuple, "P", "x", defaults=[1, 2])
print(namedtuple("P", "x def _y x", rename=True)._fields)

p = Point(1, 2)
print(p, repr(p), str(p), p.x, p[1], p[-1], len(p), list(p))
print(p == (1, 2), (1, 2) == p, p != (1, 2), p == (2, 1), p == Point(1, 2), hash(p) == hash((1, 2)))
print(p < (1, 3), p > (0, 9), p <= Point(1, 2), p + (3,), (0,) + p, p * 2, 2 * p)
attempt(setattr, p, "x", 5)
attempt(lambda: p[5])
attempt(lambda: p.z)
print(p._asdict(), p._replace(x=9), Point._make([5, 6]), Point._fields, Q._field_defaults)
print(Point.__name__, Point.__doc__, type(p), isinstance(p, tuple), isinstance(p, Point))
print(Point.__mro__, Point.__module__)
attempt(p._replace, z=1)
attempt(Point._make, [1])
attempt(Point._make, [1, 2, 3])
print(p.count(1), p.index(2), 2 in p, 5 in p, bool(p), bool(E()))
x, y = p
print(x, y)
print("%s-%s" % p, "{}".format(p), f"{p}", "%r" % (p,))
print(Q(1, 2), Q(1, 2, 4), Q(c=0, b=1, a=2), Q(1, 2)._asdict())


class Pt(Point):
    def norm(self):
        return self.x + self.y

    def __str__(self):
        return "Pt<%d,%d>" % self


pt = Pt(3, 4)
print(pt, repr(pt), pt.norm(), pt._replace(x=0), type(pt._replace(x=0)).__name__, Pt._make([1, 2]))
print(isinstance(pt, Point), pt == (3, 4), Pt.__mro__)
print(sorted([Point(2, 1), Point(1, 2)]), max(Point(1, 2), Point(1, 3)), dict(a=p))
print(Point(*[1, 2]), Point(**{"x": 1, "y": 2}), tuple(p), list(zip(p, "ab")))
print(namedtuple("R", "a, b   c")._fields, namedtuple("S", ("a", "b"))(b=1, a=2))
print(namedtuple("M", "a", module="mymod"))
for field, value in zip(p._fields, p):
    print(field, "=", value)
Address = namedtuple("Address", ["host", "port"])
addr = Address("127.0.0.1", 8080)
print("%s:%d" % addr, addr.host, addr[1])
print({p: "here"}[p], {addr: 1}.get(addr))
Point(1, 2).x = 3
