# The classic Python 3 porting mistake: adding str to bytes when building a message ends the program.
import socket
import threading


def greeting_server(listener):
    conn, _ = listener.accept()
    with conn:
        name = conn.recv(1024)
        conn.sendall(b"Hello, " + name)


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
t = threading.Thread(target=greeting_server, args=(listener,))
t.start()
client = socket.create_connection(listener.getsockname())
client.sendall(b"reader")
reply = client.recv(1024)
print(reply)
client.close()
t.join()
count = 2
print(reply + " (message %d)" % count)
