# A Connection class wrapping a socket: a context manager, properties, __repr__ and counters.
import socket
import threading


class Connection:
    opened = 0

    def __init__(self, address, encoding="utf-8"):
        self.address = address
        self.encoding = encoding
        self.sock = None
        self._sent = 0
        self._received = 0

    def __enter__(self):
        self.sock = socket.create_connection(self.address)
        Connection.opened += 1
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.sock.close()
        self.sock = None
        if exc_type is not None:
            print("closing after %s: %s" % (exc_type.__name__, exc_value))
        return exc_type is KeyError

    @property
    def connected(self):
        return self.sock is not None

    @property
    def stats(self):
        return {"sent": self._sent, "received": self._received}

    def ask(self, text):
        data = text.encode(self.encoding)
        self.sock.sendall(data)
        self._sent += len(data)
        reply = self.sock.recv(1024)
        self._received += len(reply)
        return reply.decode(self.encoding)

    def __repr__(self):
        state = "open" if self.connected else "closed"
        return "<Connection %s:%s %s>" % (self.address[0], "PORT", state)


def server(listener, n):
    for _ in range(n):
        conn, _ = listener.accept()
        with conn:
            while True:
                data = conn.recv(1024)
                if not data:
                    break
                conn.sendall(data[::-1])


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen()
t = threading.Thread(target=server, args=(listener, 3))
t.start()

with Connection(listener.getsockname()) as c:
    print(c, c.connected)
    print(c.ask("level"), c.ask("stressed"), c.ask("drawer"))
    print(c.stats)
print(c, c.connected)

with Connection(listener.getsockname()) as c:
    c.ask("first")
    {}["missing"]
print("KeyError was swallowed by __exit__")

try:
    with Connection(listener.getsockname()) as c:
        raise ValueError("bad things")
except ValueError as e:
    print("caught outside:", e)
t.join()
listener.close()
print("connections opened:", Connection.opened)
