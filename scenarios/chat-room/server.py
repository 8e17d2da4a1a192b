# Chat room server: select() over the listening socket and every client;
# each line a client sends goes to all the other clients. Ends once CLIENTS
# clients have joined and all have left.
# usage: server.py [PORT [CLIENTS]]   (PORT 0: any free port)
import select
import socket
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 50010
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 3

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", PORT))
server.listen(10)
print("chat server on port", server.getsockname()[1])

sockets = [server]
joined = 0


def broadcast(sender, data):
    for s in sockets:
        if s != server and s != sender:
            s.sendall(data)


running = True
while running:
    ready, _, _ = select.select(sockets, [], [])
    for s in ready:
        if s == server:
            conn, addr = server.accept()
            sockets.append(conn)
            joined += 1
            print("clients:", len(sockets) - 1)
            continue
        data = s.recv(4096)
        if data:
            broadcast(s, data)
            continue
        sockets.remove(s)
        s.close()
        print("clients:", len(sockets) - 1)
        if joined == CLIENTS and len(sockets) == 1:
            running = False

server.close()
print("chat closed after", joined, "clients")
