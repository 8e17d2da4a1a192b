# A client library with its own exception hierarchy, translating socket errors with `raise ... from`.
import socket
import threading


class ClientError(Exception):
    """Base class for every error of this client."""


class ConnectError(ClientError):
    def __init__(self, address, reason):
        super().__init__("cannot reach %s:%s" % address)
        self.reason = reason


class ServerError(ClientError):
    def __init__(self, code, message):
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self):
        return "server said %d %s" % (self.code, self.message)


class NotFound(ServerError):
    pass


def request(address, path):
    try:
        sock = socket.create_connection(address)
    except OSError as e:
        raise ConnectError(("127.0.0.1", "closed port"), e) from e
    with sock:
        sock.sendall(path.encode())
        status = sock.recv(1024).decode()
    code, _, message = status.partition(" ")
    code = int(code)
    if code == 404:
        raise NotFound(code, message)
    if code >= 400:
        raise ServerError(code, message)
    return message


def server(listener, n):
    pages = {"/": "200 welcome", "/secret": "403 forbidden"}
    for _ in range(n):
        conn, _ = listener.accept()
        with conn:
            path = conn.recv(1024).decode()
            conn.sendall(pages.get(path, "404 not found").encode())


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen()
t = threading.Thread(target=server, args=(listener, 3))
t.start()

for path in ["/", "/secret", "/missing"]:
    try:
        print(path, "->", request(listener.getsockname(), path))
    except NotFound as e:
        print(path, "-> not found:", e, e.args)
    except ServerError as e:
        print(path, "-> error:", e, "code", e.code)
t.join()

closed = socket.socket()
closed.bind(("127.0.0.1", 0))
dead_address = closed.getsockname()
closed.close()
listener.close()
try:
    request(dead_address, "/")
except ClientError as e:
    print(type(e).__name__, "-", e)
    print("caused by", type(e.__cause__).__name__, e.__cause__.errno == e.reason.errno)
    print("is a ClientError:", isinstance(e, ClientError), "is an OSError:", isinstance(e, OSError))
print(ConnectError.__mro__)
