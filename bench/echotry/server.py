# Echo server as tutorials write it: the loop body inside try/except, the
# clean-up in finally. Usage: server.py [HOST [PORT]]
# The port it listens on is the first line it prints (PORT 0 lets the kernel pick).
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 65432

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((HOST, PORT))
srv.listen(1)
print(srv.getsockname()[1], flush=True)

conn, addr = srv.accept()
try:
    while True:
        try:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(data)
        except ConnectionResetError:
            break
finally:
    conn.close()
    srv.close()
