# UDP ping-pong: N datagrams of 64 bytes, each waiting for its echo (a
# lost one ends the run after 5 s), then b"bye"; prints the rate.
# Usage: client.py HOST PORT [N]
import socket
import sys
import time

HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 65435
N = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
MSG = b"x" * 64

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
start = time.perf_counter()
for i in range(N):
    s.sendto(MSG, (HOST, PORT))
    data, addr = s.recvfrom(1024)
    if len(data) != len(MSG):
        sys.exit("got %d bytes back" % len(data))
elapsed = time.perf_counter() - start
s.sendto(b"bye", (HOST, PORT))
s.close()
print("round trips/s: %.0f" % (N / elapsed))
