# Non-blocking sockets: BlockingIOError when no data is ready, and connect_ex's error codes.
import errno
import select
import socket

listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
address = listener.getsockname()

client = socket.socket()
client.setblocking(False)
rc = client.connect_ex(address)
print("connect_ex:", errno.errorcode.get(rc, rc))
select.select([], [client], [], 5)
print("SO_ERROR after connect:", client.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
conn, _ = listener.accept()

try:
    client.recv(1024)
except BlockingIOError as e:
    print("nothing to read yet:", e.errno == errno.EAGAIN, e)

conn.sendall(b"data is here")
readable, _, _ = select.select([client], [], [], 5)
print("readable:", readable == [client], client.recv(1024))

print("blocking:", client.getblocking(), "timeout:", client.gettimeout())
client.setblocking(True)
print("blocking:", client.getblocking(), "timeout:", client.gettimeout())
for s in (client, conn, listener):
    s.close()

refused = socket.socket()
print("connect_ex to a closed port:", errno.errorcode[refused.connect_ex(address)])
refused.close()
