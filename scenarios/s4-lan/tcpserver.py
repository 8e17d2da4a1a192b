# Seed 004 TCP server: the report gives only the steps (socket, bind, listen,
# an accept loop, recv/send, close), written out here in Python 3.
# argv[1]: the address to bind (default '', every interface, so that a client
# on another host of the LAN reaches it too).
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else ''
PORT = 21567
BUFSIZ = 1024

# family: AF_INET (IPv4) or AF_UNIX (one machine); type: SOCK_STREAM here,
# SOCK_DGRAM for UDP, SOCK_RAW for raw packets.
ss = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ss.bind((HOST, PORT))
ss.listen(5)
while True:
    print('waiting for connection...')
    cs, addr = ss.accept()
    print('...connected from:', addr)
    while True:
        data = cs.recv(BUFSIZ)
        if not data:
            break
        print('message from %s: %s' % (addr[0], data.decode()))
        cs.send(b'received: ' + data)
    cs.close()
ss.close()
