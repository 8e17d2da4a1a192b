# The tutorial's upload: send() the payload and trust it went. send()
# returns how many bytes it took, which may be fewer than it was given.
import socket

payload = bytes(range(256)) * 78 + bytes(32)
s = socket.create_connection(("127.0.0.1", 50402))
s.send(b"%d\n" % len(payload))
s.send(payload)
print("server:", s.recv(100).decode().strip())
s.close()
