# Chat room client: select() over standard input and the server's socket;
# a typed line goes to the room as "NAME: line", what the room sends is
# printed. The end of input leaves the room.
# usage: client.py PORT NAME
import select
import socket
import sys

PORT = int(sys.argv[1])
NAME = sys.argv[2]

server = socket.create_connection(("127.0.0.1", PORT))
print("connected as", NAME)

while True:
    ready, _, _ = select.select([sys.stdin, server], [], [])
    if server in ready:
        data = server.recv(4096)
        if not data:
            print("server closed")
            break
        sys.stdout.write(data.decode())
        sys.stdout.flush()
    if sys.stdin in ready:
        line = sys.stdin.readline()
        if not line:
            break
        server.sendall((NAME + ": " + line).encode())

server.close()
print("bye")
