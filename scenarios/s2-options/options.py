# Seed 002's setsockopt/getsockopt table: each SOL_SOCKET option is set and
# read back from the kernel with getsockopt; then the seed's listing of every
# SO_* name the socket module has, sorted.
import socket

def show(name, before, after):
    print('%-16s %r -> %r' % (name, before, after))

tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

# Boolean options: off by default, on once set to 1, off again with 0.
for name, s in [('SO_BROADCAST', udp), ('SO_DONTROUTE', tcp), ('SO_KEEPALIVE', tcp),
                ('SO_OOBINLINE', tcp), ('SO_REUSEADDR', tcp)]:
    opt = getattr(socket, name)
    before = s.getsockopt(socket.SOL_SOCKET, opt)
    s.setsockopt(socket.SOL_SOCKET, opt, 1)
    after = s.getsockopt(socket.SOL_SOCKET, opt)
    show(name, before, after)
    s.setsockopt(socket.SOL_SOCKET, opt, 0)
    show(name, after, s.getsockopt(socket.SOL_SOCKET, opt))

# SO_BINDTODEVICE takes the device name as bytes; an empty name unbinds.
before = tcp.getsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, 16)
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b'lo')
after = tcp.getsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, 16)
show('SO_BINDTODEVICE', before, after)
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b'')
show('SO_BINDTODEVICE', after, tcp.getsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, 16))

# A value other than 1 reads back as the kernel keeps it.
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
print('SO_RCVBUF doubled by the kernel:', tcp.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) == 8192)
tcp.close()
udp.close()

# The seed's listing, as written there (Python 3: print()).
solist=[x for x in dir(socket) if x.startswith('SO_')]
solist.sort()
for x in solist:
    print(x)
