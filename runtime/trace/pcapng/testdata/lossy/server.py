# Echoes one TCP connection in upper case, then answers datagrams.
import socket

s = socket.socket()
s.bind(("10.0.0.1", 7000))
s.listen(1)
c, _ = s.accept()
while True:
    data = c.recv(4096)
    if not data:
        break
    c.sendall(data.upper())
c.close()

u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("10.0.0.1", 7001))
while True:
    data, addr = u.recvfrom(100)
    u.sendto(data.upper(), addr)
