# Sends 6000 bytes in three sends and reads the echo; then three datagrams,
# each sent again until its answer comes.
import socket

c = socket.create_connection(("10.0.0.1", 7000))
message = b"".join(b"line %04d of the message\n" % i for i in range(240))
got = b""
for i in range(0, len(message), 2000):
    c.sendall(message[i:i + 2000])
    while len(got) < i + 2000:
        got += c.recv(4096)
c.shutdown(socket.SHUT_WR)
assert c.recv(10) == b""
c.close()
assert got == message.upper()
print("echoed %d bytes" % len(got))

u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(0.5)
answers = 0
for i in range(3):
    ping = b"ping %d" % i
    while True:
        u.sendto(ping, ("10.0.0.1", 7001))
        try:
            data, _ = u.recvfrom(100)
        except socket.timeout:
            continue
        if data == ping.upper():
            answers += 1
            break
print("%d answers" % answers)
