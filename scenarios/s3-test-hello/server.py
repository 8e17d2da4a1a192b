# Seed 003 server, Python 3: print(), bytes on the socket.
import socket
s = socket.socket(socket.AF_INET,socket.SOCK_STREAM)
port = 65523
s.bind(("",port))
s.listen(5)
con,addr = s.accept()
print("connect from ",addr)
con.send(b'test')
print(con.recv(1024).decode())
con.close()
