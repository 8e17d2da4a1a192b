# Descriptor numbers as a script sees them, and how sockets print.
import select
import socket
import time

a = socket.socket()
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c, d = socket.socketpair()
time.sleep(0.001)
select.select([c], [], [], 0.001)
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
x = socket.create_connection(srv.getsockname())
conn, addr = srv.accept()
print(a.fileno(), b.fileno(), c.fileno(), d.fileno(), srv.fileno(), x.fileno(), conn.fileno())
print(repr(a).split(" laddr")[0])
print(x.proto, x.type == socket.SOCK_STREAM)
print(str(srv.accept).split(" laddr")[0])
print(str(srv.recv).split(" at ")[0])
