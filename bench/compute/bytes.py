# Compute: bytes methods, 20,000 times on a 1 KiB bytes value: upper(),
# count(b"a"), a slice and len. Runs under CPython and sockstar (plain
# Starlark has no bytes methods); prints "loops/s: N".
import time


def main():
    n = 20000
    data = b"GET /abc HTTP/1.1 a-zA-Z0-9 " * 36 + b"x" * 16
    total = 0
    start = time.perf_counter()
    for i in range(n):
        up = data.upper()
        total += len(up) + data.count(b"a") + len(data[100:900])
    elapsed = time.perf_counter() - start
    if len(data) != 1024 or total != n * 1896:
        print("wrong: len %d, total %d, want 1024, %d" % (len(data), total, n * 1896))
        return
    print("loops/s: %d" % int(n / elapsed))


main()
