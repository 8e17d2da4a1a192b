# An epoll echo server and its clients in one program: level-triggered
# accept, edge-triggered connections read until EAGAIN, a one-shot rearm.
import select
import socket
import threading

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(8)
srv.setblocking(False)
addr = srv.getsockname()

def client(n):
    with socket.create_connection(addr) as c:
        for i in range(3):
            c.sendall(b"client %d line %d" % (n, i))
            got = b""
            while len(got) < len(b"client n line i"):
                got += c.recv(100)
            assert got == b"CLIENT %d LINE %d" % (n, i), got

threads = [threading.Thread(target=client, args=(n,)) for n in range(3)]
for t in threads:
    t.start()

ep = select.epoll()
ep.register(srv.fileno(), select.EPOLLIN)
conns = {}
served = 0
lines = 0
while served < 3:
    for fd, ev in ep.poll(5):
        if fd == srv.fileno():
            while True:
                try:
                    c, _ = srv.accept()
                except BlockingIOError:
                    break
                c.setblocking(False)
                conns[c.fileno()] = c
                ep.register(c.fileno(), select.EPOLLIN | select.EPOLLET)
            continue
        c = conns[fd]
        closed = False
        while True:
            try:
                data = c.recv(4)
            except BlockingIOError:
                break
            if not data:
                closed = True
                break
            c.sendall(data.upper())
            lines += len(data)
        if closed:
            ep.unregister(fd)
            c.close()
            del conns[fd]
            served += 1
for t in threads:
    t.join()

# One-shot: reported once until rearmed.
a, b = socket.socketpair()
ep.register(a, select.EPOLLIN | select.EPOLLONESHOT)
b.send(b"x")
print(ep.poll(1) == [(a.fileno(), select.EPOLLIN)], ep.poll(0))
ep.modify(a, select.EPOLLIN | select.EPOLLONESHOT)
print(ep.poll(1) == [(a.fileno(), select.EPOLLIN)])
ep.close()
srv.close()
a.close()
b.close()
print("served", served, "bytes", lines)
