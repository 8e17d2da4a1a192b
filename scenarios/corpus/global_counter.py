# A threaded server counting connections and bytes in global variables guarded by a Lock.
import socket
import threading

connections = 0
bytes_received = 0
counter_lock = threading.Lock()


def handle(conn):
    global connections, bytes_received
    with counter_lock:
        connections += 1
    with conn:
        while True:
            chunk = conn.recv(4096)
            if not chunk:
                break
            with counter_lock:
                bytes_received += len(chunk)
        conn.sendall(b"thanks")


def accept_loop(listener, n):
    handlers = []
    for _ in range(n):
        conn, _ = listener.accept()
        h = threading.Thread(target=handle, args=(conn,))
        h.start()
        handlers.append(h)
    for h in handlers:
        h.join()


def upload(address, size):
    s = socket.create_connection(address)
    s.sendall(b"z" * size)
    s.shutdown(socket.SHUT_WR)
    reply = s.recv(100)
    s.close()
    return reply


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(10)
server = threading.Thread(target=accept_loop, args=(listener, 4))
server.start()
uploaders = [threading.Thread(target=upload, args=(listener.getsockname(), 10000 * (i + 1))) for i in range(4)]
for u in uploaders:
    u.start()
for u in uploaders:
    u.join()
server.join()
listener.close()
print("connections:", connections)
print("bytes received:", bytes_received)
