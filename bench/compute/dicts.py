# Compute: dict and list work, 200,000 times: count four keys in a dict
# with d[k] = d.get(k, 0) + 1, append to a list and pop from it, and test
# membership with in. Runs under CPython, sockstar and go.starlark.net
# alone; prints "loops/s: N".
import time


def main():
    n = 200000
    keys = ["host", "accept", "x-seq", "connection"]
    d = {}
    stack = []
    found = 0
    start = time.perf_counter()
    for i in range(n):
        for k in keys:
            d[k] = d.get(k, 0) + 1
        stack.append(i)
        stack.append(k)
        stack.pop()
        if "x-seq" in d:
            found += 1
        if "cookie" in d:
            found -= 1
    elapsed = time.perf_counter() - start
    if found != n or d["host"] != n or len(stack) != n or stack[-1] != n - 1:
        print("wrong: found %d, host %d, stack %d" % (found, d["host"], len(stack)))
        return
    print("loops/s: %d" % int(n / elapsed))


main()
