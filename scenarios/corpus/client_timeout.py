# A client that gives up waiting: settimeout and socket.timeout against a server that never answers.
import socket
import threading

listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
release = threading.Event()


def silent_server():
    conn, _ = listener.accept()
    release.wait()
    conn.sendall(b"finally, an answer")
    conn.close()


t = threading.Thread(target=silent_server)
t.start()

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.settimeout(0.2)
print("timeout is", client.gettimeout())
client.connect(listener.getsockname())
client.sendall(b"are you there?")
for attempt in range(1, 3):
    try:
        data = client.recv(1024)
    except socket.timeout as e:
        print("attempt %d: no reply (%s: %s)" % (attempt, type(e).__name__, e))
print("socket.timeout is TimeoutError:", socket.timeout is TimeoutError)
release.set()
client.settimeout(None)
print("blocking again:", client.gettimeout())
print(client.recv(1024))
client.close()
t.join()
listener.close()
