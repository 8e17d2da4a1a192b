# Several clients at once, one thread each: every client sends its first
# line, and none goes on until all have had their first echo, so the
# server must serve them concurrently.
# usage: client.py [PORT [CLIENTS]]
import socket
import sys
import threading

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 50007
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
LINES = 3

cond = threading.Condition()
echoed = [0]
results = {}


def exchange(s, msg):
    s.sendall(msg.encode())
    data = b""
    while len(data) < len(msg):
        data += s.recv(1024)
    return data.decode()


def client(n):
    s = socket.create_connection(("127.0.0.1", PORT))
    got = [exchange(s, "client %d line 0" % n)]
    with cond:
        echoed[0] += 1
        cond.notify_all()
        cond.wait_for(lambda: echoed[0] == CLIENTS)
    for i in range(1, LINES):
        got.append(exchange(s, "client %d line %d" % (n, i)))
    s.close()
    results[n] = got


threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for n in sorted(results):
    print(n, results[n])
print("threads left:", threading.active_count())
