# The paths the runtime keeps on Starlark's own operators (a range loop, a
# number's %) and its method fast paths give what CPython gives.

def counting(n):
    total = 0
    for i in range(n):
        if i == 7:
            break
        total += i * i % 5
    else:
        total = -1
    return total

print(counting(10), counting(3))
print([i % 3 for i in range(-4, 4)], [[j for j in range(i)] for i in range(3)])
print([x for x in range(3) for y in "ab"])

def mods():
    a, b = 7, -3
    print(a % b, -a % 3, 7.5 % 2, -7.5 % 2, 7 % 2.5, 2 ** 3 % 5)
    c = 10
    c %= 4
    d = 10.0
    d %= -3
    print(c, d)
    n = 3
    print("%d%%" % n, b"%d" % n, "%s-%s" % (n, n % 2))

mods()

def tricky(step):
    # range here is a local name: the loop must still follow it.
    range = lambda n: ["r%d" % k for k in [0, 1][:n]]
    return [v for v in range(step)]

print(tricky(2))

for s in ["  a b  ", "\u3000\x1c x \x1f\x85", "\xa0", "", "   ", "\tx\n\r\x0b\x0c"]:
    print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
for b in [b" \t\x0ba\r\n", b"\xa0a\xa0", b"", b"\x1c"]:
    print(b.strip(), b.lstrip(), b.rstrip())
print("xxaxx".strip("x"), "abcba".strip("ab"), b"--a--".rstrip(b"-"))

f, g = "a,b".split, "c;d".split
print(f(","), g(";"), f(",", 1))
up = b"abc".upper
print(up(), [1, 2, 3].index(2), {"k": 1}.get("k"), {"k": 1}.get("z", 0))
try:
    "x".strip(1)
except TypeError as e:
    print("TypeError", e)
try:
    "x".lower(1)
except TypeError as e:
    print("TypeError", e)

# x.m(a, k=v) on a built-in type calls its method at once; a subclass's
# own method, a missing attribute and keyword arguments behave as ever.
class D(dict):
    def get(self, k, d=None):
        return "override"

class L(list):
    def append(self, x):
        print("append", x)

d = D()
print(d.get("a"), "a b".split(maxsplit=1), b"ab".hex(), "x".join(["a", "b"]))
L().append(3)
sep = "-"
print("a-b".split(sep, 1), "A".lower(), [3, 1].index(1), "abc".find("c", 1))
nothing = None
try:
    nothing.strip(sep)
except AttributeError as e:
    print(e)
try:
    "abc".find()
except TypeError as e:
    print(e)
