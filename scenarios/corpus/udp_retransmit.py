# Reliable requests over UDP: the client resends on timeout; the server drops every first datagram.
import socket
import threading

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("127.0.0.1", 0))
seen = set()


def lossy_server():
    while True:
        data, addr = server.recvfrom(1024)
        if data == b"shutdown":
            break
        seq, _, payload = data.partition(b" ")
        if seq not in seen:
            seen.add(seq)
            print("server: 'lost' packet", seq.decode())
            continue
        server.sendto(b"ACK " + seq + b" " + payload.upper(), addr)
    server.close()


def request(sock, seq, payload, retries=3):
    message = b"%d %s" % (seq, payload)
    for attempt in range(retries):
        sock.sendto(message, server.getsockname())
        try:
            reply, _ = sock.recvfrom(1024)
            return reply, attempt + 1
        except socket.timeout:
            print("client: timeout on %d, retrying" % seq)
    raise TimeoutError("no answer for %d" % seq)


t = threading.Thread(target=lossy_server)
t.start()
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client.settimeout(0.5)
for seq, word in enumerate([b"alpha", b"beta", b"gamma"], 1):
    reply, attempts = request(client, seq, word)
    print("client: %s after %d attempt(s)" % (reply.decode(), attempts))
client.sendto(b"shutdown", server.getsockname())
t.join()
client.close()
