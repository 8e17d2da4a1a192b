# Client for the select and selectors echo servers: opens CLIENTS connections at once, then
# sends LINES lines on each in turn and prints each reply.
# usage: client.py PORT [CLIENTS [LINES]]
import socket
import sys

PORT = int(sys.argv[1])
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
LINES = int(sys.argv[3]) if len(sys.argv) > 3 else 2

conns = []
for i in range(CLIENTS):
    conns.append(socket.create_connection(("127.0.0.1", PORT)))
print("connected", len(conns), "clients")

for n in range(LINES):
    for i in range(CLIENTS):
        msg = ("client %d line %d" % (i, n)).encode()
        conns[i].sendall(msg)
        reply = b""
        while len(reply) < len(msg):
            chunk = conns[i].recv(1024)
            if not chunk:
                break
            reply += chunk
        print(i, reply)

for c in conns:
    c.close()
print("done")
