# Bulk sender: MIB mebibytes in 64 KiB sendall blocks, then shutdown and
# wait for the server's count of what it received; prints the rate.
# Usage: client.py HOST PORT [MIB]
import socket
import sys
import time

HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 65434
MIB = int(sys.argv[3]) if len(sys.argv) > 3 else 256
BLOCK = b"x" * 65536

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))
start = time.perf_counter()
for i in range(MIB * 16):
    s.sendall(BLOCK)
s.shutdown(socket.SHUT_WR)
reply = b""
while True:
    chunk = s.recv(1024)
    if not chunk:
        break
    reply += chunk
elapsed = time.perf_counter() - start
s.close()
if int(reply.decode()) != MIB * 1048576:
    sys.exit("the server received %s bytes of %d" % (reply.decode(), MIB * 1048576))
print("MiB/s: %.0f" % (MIB / elapsed))
