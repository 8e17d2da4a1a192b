# A thread-per-connection echo server serving several clients, cleaning up in try/finally.
import socket
import threading


def handle_client(conn, name):
    try:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            reply = b"[" + name.encode() + b"] " + data.upper()
            conn.sendall(reply)
    finally:
        conn.close()


def server_loop(server, clients):
    workers = []
    for i in range(clients):
        conn, _ = server.accept()
        t = threading.Thread(target=handle_client, args=(conn, "worker-%d" % i))
        t.start()
        workers.append(t)
    for t in workers:
        t.join()


def main():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    addr = server.getsockname()
    acceptor = threading.Thread(target=server_loop, args=(server, 3))
    acceptor.start()
    try:
        for n in range(3):
            client = socket.create_connection(addr)
            try:
                for word in ["alpha", "beta"]:
                    client.sendall(("%s-%d" % (word, n)).encode())
                    print(client.recv(1024).decode())
            finally:
                client.close()
    finally:
        acceptor.join()
        server.close()
    print("all clients served")


if __name__ == "__main__":
    main()
