# The socket module's helper functions that books list in their first chapter.
import socket
import struct

print(socket.gethostbyname("localhost"))
print(socket.inet_aton("192.168.1.10"))
print(socket.inet_ntoa(b"\x7f\x00\x00\x01"))
print(struct.unpack("!I", socket.inet_aton("10.0.0.1"))[0])
print(socket.inet_pton(socket.AF_INET6, "::1"))
print(socket.inet_ntop(socket.AF_INET6, b"\x20\x01\x0d\xb8" + b"\x00" * 11 + b"\x01"))
print(socket.htons(80), socket.ntohs(20480), socket.htonl(1), socket.ntohl(16777216))
print(socket.getservbyname("http", "tcp"), socket.getservbyport(22))
for family, type_, proto, canonname, sockaddr in socket.getaddrinfo("127.0.0.1", 8080, socket.AF_INET, socket.SOCK_STREAM):
    print(family == socket.AF_INET, type_ == socket.SOCK_STREAM, proto, repr(canonname), sockaddr)
print(socket.getaddrinfo("::1", 53, socket.AF_INET6, socket.SOCK_DGRAM)[0][4])
for bad in ["256.1.1.1", "hello"]:
    try:
        socket.inet_aton(bad)
    except OSError as e:
        print("inet_aton(%r): %s" % (bad, e))
try:
    socket.getservbyname("no-such-service")
except OSError as e:
    print("getservbyname:", e)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print(s.family == socket.AF_INET, s.type == socket.SOCK_DGRAM, s.proto)
print(s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR))
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
print(s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) != 0)
s.close()
print("fileno after close:", s.fileno())
