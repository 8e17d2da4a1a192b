# The first program everyone writes: connect to a server that is not running, and the traceback it ends with.
import socket

probe = socket.socket()
probe.bind(("127.0.0.1", 0))
HOST, PORT = probe.getsockname()
probe.close()

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
print("connecting to the server...")
s.connect((HOST, PORT))
s.sendall(b"Hello, world")
print(s.recv(1024))
