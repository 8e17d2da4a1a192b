# A time server: answers each "time?" with the time.
import socket
import time

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("192.168.1.1", 50403))
srv.listen(1)
conn, addr = srv.accept()
while True:
    data = conn.recv(100)
    if not data:
        break
    conn.sendall(b"%.0f\n" % time.time())
conn.close()
