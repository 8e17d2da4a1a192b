# UDP echo server: send every datagram back to its sender, until one says
# b"bye". Usage: server.py [HOST [PORT]]
# The port it is bound to is the first line it prints (PORT 0 lets the kernel pick).
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 65435

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind((HOST, PORT))
print(srv.getsockname()[1], flush=True)

while True:
    data, addr = srv.recvfrom(1024)
    if data == b"bye":
        break
    srv.sendto(data, addr)
srv.close()
