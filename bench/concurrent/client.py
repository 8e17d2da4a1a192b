# M connections, one thread each, every thread doing K round trips of 64
# bytes on its own connection; prints the total rate.
# Usage: client.py HOST PORT [M [K]]
import socket
import sys
import threading
import time

HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 65433
M = int(sys.argv[3]) if len(sys.argv) > 3 else 100
K = int(sys.argv[4]) if len(sys.argv) > 4 else 200
MSG = b"x" * 64
failed = []


def talk(s):
    for i in range(K):
        s.sendall(MSG)
        got = 0
        while got < len(MSG):
            chunk = s.recv(1024)
            if not chunk:
                failed.append("server closed the connection")
                return
            got += len(chunk)


socks = []
for i in range(M):
    socks.append(socket.create_connection((HOST, PORT)))
threads = [threading.Thread(target=talk, args=(s,)) for s in socks]
start = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - start
for s in socks:
    s.close()
if failed:
    sys.exit(failed[0])
print("round trips/s: %.0f" % (M * K / elapsed))
