class Vector:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, other):
        if not isinstance(other, Vector):
            return NotImplemented
        return Vector(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vector(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        return Vector(self.x * k, self.y * k)

    def __rmul__(self, k):
        return self * k

    def __truediv__(self, k):
        return Vector(self.x / k, self.y / k)

    def __neg__(self):
        return Vector(-self.x, -self.y)

    def __repr__(self):
        return "Vector(%r, %r)" % (self.x, self.y)


class Bits:
    def __init__(self, n):
        self.n = n

    def __or__(self, other):
        return Bits(self.n | other.n)

    def __and__(self, other):
        return Bits(self.n & other.n)

    def __invert__(self):
        return Bits(~self.n & 0xFF)

    def __lshift__(self, k):
        return Bits(self.n << k)

    def __mod__(self, k):
        return self.n % k

    def __repr__(self):
        return "Bits(%s)" % bin(self.n)


a, b = Vector(1, 2), Vector(3, 4)
print(a + b, a - b, a * 3, 2 * a, b / 2, -a)
total = Vector(0, 0)
for v in [a, b, a]:
    total += v
print(total)
print(Bits(5) | Bits(2), Bits(6) & Bits(3), ~Bits(1), Bits(1) << 4, Bits(7) % 4)
for bad in [lambda: a + 1, lambda: 1 + a, lambda: a // 2, lambda: +a, lambda: "s" * a]:
    try:
        print(bad())
    except TypeError as e:
        print("TypeError:", e)


class Room:
    def __init__(self, *names):
        self.names = list(names)

    def __contains__(self, name):
        return name.lower() in self.names


room = Room("ann", "bob")
print("ANN" in room, "eve" in room, "eve" not in room)
try:
    print(1 in Vector(0, 0))
except TypeError as e:
    print("TypeError:", e)
