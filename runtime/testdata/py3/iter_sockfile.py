# A socket file is its own iterator; an error that ends its lines is raised.
import socket
a, b = socket.socketpair()
b.sendall(b'one\ntwo\nthr')
b.close()
f = a.makefile('r')
print(iter(f) is f, next(f))
for line in f:
    print(repr(line))
print(list(f))
c, d = socket.socketpair()
d.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b'\x01\x00\x00\x00\x00\x00\x00\x00')
c.sendall(b'x')
d.close()
g = c.makefile('rb')
try:
    for line in g:
        print(line)
except OSError as e:
    print(type(e).__name__, e)

e1, e2 = socket.socketpair()
e1.settimeout(0.01)
h = e1.makefile('r')
try:
    for line in h:
        print(line)
except OSError as e:
    print(type(e).__name__, e)
