import itertools as it
from itertools import count, cycle, repeat, chain, islice


def attempt(f, *a, **k):
    try:
        print(" ", repr(f(*a, **k)))
    except Exception as e:
        print(" ", type(e).__name__, e)


print(count(), count(5), count(1, 2), count(0.5, 0.25), count(step=-1), repeat(1), repeat("x", 3))
c = count(3)
next(c)
print(c, next(c), c)
r = repeat(1, 2)
next(r)
print(r)
next(r)
print(r, list(r), r)
print(type(chain()), chain, type(islice([], 1)).__name__, type(count()).__name__)
attempt(count, "a")
attempt(repeat)
attempt(repeat, 1, "x")
attempt(islice, [1], -1)
attempt(islice, [1], "a")
attempt(islice, [1], 0, 5, 0)
attempt(islice, [1], -1, 5)
attempt(islice, [1], 1, 2, 3, 4)
attempt(islice, [1])
attempt(lambda: list(chain(1)))
attempt(cycle)
attempt(cycle, 1)
attempt(it.permutations, [1], -1)
attempt(it.combinations, [1])
attempt(it.combinations, [1], -1)
attempt(it.product, [1], repeat=-1)
attempt(it.zip_longest, 1)
attempt(it.accumulate)
attempt(it.starmap, len)
attempt(lambda: list(it.starmap(len, [1])))

print(list(islice(count(), 5)), list(islice("abcdefg", 2, None)), list(islice("abcdefg", 0, 6, 2)), list(islice("abc", None)))
print(list(chain("ab", [1], ())), list(chain.from_iterable(["ab", "cd"])), list(chain()))
print(list(it.zip_longest("ab", "xyz", fillvalue="-")), list(it.zip_longest()), list(it.zip_longest([1], [])))
print(list(it.product("ab", repeat=2)), list(it.product([1, 2], "x")), list(it.product()), list(it.product([], [1])))
print(list(it.permutations("abc", 2)), list(it.permutations(range(3))), list(it.permutations("ab", 3)), list(it.permutations([], 0)))
print(list(it.permutations("abcd", 3))[10:14], len(list(it.permutations(range(5), 3))))
print(list(it.combinations("abcd", 2)), list(it.combinations([1], 2)), list(it.combinations("abc", 0)))
print(list(it.combinations_with_replacement("abc", 2)), list(it.combinations_with_replacement("", 2)), list(it.combinations_with_replacement("ab", 0)))
print(list(it.combinations(range(5), 3)))
print(list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([1, 2, 3], lambda a, b: a * b)), list(it.accumulate([1, 2], initial=10)), list(it.accumulate([])), list(it.accumulate([], initial=0)))
print(list(it.accumulate([3, 1, 4, 1, 5], max)), list(it.accumulate(["a", "b"])))
print([(k, list(g)) for k, g in it.groupby("aaabbcaa")], [(k, list(g)) for k, g in it.groupby([1, 2, 3, 4, 5], key=lambda x: x < 3)])
g = it.groupby("aabb")
k1, g1 = next(g)
k2, g2 = next(g)
print(k1, list(g1), k2, list(g2))
print([k for k, _ in it.groupby(sorted("mississippi"))])
print(list(it.takewhile(lambda x: x < 3, [1, 2, 3, 1])), list(it.dropwhile(lambda x: x < 3, [1, 2, 3, 1])))
print(list(it.starmap(pow, [(2, 3), (3, 2)])), list(it.compress("abcd", [1, 0, 1, 0])), list(it.filterfalse(lambda x: x % 2, range(6))), list(it.pairwise("abcd")), list(it.filterfalse(None, [0, 1, "", "x"])))
a, b = it.tee([1, 2, 3])
print(next(a), list(b), list(a), len(it.tee("x", 3)))
print(list(islice(cycle("ab"), 5)), list(repeat(7, 3)), list(repeat(7, -1)))
for i, line in zip(count(1), ["first", "second"]):
    print(i, line)
for n in count(10, 5):
    if n > 20:
        break
    print(n)
squares = map(pow, range(4), repeat(2))
print(list(squares))
data = [("a", 1), ("a", 2), ("b", 3)]
for key, group in it.groupby(data, key=lambda pair: pair[0]):
    print(key, [v for _, v in group])
s = iter(range(10))
print(list(islice(s, 3)), list(islice(s, 2)), next(s))
