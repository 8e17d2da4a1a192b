# A line server: each request is one line, the reply is that line upper-cased.
# recv() returns whatever bytes have arrived, so the server keeps them in a
# buffer and takes a request only once its newline is there.
import socket

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 50401))
srv.listen(1)
conn, addr = srv.accept()
buf = b""
while True:
    data = conn.recv(1024)
    if not data:
        break
    buf += data
    while b"\n" in buf:
        line, buf = buf.split(b"\n", 1)
        print("request:", line.decode())
        conn.sendall(line.upper() + b"\n")
conn.close()
srv.close()
