import socket
import selectors
import threading

lock = threading.Lock()
with lock:
    print("locked", lock.locked())
print("unlocked", lock.locked())

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as srv:
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    with socket.create_connection(("127.0.0.1", port)) as cli:
        conn, addr = srv.accept()
        with conn:
            cli.sendall(b"hello")
            print(conn.recv(5))
            with conn.makefile("rwb") as f:
                f.write(b"line\n")
                f.flush()
                print(cli.recv(5))
        print("conn closed", conn.fileno())
    print("cli closed", cli.fileno())
print("srv closed", srv.fileno())

with selectors.DefaultSelector() as sel:
    print(type(sel).__name__)

try:
    with socket.socket() as s:
        s.connect(("127.0.0.1", 1))
except ConnectionRefusedError as e:
    print("refused", e.errno, s.fileno())

try:
    with 5:
        pass
except TypeError as e:
    print(e)
