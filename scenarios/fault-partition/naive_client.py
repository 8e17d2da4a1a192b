# The tutorial's client: it waits for each answer as long as it takes.
import socket
import time

s = socket.create_connection(("192.168.1.1", 50403))
for i in range(5):
    s.sendall(b"time?\n")
    s.recv(100)
    print("request %d: answered" % i)
    time.sleep(1)
s.close()
