from collections import deque


def attempt(f, *a, **k):
    try:
        print(" ", repr(f(*a, **k)))
    except Exception as e:
        print(" ", type(e).__name__, e)


d = deque()
attempt(d.pop)
attempt(d.popleft)
d = deque([1, 2, 3], maxlen=3)
attempt(d.insert, 0, 5)
attempt(d.remove, 9)
attempt(d.index, 9)
attempt(lambda: d[5])
attempt(lambda: d["x"])
attempt(deque, [], -1)
attempt(deque, [], "x")
attempt(deque, 5)
attempt(setattr, d, "maxlen", 3)
attempt(hash, d)
attempt(lambda: d + [1])
attempt(lambda: d * "x")
print(d == [1, 2, 3], d == deque([1, 2, 3]), d != deque([1]))


def mutate():
    for x in d:
        d.append(x)


attempt(mutate)
attempt(d.rotate, "x")
attempt(d.count)
attempt(d.append)
attempt(d.append, 1, 2)
attempt(d.extend, 5)
attempt(deque, maxlen=2)
print(deque([1], maxlen=2), deque(), deque("abc"))


def store():
    d[7] = 1


attempt(store)


def delete():
    del d[7]


attempt(delete)
print(type(d), deque, d.maxlen, deque([]).maxlen, isinstance(d, deque))
attempt(deque, [1], 2, 3)
attempt(deque, bogus=1)
attempt(d.copy, 1)
attempt(d.rotate, 1, 2)
attempt(d.pop, 1)
attempt(d.append, x=1)
attempt(d.insert, 1)
attempt(d.index)

d2 = deque([1, 2, 3])
d2 += [4]
print(d2)
print(d2 * 2, 2 * d2)
print(d2 + deque([9]), deque([1, 2], maxlen=2) + deque([3]))
d2.insert(100, "end")
d2.insert(-100, "start")
print(d2)
print(d2.index(3), d2.count(3), 3 in d2, 7 in d2, list(reversed(d2)))
d2.reverse()
print(d2)
d2.rotate(2)
print(d2)
d2.rotate(-3)
print(d2)
d2.rotate()
print(d2)
d2.extendleft("ab")
print(d2)
del d2[0]
print(d2)
d2[0] = "X"
print(d2[0], d2[-1], len(d2), bool(d2))
d2.clear()
print(d2, bool(d2), len(d2))

b = deque(range(5), maxlen=3)
print(b)
b.appendleft(9)
print(b)
b.append(7)
print(b)
b.extend([1, 2, 3, 4])
print(b)
b.extendleft([8])
print(b)
print(deque([1, 2]) == deque([1, 2]), deque([1, 2]) < deque([1, 3]), deque([1]) != deque([1]))
x = deque([1])
x.append(x)
print(x)
print(deque([1, 2], maxlen=0))
print(str(deque([1])), f"{deque([2])}", "%s" % deque([3]))
print(sorted(deque([3, 1, 2])), sum(deque([1, 2, 3])), list(deque("xy")), tuple(deque([1])))
e = deque([1, 2, 3, 2])
e.remove(2)
print(e, e.index(2, 1), e.copy() == e)
it = iter(e)
print(next(it), list(it))

# A queue of work, as a server keeps one.
jobs = deque()
for n in range(5):
    jobs.append("job%d" % n)
while jobs:
    print(jobs.popleft(), len(jobs))
history = deque(maxlen=2)
for line in ["a", "b", "c"]:
    history.append(line)
print(list(history))
d = deque([1, 2, 3])
for v in d:
    pass
d.append(1)
print(d[-1])
