# An interactive client reading lines with input() until EOF, against an upper-casing server.
# stdin: interactive_client.in
import socket
import sys
import threading


def server(listener):
    conn, _ = listener.accept()
    with conn:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(data.upper())


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
t = threading.Thread(target=server, args=(listener,))
t.start()
s = socket.create_connection(listener.getsockname())
lines = 0
while True:
    try:
        msg = input("> ")
    except EOFError:
        print()
        break
    if not msg.strip():
        print("(empty line skipped)")
        continue
    if msg == "quit":
        break
    s.sendall(msg.encode())
    print("server:", s.recv(1024).decode())
    lines += 1
s.close()
t.join()
listener.close()
print("%d lines sent" % lines, file=sys.stderr)
sys.exit(0 if lines else 1)
