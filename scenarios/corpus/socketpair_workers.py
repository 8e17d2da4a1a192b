# socket.socketpair between a parent and a worker thread: a request/reply loop and a clean shutdown.
import socket
import threading


def worker(sock):
    with sock:
        while True:
            request = sock.recv(1024)
            if not request or request == b"quit":
                break
            n = int(request)
            sock.sendall(str(n * n).encode())
    print("worker: bye")


parent, child = socket.socketpair()
print("family is AF_UNIX:", parent.family == socket.AF_UNIX, "type is SOCK_STREAM:", parent.type == socket.SOCK_STREAM)
t = threading.Thread(target=worker, args=(child,))
t.start()
for n in range(1, 6):
    parent.sendall(str(n).encode())
    print("%d squared is %s" % (n, parent.recv(1024).decode()))
parent.sendall(b"quit")
t.join()
print("after the worker closed its end:", parent.recv(1024))
parent.close()
