# Compute: function calls, 500,000 calls of a small def with two positional
# arguments and one keyword argument that returns a value. Runs under
# CPython, sockstar and go.starlark.net alone; prints "loops/s: N".
import time


def scale(a, b, factor=1):
    return a * factor + b


def main():
    n = 500000
    total = 0
    start = time.perf_counter()
    for i in range(n):
        total = scale(i, total, factor=2) % 1000003
    elapsed = time.perf_counter() - start
    if total != 750006:
        print("wrong: total %d, want %d" % (total, 750006))
        return
    print("loops/s: %d" % int(n / elapsed))


main()
