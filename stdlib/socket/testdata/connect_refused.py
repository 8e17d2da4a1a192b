# A blocking connect that is refused leaves the socket disconnected, as
# Linux's blocking connect(2) does: recv raises ENOTCONN and a second
# connect tries again (refused again) instead of ECONNABORTED.
import socket

srv = socket.socket()
srv.bind(("127.0.0.1", 0))
port = srv.getsockname()[1]
srv.close()  # a port nobody listens on
s = socket.socket()
try:
    s.connect(("127.0.0.1", port))
except ConnectionRefusedError as e:
    print("refused", e.errno)
try:
    print(s.recv(10))
except OSError as e:
    print(type(e).__name__, e.errno)
try:
    s.connect(("127.0.0.1", port))
except OSError as e:
    print(type(e).__name__, e.errno)
print(s.connect_ex(("127.0.0.1", port)))
s.close()
