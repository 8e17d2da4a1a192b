# Seed 003 client, Python 3: print(), bytes on the socket.
import socket
s = socket.socket(socket.AF_INET,socket.SOCK_STREAM)
port = 65523
s.connect(("localhost",port))
print(s.recv(1024).decode())
s.send(b'hello')
s.close()
