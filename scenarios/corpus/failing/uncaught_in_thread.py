# An exception in a handler thread is printed by the thread machinery; the main program goes on.
import socket
import threading


def handler(conn):
    request = conn.recv(1024).decode()
    try:
        number = int(request)
        conn.sendall(str(number * 2).encode())
    finally:
        conn.close()


def server(listener, n):
    for i in range(n):
        conn, _ = listener.accept()
        t = threading.Thread(target=handler, args=(conn,), name="handler-%d" % i)
        t.start()
        t.join()


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(2)
acceptor = threading.Thread(target=server, args=(listener, 2))
acceptor.start()
for request in [b"21", b"twenty-one"]:
    with socket.create_connection(listener.getsockname()) as c:
        c.sendall(request)
        print(request, "->", c.recv(1024) or "connection closed without a reply")
acceptor.join()
listener.close()
print("main program still running")
