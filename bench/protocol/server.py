# Protocol server: a small HTTP/1.1 server on one keep-alive connection. It
# reads until a request's head is complete, parses the request line and the
# headers, and answers with a formatted reply, until the client closes.
# Usage: server.py [HOST [PORT]]
# The port it listens on is the first line it prints (PORT 0 lets the
# kernel pick).
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 65432

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((HOST, PORT))
srv.listen(1)
print(srv.getsockname()[1], flush=True)

conn, addr = srv.accept()
buf = b""
while True:
    while b"\r\n\r\n" not in buf:
        data = conn.recv(4096)
        if not data:
            break
        buf += data
    if b"\r\n\r\n" not in buf:
        break
    head, _, rest = buf.partition(b"\r\n\r\n")
    buf = rest
    lines = head.decode("latin-1").split("\r\n")
    method, path, version = lines[0].split(" ")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = "hello %s #%s\n" % (path, headers["x-seq"])
    reply = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nX-Seq: %s\r\n\r\n%s" % (
        len(body),
        headers["x-seq"],
        body,
    )
    conn.sendall(reply.encode("latin-1"))
conn.close()
srv.close()
