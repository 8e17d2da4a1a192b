# An AF_UNIX stream echo server whose socket file lives in a temporary directory.
import os
import socket
import tempfile
import threading

with tempfile.TemporaryDirectory() as tmpdir:
    path = os.path.join(tmpdir, "echo.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    print("socket file exists:", os.path.exists(path))

    def echo_once():
        conn, _ = server.accept()
        with conn:
            while True:
                data = conn.recv(16)
                if not data:
                    break
                conn.sendall(data)

    t = threading.Thread(target=echo_once)
    t.start()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(path)
        print("peer name is the path:", client.getpeername() == path)
        message = b"This is the message.  It will be repeated."
        client.sendall(message)
        received = b""
        while len(received) < len(message):
            received += client.recv(16)
        print("received", received)
    t.join()
    server.close()
    os.unlink(path)
print("socket file exists:", os.path.exists(path))
