# Seed 004 UDP server: socket, bind, then a loop of recvfrom and sendto back
# to the sender's address.
# argv[1]: the address to bind (default '', every interface).
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else ''
PORT = 21567
BUFSIZ = 1024

ss = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
ss.bind((HOST, PORT))
while True:
    print('waiting for message...')
    data, addr = ss.recvfrom(BUFSIZ)
    print('message from %s: %s' % (addr, data.decode()))
    ss.sendto(b'received: ' + data, addr)
ss.close()
