# A server with a fixed pool of worker threads fed through a queue.Queue, stopped with sentinels.
import queue
import socket
import threading

NUM_WORKERS = 3
jobs = queue.Queue()
results_lock = threading.Lock()
handled = {}


def worker():
    while True:
        conn = jobs.get()
        if conn is None:
            jobs.task_done()
            break
        with conn:
            text = conn.recv(1024).decode()
            conn.sendall(("%d words" % len(text.split())).encode())
        with results_lock:
            handled[text] = True
        jobs.task_done()


def acceptor(listener, n):
    for _ in range(n):
        conn, _ = listener.accept()
        jobs.put(conn)


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(10)
pool = [threading.Thread(target=worker, name="worker-%d" % i) for i in range(NUM_WORKERS)]
for w in pool:
    w.start()
sentences = ["the quick brown fox", "jumps over", "the lazy dog", "a b c d e f", "end"]
acc = threading.Thread(target=acceptor, args=(listener, len(sentences)))
acc.start()
for s in sentences:
    with socket.create_connection(listener.getsockname()) as c:
        c.sendall(s.encode())
        print("%-20r -> %s" % (s, c.recv(100).decode()))
acc.join()
jobs.join()
print("queue empty:", jobs.empty(), "handled:", len(handled))
for _ in pool:
    jobs.put(None)
for w in pool:
    w.join()
print("workers alive:", [w.is_alive() for w in pool])
listener.close()
