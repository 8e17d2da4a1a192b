# select.epoll against CPython: registration, level and edge triggering,
# one-shot, hang-ups, timeouts, errors, and an echo server on 127.0.0.1.
import select
import socket
import threading


def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


def named(events, *socks):
    names = {s.fileno(): n for n, s in zip('abcdefgh', socks)}
    return sorted((names.get(fd, fd), ev) for fd, ev in events)


print([(n, getattr(select, n)) for n in sorted(dir(select)) if n.startswith('EPOLL')])
t(lambda: select.epoll(0))
t(lambda: select.epoll(-2))
t(lambda: select.epoll(flags=1))
t(lambda: select.epoll('a'))
t(lambda: type(select.epoll(5, select.EPOLL_CLOEXEC)).__name__)

ep = select.epoll()
print(type(ep), ep.closed, ep.fileno() > 2)
a, b = socket.socketpair()
t(lambda: ep.register(a))
t(lambda: ep.register(a))
t(lambda: ep.modify(b, select.EPOLLIN))
t(lambda: ep.unregister(b))
t(lambda: ep.register(-1))
t(lambda: ep.register('x'))
t(lambda: ep.register(b, -1))
t(lambda: ep.register(b, 'x'))
t(lambda: ep.register(a, 1, 2))
t(lambda: named(ep.poll(), a, b))
t(lambda: ep.poll(0, 0))
t(lambda: ep.poll(0, -2))
t(lambda: ep.poll('x'))
t(lambda: ep.poll(float('nan')))
t(lambda: named(ep.poll(timeout=0, maxevents=1), a, b))

# Level-triggered: ready until read. Edge-triggered: once per arrival.
b.send(b'hi')
ep.modify(a, select.EPOLLIN)
print(named(ep.poll(1), a, b), named(ep.poll(0), a, b))
ep.register(b, select.EPOLLIN | select.EPOLLET)
a.send(b'x')
print(named(ep.poll(1), a, b), named(ep.poll(0), a, b))
a.recv(10)
b.recv(10)
print(named(ep.poll(0.01), a, b))

# One-shot: reported once, until modified again.
ep.modify(a, select.EPOLLIN | select.EPOLLONESHOT)
b.send(b'1')
print(named(ep.poll(1), a, b), named(ep.poll(0), a, b))
ep.modify(a, select.EPOLLIN | select.EPOLLONESHOT)
print(named(ep.poll(1), a, b))
a.recv(10)

# A peer that closes: readable, with a hang-up on its side.
ep.modify(a, select.EPOLLIN | select.EPOLLRDHUP)
ep.unregister(b)
b.close()
print(named(ep.poll(1), a))
print(a.recv(10))
ep.unregister(a.fileno())
a.close()
t(lambda: ep.poll(0))

with open('epoll.py') as f:
    t(lambda: ep.register(f))

with select.epoll() as e2:
    print(e2.closed)
print(e2.closed)
for name, call in [('poll', lambda: e2.poll()), ('register', lambda: e2.register(1)),
                   ('fileno', e2.fileno), ('unregister', lambda: e2.unregister(1)),
                   ('modify', lambda: e2.modify(1, 1)), ('close', e2.close)]:
    print(name, end=': ')
    t(call)
ep.close()
ep.close()

# An echo server: one thread serves every client with one epoll.
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(8)
srv.setblocking(False)
port = srv.getsockname()[1]


def serve(clients):
    ep = select.epoll()
    ep.register(srv, select.EPOLLIN)
    conns = {}
    done = 0
    while done < clients:
        for fd, events in ep.poll():
            if fd == srv.fileno():
                conn, _ = srv.accept()
                conn.setblocking(False)
                ep.register(conn, select.EPOLLIN)
                conns[conn.fileno()] = conn
            else:
                conn = conns[fd]
                data = conn.recv(1024)
                if data:
                    conn.sendall(data.upper())
                else:
                    ep.unregister(fd)
                    conn.close()
                    done += 1
    ep.close()


th = threading.Thread(target=serve, args=(3,))
th.start()
for word in [b'one', b'two', b'three']:
    c = socket.create_connection(('127.0.0.1', port))
    c.sendall(word)
    print(c.recv(1024))
    c.close()
th.join()
srv.close()
print('served')
