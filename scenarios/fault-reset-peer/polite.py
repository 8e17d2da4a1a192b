import socket

s = socket.create_connection(("127.0.0.1", 50405))
s.sendall(b"hello again")
print(s.recv(100))
s.close()
