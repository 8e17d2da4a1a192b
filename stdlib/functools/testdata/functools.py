import functools
from functools import partial, reduce, wraps, lru_cache


def attempt(f, *a, **k):
    try:
        print(" ", repr(f(*a, **k)))
    except Exception as e:
        print(" ", type(e).__name__, e)


def add(a, b, c=0):
    return a + b + c


p = partial(add, 1, c=5)
print(p(2), p.func == add, p.args, p.keywords, type(p), p(2, c=0))
q = partial(p, 3)
print(q(), q.args, q.keywords, q.func == add)
print(repr(p).startswith("functools.partial(<function add at "), repr(p).endswith(", 1, c=5)"))
attempt(partial)
attempt(partial, 5)
print(partial(add, 1)(2, 3), partial(add, b=1)(a=2), partial(int, base=2)("101"))
attempt(reduce, lambda a, b: a + b, [])
attempt(reduce, lambda a, b: a + b, [1, 2, 3])
attempt(reduce, lambda a, b: a + b, [1, 2, 3], 10)
attempt(reduce, lambda a, b: a + b, 5)
attempt(reduce)
print(reduce(lambda acc, w: acc + len(w), "a bb ccc".split(), 0), reduce(max, [3, 9, 2]))


def deco(f):
    @wraps(f)
    def wrapper(*a, **k):
        """wrapper doc"""
        wrapper.calls += 1
        return f(*a, **k)
    wrapper.calls = 0
    return wrapper


@deco
def greet(name):
    """Say hi."""
    return "hi " + name


print(greet("bob"), greet("al"), greet.calls, greet.__name__, greet.__doc__, greet.__wrapped__.__name__, greet.__module__)
print(repr(greet).split(" at ")[0], callable(greet), type(greet).__name__)


class C:
    @deco
    def m(self, x):
        return x * 2


print(C().m(4), repr(C().m).split(" of ")[0], C.m.__name__)


def timed(label):
    def decorator(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            print("[%s] calling %s" % (label, fn.__name__))
            return fn(*args, **kwargs)
        return inner
    return decorator


@timed("trace")
def handle(cmd):
    return cmd.upper()


print(handle("quit"), handle.__name__)


@lru_cache(maxsize=2)
def sq(n):
    print("compute", n)
    return n * n


print(sq(2), sq(2), sq(3), sq(4), sq(2), sq.cache_info())
sq.cache_clear()
print(sq.cache_info(), type(sq.cache_info()).__name__, sq.cache_info().hits, sq.cache_parameters())


@lru_cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(30), fib.cache_info())


@functools.cache
def ident(x):
    return x


print(ident(1), ident.cache_info(), repr(ident).split(" at ")[0], ident.__name__)
attempt(ident, [1])
attempt(lru_cache, "x")


@lru_cache(maxsize=None)
def kw(a, b=1):
    return a + b


print(kw(1), kw(1, b=1), kw(a=1), kw(1), kw.cache_info())


class Repo:
    @lru_cache(maxsize=None)
    def lookup(self, k):
        print("lookup", k)
        return k * 2


r = Repo()
print(r.lookup(2), r.lookup(2), Repo.lookup.cache_info().hits)


def compare_len(a, b):
    return len(a) - len(b)


print(sorted(["ccc", "a", "bb"], key=functools.cmp_to_key(compare_len)))


@functools.total_ordering
class Version:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        return self.n == other.n

    def __lt__(self, other):
        return self.n < other.n


a, b = Version(1), Version(2)
print(a < b, a <= b, a > b, a >= b, b >= a, a <= Version(1), a >= Version(1))
print(max([Version(3), Version(7), Version(5)]).n)
attempt(functools.total_ordering, type("Z", (), {}) if False else Repo)
print(greet(None))
