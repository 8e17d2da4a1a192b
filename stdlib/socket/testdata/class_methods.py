# socket.socket.NAME: the methods as the class shows them, called with the socket first (also a subclass instance), listed by dir.
import socket
print("recv" in dir(socket.socket), "sendall" in dir(socket.socket))
a, b = socket.socketpair()
socket.socket.sendall(a, b"hey")
print(socket.socket.recv(b, 10))
class S(socket.socket):
    pass
s = S()
print(socket.socket.fileno(s) == s.fileno())
s.close(); a.close(); b.close()
try:
    socket.socket.recv(3, 10)
except TypeError as e:
    print(e)
