# Client threads as a threading.Thread subclass with default names, each fetching a greeting from one server.
import socket
import threading

results = {}
results_lock = threading.Lock()


class Fetcher(threading.Thread):
    def __init__(self, address):
        super().__init__()
        self.address = address

    def run(self):
        with socket.create_connection(self.address) as s:
            s.sendall(self.name.encode())
            reply = s.recv(1024).decode()
        with results_lock:
            results[self.name] = reply


def greeter(listener, n):
    for _ in range(n):
        conn, _ = listener.accept()
        with conn:
            conn.sendall(b"hello, " + conn.recv(1024))


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(5)
server = threading.Thread(target=greeter, args=(listener, 3), name="greeter")
server.start()
fetchers = [Fetcher(listener.getsockname()) for _ in range(3)]
print("main thread:", threading.current_thread().name)
print("fetchers:", [f.name for f in fetchers])
for f in fetchers:
    f.start()
for f in fetchers:
    f.join()
server.join()
listener.close()
for name in sorted(results):
    print(name, "->", results[name])
