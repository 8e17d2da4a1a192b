# enumerate and zip over an iterator take its items as the loop asks for
# them: an endless one works, and what is left stays in the iterator.
import itertools

for i, v in enumerate(itertools.count(10)):
    if i == 3:
        break
    print(i, v)
it = iter([1, 2, 3, 4, 5])
for a, b in zip(it, "xy"):
    print(a, b)
print(list(it))
for n, (a, b) in enumerate(zip(itertools.count(), itertools.cycle("ab")), start=1):
    print(n, a, b)
    if n == 3:
        break
e = enumerate(iter("pq"), 5)
print(type(e).__name__, next(e), list(e))
z = zip(iter([1]), [2], (3,))
print(type(z).__name__, list(z), list(zip(iter([]))))
print(list(enumerate(["a", "b"])), list(zip([1, 2], [3, 4])))
try:
    enumerate(iter([1]), "x")
except TypeError as e:
    print("TypeError", e)
