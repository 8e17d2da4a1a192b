# Seed 004 UDP client: socket, then a loop of sendto and recvfrom; an empty
# line ends it.
# argv[1]: the server's address (default 127.0.0.1; the seed's LAN server is 192.168.1.101).
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORT = 21567
BUFSIZ = 1024
ADDR = (HOST, PORT)

cs = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
while True:
    data = input('> ')
    if not data:
        break
    cs.sendto(data.encode(), ADDR)
    data, addr = cs.recvfrom(BUFSIZ)
    print(data.decode(), 'from', addr)
cs.close()
