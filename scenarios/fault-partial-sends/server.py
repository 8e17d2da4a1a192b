# Receives one upload: a header line with its length, then that many bytes.
import hashlib
import socket

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 50402))
srv.listen(1)
conn, addr = srv.accept()
f = conn.makefile("rb")
size = int(f.readline())
data = f.read(size)
print("received", len(data), "bytes, sha256", hashlib.sha256(data).hexdigest()[:12])
conn.sendall(b"got %d\n" % len(data))
conn.close()
srv.close()
