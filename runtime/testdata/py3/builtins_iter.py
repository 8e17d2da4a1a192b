# iter, next, frozenset and slice, as CPython has them.
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
it = iter([1, 2, 3, 4])
print(next(it))
for x in it:
    print('loop', x)
    if x == 3:
        break
print(list(it), next(it, 'done'))
t(lambda: next(it))
t(lambda: next([1]))
t(lambda: iter(5))
t(lambda: next(5))
t(lambda: type(iter([])).__name__)
t(lambda: type(iter(())).__name__)
t(lambda: type(iter('ab')).__name__)
t(lambda: type(iter('é')).__name__)
t(lambda: type(iter(b'ab')).__name__)
t(lambda: type(iter({})).__name__)
t(lambda: type(iter(set())).__name__)
t(lambda: type(iter(range(3))).__name__)
t(lambda: type(iter(bytearray())).__name__)
t(lambda: type(iter(frozenset())).__name__)
t(lambda: list(iter('héllo')))
t(lambda: list(iter(b'hi')))
t(lambda: list(iter(range(2, 10, 3))))
d = {'a': 1, 'b': 2}
di = iter(d)
print(next(di))
d['c'] = 3
t(lambda: next(di))
s = set([1])
si = iter(s)
s.add(2)
t(lambda: next(si))
l = [1]
li = iter(l)
l.append(2)
print(list(li))
it = iter([1, 2])
print(iter(it) is it)
t(lambda: len(iter([1])))
print(sorted(iter([3, 1, 2])), sum(iter([1, 2])), tuple(iter('ab')), set(iter([1])), ' '.join(iter(['a', 'b'])))
print(list(enumerate(iter('ab'))), list(zip(iter([1, 2]), 'xy')), max(iter([1, 5, 2])))
print([x * 2 for x in iter([1, 2])])
def gen():
    n = [0]
    def f():
        n[0] += 1
        return n[0]
    return f
print(list(iter(gen(), 4)))
t(lambda: iter(5, 1))
class Count:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n
c = Count(3)
print(iter(c) is c, next(c), next(c), next(c), next(c, 'end'))
class Bad:
    def __iter__(self):
        return 5
t(lambda: iter(Bad()))
class Wrap:
    def __iter__(self):
        return iter([7, 8])
print(next(iter(Wrap())))
def boom():
    raise ValueError('boom')
t(lambda: list(iter(boom, None)))
def loop():
    for x in iter(boom, None):
        print(x)
t(loop)
t(lambda: [x for x in iter(boom, None)])
t(lambda: sorted(iter(boom, None)))
fs = frozenset([3, 1, 2, 1])
print(sorted(fs), len(fs), 2 in fs, frozenset(), type(fs).__name__, frozenset([5]))
for v in [fs | set([9]), set([9]) | fs, fs & set([1, 2]), fs - set([1]), fs ^ set([1, 10])]:
    print(type(v).__name__, sorted(v))
print(fs == frozenset([1, 2, 3]), fs == set([1, 2, 3]), set([1, 2, 3]) == fs, fs != set([1]), fs <= set([1, 2, 3, 4]), fs < fs)
print({fs: 'x'}[frozenset([2, 3, 1])], hash(fs) == hash(frozenset([1, 2, 3])))
print(sorted(fs.union([5])), fs.intersection(set([1]), [1, 2]), fs.issubset([1, 2, 3]), fs.isdisjoint([7]), fs.copy() is fs)
t(lambda: fs.add(1))
t(lambda: frozenset([[1]]))
t(lambda: set([frozenset([1]), frozenset([1])]))
print(isinstance(fs, frozenset), sorted(fs), sorted(set(fs)), frozenset('aba') == frozenset(['a', 'b']))
s = slice(1, 5, 2)
print(s, s.start, s.stop, s.step, slice(3), slice(1, 2))
print([0, 1, 2, 3, 4, 5][s], 'abcdef'[s], b'abcdef'[s], (0, 1, 2, 3, 4, 5)[s], range(10)[s])
print([0, 1, 2, 3][slice(None, None, -1)], 'abc'[slice(-2, None)], bytearray(b'abcd')[slice(1, 3)])
print(s.indices(3), slice(None, None, -1).indices(5), slice(-100, 100).indices(4))
t(lambda: [1][slice(0, 1, 0)])
t(lambda: {}[slice(1)])
t(lambda: hash(slice(1)))
t(lambda: [1][slice('a', 2)])
print(slice(1, 2) == slice(1, 2), slice(1, 2) == slice(1, 3))
print(memoryview(b'abcdef')[slice(1, 3)].tobytes())
def loop_else():
    for x in iter(boom, None):
        print(x)
    else:
        print('else not reached')
t(loop_else)
def nested():
    out = []
    for a in [1, 2]:
        for b in iter([a, a * 10]):
            out.append(b)
    return out
print(nested())
