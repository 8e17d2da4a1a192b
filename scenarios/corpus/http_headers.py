# An HTTP response parser with a case-insensitive Headers mapping class (__getitem__, __contains__, __iter__).
import socket
import threading


class Headers:
    def __init__(self):
        self._fields = {}

    def add(self, line):
        name, _, value = line.partition(":")
        self._fields[name.strip().lower()] = (name.strip(), value.strip())

    def __getitem__(self, name):
        return self._fields[name.lower()][1]

    def __contains__(self, name):
        return name.lower() in self._fields

    def __iter__(self):
        return iter([original for original, _ in self._fields.values()])

    def __len__(self):
        return len(self._fields)


class Response:
    def __init__(self, sock):
        self.file = sock.makefile("rb")
        version, status, self.reason = self.file.readline().decode("latin-1").rstrip("\r\n").split(" ", 2)
        self.status = int(status)
        self.headers = Headers()
        while True:
            line = self.file.readline().decode("latin-1").rstrip("\r\n")
            if not line:
                break
            self.headers.add(line)

    def read(self):
        if "Content-Length" in self.headers:
            return self.file.read(int(self.headers["content-length"]))
        return self.file.read()


def server(listener):
    conn, _ = listener.accept()
    with conn:
        while b"\r\n\r\n" not in conn.recv(4096):
            pass
        body = b"<h1>It works</h1>\n"
        conn.sendall(b"HTTP/1.0 200 OK\r\nServer: toy/0.1\r\nContent-Type: text/html\r\n"
                     b"Content-Length: %d\r\n\r\n%s" % (len(body), body))


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
t = threading.Thread(target=server, args=(listener,))
t.start()
with socket.create_connection(listener.getsockname()) as sock:
    sock.sendall(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n")
    response = Response(sock)
    print(response.status, response.reason)
    for name in response.headers:
        print("%s: %s" % (name, response.headers[name]))
    print("has content-type:", "CONTENT-TYPE" in response.headers, "has cookie:", "Set-Cookie" in response.headers)
    print(len(response.headers), "headers;", response.read())
    response.file.close()
t.join()
listener.close()
