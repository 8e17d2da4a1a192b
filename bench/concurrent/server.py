# Threaded echo server: one thread per connection, each echoing until its
# client closes; serves until it is stopped. Usage: server.py [HOST [PORT]]
# The port it listens on is the first line it prints (PORT 0 lets the kernel pick).
import socket
import sys
import threading

HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 65433


def handle(conn):
    while True:
        data = conn.recv(1024)
        if not data:
            break
        conn.sendall(data)
    conn.close()


srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((HOST, PORT))
srv.listen(1024)
print(srv.getsockname()[1], flush=True)

while True:
    conn, addr = srv.accept()
    t = threading.Thread(target=handle, args=(conn,))
    t.daemon = True
    t.start()
