# selectors-based echo server, after the example in Python's selectors
# documentation: the data of each key is the function to call when it is
# ready. Ends once CLIENTS clients have come and gone.
# usage: server.py [PORT [CLIENTS]]   (PORT 0: any free port)
import selectors
import socket
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 50009
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 3

sel = selectors.DefaultSelector()
state = {"open": 0, "served": 0, "accepted": 0}


def accept(sock, mask):
    conn, addr = sock.accept()  # Should be ready
    conn.setblocking(False)
    sel.register(conn, selectors.EVENT_READ, read)
    state["open"] += 1
    state["accepted"] += 1


def read(conn, mask):
    data = conn.recv(1000)  # Should be ready
    if data:
        print("echoing", repr(data))
        conn.send(data)  # Hope it won't block
    else:
        sel.unregister(conn)
        conn.close()
        state["open"] -= 1
        state["served"] += 1
        print("closed; open:", state["open"])


sock = socket.socket()
sock.bind(("127.0.0.1", PORT))
sock.listen(100)
sock.setblocking(False)
key = sel.register(sock, selectors.EVENT_READ, accept)
print("listening on port", sock.getsockname()[1])
print("key events:", key.events, "fd matches:", key.fd == sock.fileno())

while state["served"] < CLIENTS:
    events = sel.select()
    for key, mask in events:
        callback = key.data
        callback(key.fileobj, mask)

print("registered:", len(sel.get_map()))
sel.unregister(sock)
sock.close()
sel.close()
print("accepted", state["accepted"], "and served", state["served"], "clients")
