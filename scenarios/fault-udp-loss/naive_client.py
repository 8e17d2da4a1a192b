# The tutorial's UDP client: send, then wait for the echo.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(10):
    s.sendto(b"ping %d" % i, ("192.168.1.1", 50404))
    data, addr = s.recvfrom(1024)
    print(data.decode())
s.close()
