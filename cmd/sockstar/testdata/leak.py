# Sockets dropped without close(): CPython closes each as its last
# reference goes; sockstar's are closed once collected, at the latest when
# the run runs short of descriptors (the test gives it 128).
import socket

for i in range(1000):
    s = socket.socket()
print("made 1000 sockets")
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(50)
for i in range(300):
    client = socket.create_connection(listener.getsockname())
    conn, _ = listener.accept()
    client.sendall(b"x")
    assert conn.recv(1) == b"x"
print("connected 300 times")
kept = []
try:
    for i in range(1000):
        kept.append(socket.socket())
except OSError as e:
    print("kept every socket: stopped by", type(e).__name__, e.errno)
