import socket

for name, args in [("raw", (socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)),
                   ("packet", (socket.AF_PACKET, socket.SOCK_DGRAM, 0))]:
    try:
        socket.socket(*args)
        print(name, "opened")
    except PermissionError as e:
        print(name + ":", type(e).__name__, e.errno)
try:
    socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
except PermissionError as e:
    print(e)
