# ThreadingTCPServer with a handler that counts requests under a lock.
import socket
import socketserver
import threading

lock = threading.Lock()
request_count = 0


class CountingHandler(socketserver.BaseRequestHandler):
    def handle(self):
        global request_count
        data = self.request.recv(1024)
        with lock:
            request_count += 1
            n = request_count
        self.request.sendall(b"%d:%s" % (n, data))


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def client(address, message, results, index):
    with socket.create_connection(address) as s:
        s.sendall(message.encode())
        results[index] = s.recv(1024).decode()


with Server(("127.0.0.1", 0), CountingHandler) as server:
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    results = [None] * 5
    clients = [threading.Thread(target=client, args=(server.server_address, "job%d" % i, results, i))
               for i in range(5)]
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    numbers = sorted(int(r.split(":")[0]) for r in results)
    print("request numbers:", numbers)
    print("jobs:", [r.split(":")[1] for r in results])
    print("total requests:", request_count)
    server.shutdown()
