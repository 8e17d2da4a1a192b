# Compute: string parsing, 100,000 times: split a request's head (a request
# line and five header lines) on "\r\n", strip and lower-case each line and
# add up their lengths. Runs under CPython, sockstar and go.starlark.net
# alone; prints "loops/s: N".
import time


def main():
    n = 100000
    text = "GET /items/42 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: bench-client/1.0\r\nAccept: text/plain\r\nX-Seq: 42\r\nConnection: keep-alive"
    total = 0
    start = time.perf_counter()
    for i in range(n):
        for line in text.split("\r\n"):
            total += len(line.strip().lower())
    elapsed = time.perf_counter() - start
    if total != n * 119:
        print("wrong: total %d, want %d" % (total, n * 119))
        return
    print("loops/s: %d" % int(n / elapsed))


main()
