# A buffering protocol parser: messages split across recv() calls, with a custom ProtocolError.
import socket
import threading


class ProtocolError(Exception):
    pass


class MessageParser:
    """Parses 'LEN:payload' messages from a stream of chunks."""

    def __init__(self):
        self.buffer = b""
        self.messages = []

    def feed(self, chunk):
        self.buffer += chunk
        while b":" in self.buffer:
            header, _, rest = self.buffer.partition(b":")
            if not header.isdigit():
                raise ProtocolError("bad length header %r" % header)
            length = int(header)
            if len(rest) < length:
                break
            self.messages.append(rest[:length].decode())
            self.buffer = rest[length:]
        return len(self.messages)


def sender(conn, chunks):
    for chunk in chunks:
        conn.sendall(chunk)
        conn.recv(1)  # wait for the reader to take the chunk before the next one
    conn.close()


a, b = socket.socketpair()
chunks = [b"5:hel", b"lo3:abc", b"1", b"0:0123456789", b"2:ok4:", b"done", b"x:oops"]
t = threading.Thread(target=sender, args=(a, chunks))
t.start()

parser = MessageParser()
try:
    while True:
        chunk = b.recv(1024)
        if not chunk:
            break
        count = parser.feed(chunk)
        print("fed %-15r -> %d message(s), buffered %r" % (chunk, count, parser.buffer))
        b.sendall(b".")
except ProtocolError as e:
    print("protocol error:", e)
    b.sendall(b".")
finally:
    t.join()
    b.close()
print(parser.messages)
