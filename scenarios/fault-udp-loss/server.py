# A UDP echo server.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.168.1.1", 50404))
while True:
    data, addr = s.recvfrom(1024)
    s.sendto(data.upper(), addr)
