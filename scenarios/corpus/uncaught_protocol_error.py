# A custom exception raised from another while parsing a bad reply ends the program (raise ... from).
import socket
import threading


class ProtocolError(Exception):
    """The peer broke the protocol."""


class BadStatus(ProtocolError):
    def __init__(self, line):
        super().__init__("bad status line: %r" % line)
        self.line = line


def parse_status(line):
    try:
        version, code, reason = line.split(" ", 2)
        return int(code), reason
    except ValueError as e:
        raise BadStatus(line) from e


def server(listener):
    conn, _ = listener.accept()
    conn.sendall(b"HTTP/1.0 200 OK\r\n")
    conn.recv(10)
    conn.sendall(b"HTTP/1.0 twohundred OK\r\n")
    conn.close()


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
t = threading.Thread(target=server, args=(listener,))
t.start()
sock = socket.create_connection(listener.getsockname())
reader = sock.makefile("r", newline="\r\n")
print(parse_status(reader.readline().rstrip("\r\n")))
sock.sendall(b"next")
t.join()
print(parse_status(reader.readline().rstrip("\r\n")))
print("not reached")
