# Seed 004 TCP client: socket, connect, a loop that sends each typed line and
# prints the reply, close. An empty line ends it.
# argv[1]: the server's address (default 127.0.0.1; the seed's LAN server is 192.168.1.101).
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORT = 21567
BUFSIZ = 1024

cs = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
cs.connect((HOST, PORT))
while True:
    data = input('> ')
    if not data:
        break
    cs.send(data.encode())
    data = cs.recv(BUFSIZ)
    if not data:
        break
    print(data.decode())
cs.close()
