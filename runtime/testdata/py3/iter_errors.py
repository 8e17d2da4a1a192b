# A for loop or comprehension over an object of a script's class ends with
# the exception its __next__ raises (StopIteration ends it quietly), and
# str, bytes and a list that grows iterate as Python's do.
class Countdown:
    def __init__(self, n, fail_at=None):
        self.n = n
        self.fail_at = fail_at

    def __iter__(self):
        return self

    def __next__(self):
        if self.n == self.fail_at:
            raise ValueError("failed at %d" % self.n)
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


class BadIter:
    def __iter__(self):
        return 42


class Raising:
    def __iter__(self):
        raise KeyError("no iterator")


for x in Countdown(3):
    print("count", x)
print([x * 2 for x in Countdown(4)])

try:
    for x in Countdown(5, fail_at=3):
        print("before failing", x)
    print("not reached")
except ValueError as e:
    print("loop raised", e)

try:
    print([x for x in Countdown(5, fail_at=2)])
except ValueError as e:
    print("comprehension raised", e)

try:
    print({x: 1 for x in Countdown(5, fail_at=4)})
except ValueError as e:
    print("dict comprehension raised", e)

for bad in [BadIter(), Raising(), 5, None]:
    try:
        for x in bad:
            pass
    except Exception as e:
        print(type(e).__name__, e)

for c in "hé!":
    print("char", c)
for b in b"ok":
    print("byte", b)

grow = [1, 2]
for x in grow:
    if len(grow) < 6:
        grow.append(x * 10)
print(grow)

nested = []
for a in Countdown(2):
    for b in "xy":
        nested.append("%d%s" % (a, b))
print(nested)


def first_failure():
    try:
        for x in Countdown(3, fail_at=1):
            pass
    except ValueError as e:
        return "in function: %s" % e
    return "no error"


print(first_failure())
