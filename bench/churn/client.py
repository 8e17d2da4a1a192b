# Connection churn: N times connect, one 64-byte exchange, close; prints
# the rate. Usage: client.py HOST PORT [N]
import socket
import sys
import time

HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 65436
N = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
MSG = b"x" * 64

start = time.perf_counter()
for i in range(N):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect((HOST, PORT))
    s.sendall(MSG)
    got = 0
    while got < len(MSG):
        chunk = s.recv(1024)
        if not chunk:
            sys.exit("server closed the connection early")
        got += len(chunk)
    s.close()
elapsed = time.perf_counter() - start
print("connections/s: %.0f" % (N / elapsed))
