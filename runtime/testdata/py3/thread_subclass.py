import threading
import socket

results = []
lock = threading.Lock()

class Worker(threading.Thread):
    def __init__(self, n):
        super().__init__(name="worker-%d" % n)
        self.n = n

    def run(self):
        with lock:
            results.append((self.name, self.n * self.n))

class EchoHandler(threading.Thread):
    def __init__(self, conn):
        threading.Thread.__init__(self)
        self.conn = conn
        self.daemon = True

    def run(self):
        try:
            data = self.conn.recv(1024)
            self.conn.sendall(data.upper())
        finally:
            self.conn.close()

class Plain(threading.Thread):
    pass

workers = [Worker(i) for i in range(4)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(sorted(results))
print(isinstance(workers[0], threading.Thread), workers[0].is_alive(), workers[0].name)

srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
h = EchoHandler(conn)
print(h.daemon)
h.start()
cli.sendall(b"hello")
print(cli.recv(1024))
h.join()
cli.close()
srv.close()

out = []
t = Plain(target=out.append, args=("from target",))
t.start()
t.join()
print(out)

print("main goes on")
