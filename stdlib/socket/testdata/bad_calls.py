# Bad arguments to socket calls get CPython's class and message (issue 18's
# probes of calls CPython refuses or takes differently).
import socket, struct

def tryit(label, f):
    try:
        r = f()
        print(label, "->", repr(r))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

s = socket.socket()
tryit("recv(0) unconnected", lambda: s.recv(0))
tryit("send 2**40 flags", lambda: s.send(b'x', 2**40))
tryit("send str flags", lambda: s.send(b'x', 'a'))
tryit("setsockopt 2**40", lambda: s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 2**40))
tryit("setsockopt None", lambda: s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, None))
tryit("setsockopt 2 args", lambda: s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR))
tryit("getsockopt buflen 0", lambda: s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 0))
tryit("setblocking x", lambda: s.setblocking('x'))
tryit("settimeout 1e300", lambda: s.settimeout(1e300))
tryit("makefile encoding", lambda: s.makefile('r', encoding='nope'))
s.close()
tryit("settimeout closed", lambda: s.settimeout(1))
tryit("setblocking closed", lambda: s.setblocking(False))
tryit("makefile closed", lambda: type(s.makefile()).__name__)
tryit("create_connection x", lambda: socket.create_connection('x'))
tryit("unpack_from 2**63", lambda: struct.unpack_from('b', b'abc', 2**63))
s2 = socket.socket()
for mode in ["r", "rb", "wb", "rwb"]:
    print(mode, type(s2.makefile(mode)).__name__)
print(type(s2.makefile("rb", buffering=0)).__name__, repr(s2.makefile("r", encoding="latin-1")).replace(str(s2.fileno()), "N"))
tryit("getsockopt buflen -1", lambda: s2.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, -1))
tryit("settimeout 2**70", lambda: s2.settimeout(2**70))
tryit("settimeout 1e9", lambda: s2.settimeout(1e9))
tryit("create_connection list", lambda: socket.create_connection(["127.0.0.1"]))
tryit("create_connection 3", lambda: socket.create_connection(("a", 1, 2)))
tryit("create_connection int", lambda: socket.create_connection(5))
tryit("unpack_from 1.5", lambda: struct.unpack_from('b', b'abc', 1.5))
print(struct.unpack_from('b', b'abc', 1), struct.unpack_from('b', b'abc', True))
s2.close()

# create_connection's port goes through getaddrinfo: it wraps at 65536, a
# negative one is no service, one past a C long overflows.
ln = socket.socket()
ln.bind(("127.0.0.1", 0))
ln.listen()
port = ln.getsockname()[1]
c = socket.create_connection(("127.0.0.1", port + 65536), timeout=2)
print("wrapped to the listener:", c.getpeername()[1] == port)
c.close()
tryit("create_connection port -1", lambda: socket.create_connection(("127.0.0.1", -1), timeout=2))
tryit("create_connection port 2**70", lambda: socket.create_connection(("127.0.0.1", 2**70), timeout=2))
ln.close()
