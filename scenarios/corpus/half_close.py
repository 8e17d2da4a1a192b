# shutdown(SHUT_WR): the client signals end of request, the server reads to EOF and then answers.
import socket
import threading


def summing_server(listener):
    conn, _ = listener.accept()
    total = 0
    count = 0
    buffer = b""
    while True:
        data = conn.recv(7)
        if not data:
            break
        buffer += data
    for line in buffer.decode().splitlines():
        total += int(line)
        count += 1
    conn.sendall(("count=%d total=%d\n" % (count, total)).encode())
    conn.shutdown(socket.SHUT_RDWR)
    conn.close()


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
t = threading.Thread(target=summing_server, args=(listener,))
t.start()
client = socket.socket()
client.connect(listener.getsockname())
for n in range(1, 11):
    client.sendall(b"%d\n" % (n * n))
client.shutdown(socket.SHUT_WR)
try:
    client.sendall(b"too late")
except BrokenPipeError as e:
    print("send after shutdown:", e)
print(client.recv(1024).decode(), end="")
print("then EOF:", client.recv(1024))
client.close()
t.join()
listener.close()
