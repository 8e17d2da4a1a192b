# Protocol client: N HTTP/1.1 requests on one keep-alive connection, each
# with five header lines; reads each reply's head, its Content-Length and
# its body, and checks that X-Seq comes back. Prints the rate.
# Usage: client.py HOST PORT [N]
import socket
import sys
import time

HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 65432
N = int(sys.argv[3]) if len(sys.argv) > 3 else 20000

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))
buf = b""
start = time.perf_counter()
for i in range(N):
    request = (
        "GET /items/%d HTTP/1.1\r\n"
        "Host: %s:%d\r\n"
        "User-Agent: bench-client/1.0\r\n"
        "Accept: text/plain\r\n"
        "X-Seq: %d\r\n"
        "Connection: keep-alive\r\n"
        "\r\n" % (i, HOST, PORT, i)
    )
    s.sendall(request.encode("latin-1"))
    while b"\r\n\r\n" not in buf:
        data = s.recv(4096)
        if not data:
            sys.exit("server closed the connection")
        buf += data
    head, _, buf = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers["content-length"])
    while len(buf) < length:
        data = s.recv(4096)
        if not data:
            sys.exit("server closed the connection")
        buf += data
    body = buf[:length]
    buf = buf[length:]
    if headers["x-seq"] != str(i):
        sys.exit("reply %d: X-Seq is %r" % (i, headers["x-seq"]))
elapsed = time.perf_counter() - start
s.close()
print("round trips/s: %.0f" % (N / elapsed))
