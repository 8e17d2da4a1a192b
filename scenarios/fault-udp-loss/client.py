# Sends ten datagrams and waits for each echo. A datagram may be lost on
# the way, or its echo on the way back, and nobody is told: wait a while,
# then send it again.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.5)
for i in range(10):
    message = b"ping %d" % i
    for attempt in range(100):
        s.sendto(message, ("192.168.1.1", 50404))
        try:
            data, addr = s.recvfrom(1024)
        except socket.timeout:
            continue
        if data == message.upper():
            break
    print(data.decode())
s.close()
