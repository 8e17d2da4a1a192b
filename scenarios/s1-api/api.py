# Seed 001's reference list of socket calls, each exercised once on loopback,
# in the seed's `from socket import *` style. Everything printed is the same
# from run to run: ephemeral ports and descriptor numbers are only compared.
from socket import *
import errno

def show(what, value):
    print('%-28s %r' % (what, value))

def show_error(what, e):
    print('%-28s %s %s %r' % (what, type(e).__name__, e.errno, e.strerror))

# server: bind, listen
srv = socket(AF_INET, SOCK_STREAM)
srv.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', 0))
srv.listen(5)
host, port = srv.getsockname()
show('getsockname host', host)

# bind on a port in use raises socket.error (OSError)
other = socket(AF_INET, SOCK_STREAM)
try:
    other.bind(('127.0.0.1', port))
except error as e:
    show_error('bind in use', e)
    show('is socket.error', isinstance(e, error))

# a host name that does not resolve: socket.gaierror, a socket.error too
# (inside the test's network namespace the lookup cannot leave the machine)
try:
    other.bind(('no-such-host.invalid', 0))
except error as e:
    show_error('bind unknown host', e)
    show('is gaierror, socket.error', (isinstance(e, gaierror), isinstance(e, error)))

# a port nobody listens on: bound, never listening
closed = socket(AF_INET, SOCK_STREAM)
closed.bind(('127.0.0.1', 0))
closed_port = closed.getsockname()[1]

# connect raises, connect_ex returns the error code
c = socket(AF_INET, SOCK_STREAM)
try:
    c.connect(('127.0.0.1', closed_port))
except error as e:
    show_error('connect refused', e)
c.close()
c = socket(AF_INET, SOCK_STREAM)
code = c.connect_ex(('127.0.0.1', closed_port))
show('connect_ex refused', code)
show('errorcode', errno.errorcode[code])
c.close()

# client: connect_ex that works, accept, getpeername/getsockname
cli = socket(AF_INET, SOCK_STREAM)
show('connect_ex ok', cli.connect_ex(('127.0.0.1', port)))
conn, addr = srv.accept()
show('accept addr == client name', addr == cli.getsockname())
show('peer of client == server', cli.getpeername() == (host, port))
show('peer of conn == client', conn.getpeername() == cli.getsockname())
try:
    srv.getpeername()
except OSError as e:
    show_error('getpeername listening', e)

# recv returns at most bufsize bytes; the rest stays for the next recv
cli.sendall(b'hello world')
show('recv(5)', conn.recv(5))
show('recv(1024)', conn.recv(1024))

# timeouts and blocking mode
show('gettimeout default', cli.gettimeout())
cli.settimeout(2.5)
show('gettimeout', cli.gettimeout())
cli.setblocking(False)
show('non-blocking gettimeout', cli.gettimeout())
show('getblocking', cli.getblocking())
try:
    cli.recv(10)
except BlockingIOError as e:
    show_error('recv non-blocking', e)
cli.settimeout(0.05)
try:
    cli.recv(10)
except timeout as e:
    show('recv timeout', (type(e).__name__, str(e), isinstance(e, OSError)))
cli.setblocking(True)
show('blocking gettimeout', cli.gettimeout())

# send may send less than asked; sendall sends everything
conn.setblocking(False)
cli.setblocking(False)
big = b'x' * (16 * 1024 * 1024)
sent = cli.send(big)
show('send sent less', sent > 0 and sent < len(big))
got = 0
conn.setblocking(True)
while got < sent:
    got += len(conn.recv(1 << 20))
show('received what send sent', got == sent)
cli.setblocking(True)
show('sendall', cli.sendall(b'y' * 50000))
got = 0
while got < 50000:
    got += len(conn.recv(65536))
show('received all of sendall', got)

# fileno and makefile
show('fileno is a descriptor', cli.fileno() > 2)
rfile = conn.makefile('r', encoding='utf-8')
wfile = cli.makefile('w', encoding='utf-8')
wfile.write('line one\nline two\n')
wfile.flush()
show('makefile readline', rfile.readline())
show('makefile readline', rfile.readline())
wfile.close()
rfile.close()

# shutdown and close: the peer reads EOF, a closed socket has fileno -1
cli.shutdown(SHUT_WR)
show('recv after shutdown', conn.recv(10))
cli.close()
show('fileno after close', cli.fileno())
try:
    cli.send(b'x')
except OSError as e:
    show_error('send after close', e)
conn.close()
srv.close()

# UDP: sendto and recvfrom, with the sender's address
u1 = socket(AF_INET, SOCK_DGRAM)
u1.bind(('127.0.0.1', 0))
u2 = socket(AF_INET, SOCK_DGRAM)
show('sendto', u2.sendto(b'ping', u1.getsockname()))
data, addr = u1.recvfrom(1024)
show('recvfrom', data)
show('recvfrom host', addr[0])
show('recvfrom port == sender', addr[1] == u2.getsockname()[1])
u1.sendto(b'pong', addr)
show('reply', u2.recvfrom(1024)[0])
u1.close()
u2.close()

# getsockopt and setsockopt
s = socket(AF_INET, SOCK_STREAM)
show('SO_TYPE', s.getsockopt(SOL_SOCKET, SO_TYPE) == SOCK_STREAM)
s.setsockopt(SOL_SOCKET, SO_KEEPALIVE, 1)
show('SO_KEEPALIVE', s.getsockopt(SOL_SOCKET, SO_KEEPALIVE))
s.close()

# AF_UNIX, for processes on one machine (a path in the working directory)
us = socket(AF_UNIX, SOCK_STREAM)
us.bind('api.sock')
us.listen(1)
uc = socket(AF_UNIX, SOCK_STREAM)
uc.connect('api.sock')
uconn, uaddr = us.accept()
show('unix getsockname', us.getsockname())
show('unix peer', uc.getpeername())
uc.sendall(b'over unix')
show('unix recv', uconn.recv(100))
for x in (uconn, uc, us):
    x.close()

# AF_INET6 on ::1
s6 = socket(AF_INET6, SOCK_STREAM)
s6.bind(('::1', 0))
s6.listen(1)
c6 = socket(AF_INET6, SOCK_STREAM)
c6.connect(s6.getsockname()[:2])
a6, addr6 = s6.accept()
show('inet6 host', addr6[0])
show('inet6 address length', len(addr6))
c6.sendall(b'over ipv6')
show('inet6 recv', a6.recv(100))
for x in (a6, c6, s6):
    x.close()
