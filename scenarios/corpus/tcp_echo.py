# A TCP echo server in a thread and a client that sends three lines, with `with socket.socket()`.
import socket
import threading

HOST = "127.0.0.1"


def serve(sock, count):
    for _ in range(count):
        conn, addr = sock.accept()
        with conn:
            print("Connected by", addr[0])
            while True:
                data = conn.recv(1024)
                if not data:
                    break
                conn.sendall(data)
    print("server done")


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((HOST, 0))
    server.listen()
    port = server.getsockname()[1]
    t = threading.Thread(target=serve, args=(server, 1))
    t.start()

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.connect((HOST, port))
        for message in [b"Hello, world", b"second line", b"bye"]:
            s.sendall(message)
            data = s.recv(1024)
            print(f"Received {data!r}")
    t.join()
