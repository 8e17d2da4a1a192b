# Uploads 20000 bytes: sendall() sends them all, in as many sends as it takes.
import socket

payload = bytes(range(256)) * 78 + bytes(32)
s = socket.create_connection(("127.0.0.1", 50402))
s.sendall(b"%d\n" % len(payload))
s.sendall(payload)
print("server:", s.recv(100).decode().strip())
s.close()
