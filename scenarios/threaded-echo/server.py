# Threaded echo server: one thread per client, replies in upper case, and
# serves CLIENTS clients at once before it reports and ends.
# usage: server.py [PORT [CLIENTS]]   (PORT 0: any free port)
import socket
import sys
import threading

HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 50007
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 3

lock = threading.Lock()
totals = {"bytes": 0, "messages": 0}


def handle(conn, addr):
    while True:
        data = conn.recv(1024)
        if not data:
            break
        with lock:
            totals["bytes"] += len(data)
            totals["messages"] += 1
        conn.sendall(data.upper())
    conn.close()


srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((HOST, PORT))
srv.listen(5)
print("listening on port", srv.getsockname()[1])
threads = []
for i in range(CLIENTS):
    conn, addr = srv.accept()
    t = threading.Thread(target=handle, args=(conn, addr))
    t.start()
    threads.append(t)
for t in threads:
    t.join()
srv.close()
print("served", CLIENTS, "clients:", totals["messages"], "messages,", totals["bytes"], "bytes")
