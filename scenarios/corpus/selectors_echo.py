# The selectors documentation's echo server: callbacks stored in key.data, stopped after a fixed number of clients.
import selectors
import socket
import threading

sel = selectors.DefaultSelector()
state = {"open": 0, "closed": 0}


def accept(sock, mask):
    conn, addr = sock.accept()
    print("accepted a connection from", addr[0])
    conn.setblocking(False)
    state["open"] += 1
    sel.register(conn, selectors.EVENT_READ, read)


def read(conn, mask):
    data = conn.recv(1000)
    if data:
        conn.send(data[::-1])
    else:
        sel.unregister(conn)
        conn.close()
        state["closed"] += 1


sock = socket.socket()
sock.bind(("127.0.0.1", 0))
sock.listen(100)
sock.setblocking(False)
sel.register(sock, selectors.EVENT_READ, accept)


def event_loop():
    while state["closed"] < 2:
        events = sel.select(timeout=5)
        if not events:
            break
        for key, mask in events:
            callback = key.data
            callback(key.fileobj, mask)
    sel.unregister(sock)
    sock.close()
    sel.close()


t = threading.Thread(target=event_loop)
t.start()
for word in ["stressed", "drawer"]:
    with socket.create_connection(sock.getsockname()) as c:
        c.sendall(word.encode())
        print(word, "->", c.recv(1000).decode())
t.join()
print(state)
