import socket
srv = socket.socket()
srv.bind(("127.0.0.1", 7000))
srv.listen(1)
conn, _ = srv.accept()
while True:
    data = conn.recv(1024)
    if not data:
        break
    conn.sendall(data.upper())
conn.close()
