# Sending a "file" over TCP: a struct header with name and size, then the data in chunks.
import socket
import struct
import threading

CHUNK = 4096


def receive_file(listener, result):
    conn, _ = listener.accept()
    with conn:
        header = conn.recv(struct.calcsize("!HQ"), socket.MSG_WAITALL)
        name_len, size = struct.unpack("!HQ", header)
        name = conn.recv(name_len, socket.MSG_WAITALL).decode()
        chunks = []
        remaining = size
        while remaining > 0:
            chunk = conn.recv(min(CHUNK, remaining))
            if not chunk:
                raise ConnectionError("connection closed with %d bytes to go" % remaining)
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        conn.sendall(b"OK %d" % len(data))
    result["name"] = name
    result["data"] = data


def send_file(address, name, data):
    with socket.create_connection(address) as s:
        encoded = name.encode()
        s.sendall(struct.pack("!HQ", len(encoded), len(data)) + encoded)
        view = 0
        while view < len(data):
            sent = s.send(data[view:view + CHUNK])
            view += sent
        return s.recv(64).decode()


content = bytes(range(256)) * 1000
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
result = {}
t = threading.Thread(target=receive_file, args=(listener, result))
t.start()
print("client got:", send_file(listener.getsockname(), "numbers.bin", content))
t.join()
listener.close()
print("server stored %s: %d bytes, intact: %s" % (result["name"], len(result["data"]), result["data"] == content))
print("first bytes:", result["data"][:6], "last byte:", result["data"][-1])
