# The tutorial's echo server: it expects every client to say goodbye.
import socket

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 50405))
srv.listen(5)
for n in range(1, 3):
    conn, addr = srv.accept()
    while True:
        data = conn.recv(1024)
        if not data:
            print("client %d said goodbye" % n)
            break
        conn.sendall(data.upper())
    conn.close()
srv.close()
