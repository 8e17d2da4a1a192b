# A UDP echo server and client: sendto/recvfrom, a bounded loop, and a stop message.
import socket
import threading

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("127.0.0.1", 0))
server_address = server.getsockname()


def udp_server():
    while True:
        data, address = server.recvfrom(4096)
        print("server received %d bytes" % len(data))
        if data == b"STOP":
            server.sendto(b"BYE", address)
            break
        server.sendto(data[::-1], address)
    server.close()


t = threading.Thread(target=udp_server)
t.start()

client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    for i in range(4):
        message = "message number %d" % i
        sent = client.sendto(message.encode("ascii"), server_address)
        data, server_addr = client.recvfrom(4096)
        print("sent %d, received %r from the server %s" % (sent, data, server_addr == server_address))
    client.sendto(b"STOP", server_address)
    print(client.recvfrom(16)[0].decode())
finally:
    client.close()
t.join()
