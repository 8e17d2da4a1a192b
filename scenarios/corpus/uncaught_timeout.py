# A recv that times out with nobody catching it: TimeoutError ends the program with status 1.
import socket
import threading

listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
finished = threading.Event()


def lazy_server():
    conn, _ = listener.accept()
    finished.wait()
    conn.close()


t = threading.Thread(target=lazy_server, daemon=True)
t.start()

client = socket.create_connection(listener.getsockname())
client.settimeout(0.1)
try:
    client.sendall(b"ping")
    print("waiting for pong")
    reply = client.recv(4)
    print(reply)
finally:
    print("closing the client")
    client.close()
    finished.set()
