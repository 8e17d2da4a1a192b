# select-based echo server (after PyMOTW's select example): one thread, every
# socket non-blocking, select() says which can be read or written. Replies
# in upper case; ends once CLIENTS clients have come and gone.
# usage: server.py [PORT [CLIENTS]]   (PORT 0: any free port)
import select
import socket
import sys

HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 50008
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 3

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.setblocking(False)
server.bind((HOST, PORT))
server.listen(5)
print("listening on port", server.getsockname()[1])

inputs = [server]  # sockets to read from
outputs = []  # sockets with replies waiting
queues = {}  # socket -> bytes still to send
served = 0
messages = 0
nbytes = 0

while inputs:
    readable, writable, exceptional = select.select(inputs, outputs, inputs)
    for s in readable:
        if s == server:
            conn, addr = s.accept()
            conn.setblocking(False)
            inputs.append(conn)
            queues[conn] = b""
        else:
            data = s.recv(1024)
            if data:
                messages += 1
                nbytes += len(data)
                queues[s] += data.upper()
                if s not in outputs:
                    outputs.append(s)
            else:
                # The peer closed: forget the socket everywhere.
                if s in outputs:
                    outputs.remove(s)
                inputs.remove(s)
                s.close()
                del queues[s]
                served += 1
                if served == CLIENTS:
                    inputs.remove(server)
                    server.close()
    for s in writable:
        if s not in queues:
            continue
        sent = s.send(queues[s])
        queues[s] = queues[s][sent:]
        if not queues[s]:
            outputs.remove(s)
    for s in exceptional:
        print("exceptional condition on", s.getpeername())

print("served %d clients: %d messages, %d bytes" % (served, messages, nbytes))
