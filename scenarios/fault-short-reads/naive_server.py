# The tutorial's line server: one recv() per request. It works on a quiet
# loopback, where each send arrives whole, and breaks when it does not.
import socket

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 50401))
srv.listen(1)
conn, addr = srv.accept()
while True:
    data = conn.recv(1024)
    if not data:
        break
    line = data.rstrip(b"\n")
    print("request:", line.decode())
    conn.sendall(line.upper() + b"\n")
conn.close()
srv.close()
