# A server that aborts the connection (SO_LINGER 0): the client sees ConnectionResetError.
import socket
import struct
import threading

listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
aborted = threading.Event()


def rude_server():
    conn, _ = listener.accept()
    conn.recv(1024)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()
    aborted.set()


t = threading.Thread(target=rude_server)
t.start()
client = socket.create_connection(listener.getsockname())
client.sendall(b"hello?")
aborted.wait()
try:
    client.recv(1024)
except ConnectionResetError as e:
    print("reset:", e)
    print("errno:", e.errno, "is a ConnectionError:", isinstance(e, ConnectionError))
try:
    client.recv(1024)
    print("second recv returned nothing")
    client.sendall(b"anyone?")
except BrokenPipeError as e:
    print("broken pipe:", e)
finally:
    client.close()
t.join()
listener.close()
