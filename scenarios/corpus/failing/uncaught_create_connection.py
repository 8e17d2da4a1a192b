# socket.create_connection to a closed port without a try: the traceback shows where it was raised.
import socket


def fetch(address):
    with socket.create_connection(address, timeout=2) as sock:
        sock.sendall(b"GET\n")
        return sock.recv(1024)


closed = socket.socket()
closed.bind(("127.0.0.1", 0))
address = closed.getsockname()
closed.close()
print("fetching...")
print(fetch(address))
