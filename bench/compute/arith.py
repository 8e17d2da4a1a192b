# Compute: integer arithmetic in a loop, 1,000,000 times t += i * i % 7.
# Runs under CPython, sockstar and go.starlark.net alone; prints "loops/s: N".
import time


def main():
    n = 1000000
    t = 0
    start = time.perf_counter()
    for i in range(n):
        t += i * i % 7
    elapsed = time.perf_counter() - start
    if t != 1999998:
        print("wrong: total %d, want 1999998" % t)
        return
    print("loops/s: %d" % int(n / elapsed))


main()
