# One-shot echo server: accept a connection, echo one message, close it,
# accept the next; serves until it is stopped. Usage: server.py [HOST [PORT]]
# The port it listens on is the first line it prints (PORT 0 lets the kernel pick).
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 65436

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((HOST, PORT))
srv.listen(128)
print(srv.getsockname()[1], flush=True)

while True:
    conn, addr = srv.accept()
    data = conn.recv(1024)
    if data:
        conn.sendall(data)
    conn.close()
