# A script's classes in Python's protocols: containers, iteration, operators.
class Headers:
    def __init__(self):
        self._items = {}

    def __setitem__(self, key, value):
        self._items[key.lower()] = value

    def __getitem__(self, key):
        return self._items[key.lower()]

    def __delitem__(self, key):
        del self._items[key.lower()]

    def __contains__(self, key):
        return key.lower() in self._items

    def __iter__(self):
        return iter(sorted(self._items))

    def __len__(self):
        return len(self._items)


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        if isinstance(other, Money):
            return Money(self.cents + other.cents)
        if isinstance(other, int):
            return Money(self.cents + other)
        return NotImplemented

    def __radd__(self, other):
        return self.__add__(other)

    def __mul__(self, k):
        return Money(self.cents * k)

    def __repr__(self):
        return "Money(%d)" % self.cents


h = Headers()
h["Content-Type"] = "text/plain"
h["Host"] = "example.org"
print(h["content-type"], "HOST" in h, "Accept" in h, len(h), list(h))
for name in h:
    print(name, h[name])
del h["host"]
print(len(h), [k for k in h])
try:
    h["missing"]
except KeyError as e:
    print("KeyError", e)
print(list(Countdown(3)), sum(Countdown(4)), [x * 2 for x in Countdown(2)])
print(Money(5) + Money(7), Money(3) + 2, 10 + Money(1), Money(2) * 3, sum([Money(1), Money(2)], Money(0)))
try:
    Money(1) + "x"
except TypeError as e:
    print("TypeError", e)
d = {"a": 1}
del d["a"]
print(d)
try:
    del d["zz"]
except KeyError as e:
    print("KeyError", e)
l = [1, 2, 3]
del l[0]
print(l)
try:
    del l[5]
except IndexError as e:
    print("IndexError", e)
