# Echo client: N round trips of 64 bytes on one connection, then the rate.
# Usage: client.py HOST PORT [N]
import socket
import sys
import time

HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 65432
N = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
MSG = b"x" * 64

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))
start = time.perf_counter()
for i in range(N):
    s.sendall(MSG)
    got = 0
    while got < len(MSG):
        chunk = s.recv(1024)
        if not chunk:
            sys.exit("server closed the connection")
        got += len(chunk)
elapsed = time.perf_counter() - start
s.close()
print("round trips/s: %.0f" % (N / elapsed))
