# Length-prefixed framing with struct: send_msg/recv_msg and a recvall helper.
import socket
import struct
import threading

HEADER = struct.Struct("!I")


def send_msg(sock, payload):
    sock.sendall(HEADER.pack(len(payload)) + payload)


def recvall(sock, n):
    data = bytearray()
    while len(data) < n:
        packet = sock.recv(n - len(data))
        if not packet:
            return None
        data.extend(packet)
    return bytes(data)


def recv_msg(sock):
    raw_len = recvall(sock, HEADER.size)
    if not raw_len:
        return None
    (length,) = HEADER.unpack(raw_len)
    return recvall(sock, length)


def server(listener):
    conn, _ = listener.accept()
    with conn:
        while True:
            msg = recv_msg(conn)
            if msg is None:
                break
            record = struct.pack("!IB", len(msg), sum(msg) % 256)
            send_msg(conn, record + msg.upper())


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
t = threading.Thread(target=server, args=(listener,))
t.start()

messages = [b"", b"short", b"x" * 70000, "caf\u00e9".encode("utf-8")]
with socket.create_connection(listener.getsockname()) as sock:
    for m in messages:
        send_msg(sock, m)
        reply = recv_msg(sock)
        length, checksum = struct.unpack("!IB", reply[:5])
        body = reply[5:]
        print("sent %5d bytes, server saw %5d, checksum %3d, reply starts %r" % (len(m), length, checksum, body[:8]))
t.join()
listener.close()
print(HEADER.pack(1024), struct.calcsize("!IB"), struct.unpack("<hI", b"\xff\xff\x01\x00\x00\x00"))
