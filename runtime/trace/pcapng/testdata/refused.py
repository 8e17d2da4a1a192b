# Connecting to a port no socket listens on: connect raises, connect_ex returns the error.
import socket

probe = socket.socket()
probe.bind(("127.0.0.1", 0))
address = probe.getsockname()
probe.close()

s = socket.socket()
try:
    s.connect(address)
except ConnectionRefusedError as e:
    print("refused:", e)
s.close()

s = socket.socket()
print("connect_ex:", s.connect_ex(address))
s.close()
