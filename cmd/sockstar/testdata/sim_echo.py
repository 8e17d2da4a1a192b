import socket, threading, time
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(1)
def serve():
    c, a = srv.accept()
    while True:
        d = c.recv(100)
        if not d:
            break
        c.sendall(d.upper())
    c.close()
t = threading.Thread(target=serve)
t.start()
s = socket.create_connection(srv.getsockname())
s.settimeout(2)
s.sendall(b"hello")
print(s.recv(100))
try:
    s.recv(100)
except socket.timeout as e:
    print("timeout", e)
s.close()
t.join()
srv.close()
print("done")
