# Bulk sink: accept one connection, count what arrives with recv(65536)
# until the client shuts down its side, send back the count, and exit.
# Usage: server.py [HOST [PORT]]
# The port it listens on is the first line it prints (PORT 0 lets the kernel pick).
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 65434

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((HOST, PORT))
srv.listen(1)
print(srv.getsockname()[1], flush=True)

conn, addr = srv.accept()
total = 0
while True:
    data = conn.recv(65536)
    if not data:
        break
    total += len(data)
conn.sendall(str(total).encode())
conn.close()
srv.close()
