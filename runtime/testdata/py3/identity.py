# `is` asks for the same object, not an equal one.
a = [1, 2]
b = [1, 2]
c = a
print(a is b, a is c, a is not b, a is not c, a == b)
d1, d2 = {}, {}
print(d1 is d2, d1 is d1, not d1 is d2)
t = (1, 2)
u = t
e = ()
print(t is u, e is e)

class Point:
    def __init__(self, x):
        self.x = x
    def __eq__(self, other):
        return True

p, q = Point(1), Point(2)
print(p == q, p is q, p is p, p is not q, p is None, None is p)
x = None
print(x is None, x is not None, None is None)
print(True is True, False is not True, type(a) is list, type(p) is Point)

def same(u, v):
    return u is v

print(same(a, a), same(a, b), same(same, same), same(print, print))
flag = 1
print(flag is True, (flag == 1) is True)
sentinel = object()
print(sentinel is sentinel, sentinel is object())
items = [a, b]
print([i for i, v in enumerate(items) if v is b])
o = object()
print(repr(o)[:16], type(o).__name__, o == o, o != object(), isinstance(o, object))
try:
    object(1)
except TypeError as e:
    print(e)
try:
    o.x = 1
except AttributeError as e:
    print(e)
