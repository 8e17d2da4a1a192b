import socket
import threading

a, b = socket.socketpair()

def reader():
    a.recv(10)

t = threading.Thread(target=reader, name="reader")
t.start()
t.join()
