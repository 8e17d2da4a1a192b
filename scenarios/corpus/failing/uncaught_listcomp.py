# A client parsing a server's numbers with a list comprehension; a bad value ends the program with ValueError.
import socket
import threading


def number_server(listener):
    conn, _ = listener.accept()
    with conn:
        conn.sendall(b"3 1 4 1 5\n")
        conn.recv(16)
        conn.sendall(b"9 2 six 5\n")


def read_numbers(f):
    line = f.readline()
    return [int(token) for token in line.split()]


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
t = threading.Thread(target=number_server, args=(listener,))
t.start()
sock = socket.create_connection(listener.getsockname())
f = sock.makefile("r")
numbers = read_numbers(f)
print("sum of", numbers, "is", sum(numbers))
sock.sendall(b"more")
t.join()
numbers = read_numbers(f)
print("sum of", numbers, "is", sum(numbers))
