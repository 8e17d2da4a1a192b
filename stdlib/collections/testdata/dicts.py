from collections import Counter, OrderedDict, defaultdict


def attempt(f, *a, **k):
    try:
        print(" ", repr(f(*a, **k)))
    except Exception as e:
        print(" ", type(e).__name__, e)


# defaultdict
attempt(defaultdict, 5)
attempt(defaultdict, int, 5)
attempt(defaultdict, int, [("a", 1)], b=2)
d = defaultdict(list)
d["x"].append(1)
d["y"]
print(d, d.default_factory, type(d), isinstance(d, dict), len(d), "z" in d, d.get("z"), "z" in d)
attempt(lambda: defaultdict()["q"])
attempt(hash, d)
attempt(lambda: d < d)
words = "the cat the dog the end".split()
counts = defaultdict(int)
for w in words:
    counts[w] += 1
print(counts, dict(counts), counts == {"the": 3, "cat": 1, "dog": 1, "end": 1}, sorted(counts.items()))
groups = defaultdict(set)
groups["a"].add(1)
print(groups)
dd = counts.copy()
dd["new"] += 5
print(type(dd).__name__, dd["new"], "new" in counts)
counts.default_factory = None
attempt(lambda: counts["missing"])
print(counts.pop("cat"), counts.setdefault("cow", 7), list(counts.keys()), list(counts.values()))
del counts["dog"]
attempt(counts.__missing__, "k")
print(defaultdict(lambda: "?", a=1)["b"], defaultdict(int, a=1) | {"b": 2})
for k in defaultdict(int, a=1, b=2):
    print("key", k)


def grow():
    g = defaultdict(int, a=1)
    for k in g:
        g["b"] = 2


attempt(grow)

# OrderedDict
print(OrderedDict(a=1), OrderedDict(), OrderedDict([("b", 2), ("a", 1)]))
od = OrderedDict()
for k in "abc":
    od[k] = None
od.move_to_end("a")
print(od)
od.move_to_end("c", last=False)
print(od, list(od), list(reversed(od)))
print(od.popitem(), od.popitem(last=False), od)
attempt(OrderedDict().popitem)
attempt(od.move_to_end, "x")
attempt(lambda: OrderedDict() < OrderedDict())
print(OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), OrderedDict(a=1, b=2) == dict(b=2, a=1))
print(OrderedDict(a=1) | {"b": 2}, isinstance(od, dict), type(od))
lru = OrderedDict()
for key in [1, 2, 3, 1, 4]:
    if key in lru:
        lru.move_to_end(key)
    lru[key] = str(key)
    if len(lru) > 3:
        lru.popitem(last=False)
print(lru)

# Counter
print(Counter(), Counter("abracadabra"), Counter({"a": -1}), Counter(a=2, b=1))
c = Counter(a=3, b=1)
print(c["zz"], "zz" in c, c.most_common(1), list(c.elements()), c.total(), c.most_common())
attempt(c.most_common, "x")
attempt(Counter, 5)
attempt(Counter, "a", "b")
attempt(Counter.fromkeys, "ab")
c.subtract("aaaa")
print(c, +c, -c)
print(Counter(a=2, b=1) - Counter(a=1, c=2), Counter(a=2) | Counter(a=1, b=3), Counter(a=2, b=1) & Counter(a=1))
print(Counter(a=1) + Counter(a=2, b=1), Counter(a=1) == Counter(a=1, b=0), Counter(a=1) == {"a": 1})
print(Counter(a=1) <= Counter(a=2), Counter(a=1) < Counter(a=1), Counter(a=1, b=1) >= Counter(a=1))
attempt(lambda: Counter() < {})
attempt(lambda: Counter() + {})
print(repr(Counter({"a": 1, "b": "x"})))
print(type(Counter()), Counter.__mro__, isinstance(Counter(), dict))
tally = Counter()
for word in "to be or not to be".split():
    tally[word] += 1
print(tally, tally.most_common(2))
tally.update(["be", "be"])
tally.update({"to": 10})
tally.update(or_=1)
print(tally)
del tally["nothing"]
del tally["or"]
print(tally, len(tally), sorted(tally))
acc = Counter(a=1)
acc += Counter(a=2, b=-1)
print(acc)
print(OrderedDict.fromkeys("ab", 0), defaultdict.fromkeys("a"), type(OrderedDict.fromkeys("a")).__name__)
import json
from collections import namedtuple
print(json.dumps(Counter("aab")), json.dumps(OrderedDict(b=1, a=2)), json.dumps(namedtuple("P", "x y")(1, 2)))
