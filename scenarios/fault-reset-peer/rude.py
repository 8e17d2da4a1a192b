# A client that vanishes: it sends, then closes with SO_LINGER 0, which
# resets the connection (as a crashed or unplugged peer does).
import socket
import struct

s = socket.create_connection(("127.0.0.1", 50405))
s.sendall(b"hello")
print(s.recv(100))
s.sendall(b"bye")
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()
