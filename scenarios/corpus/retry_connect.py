# A client that retries a refused connection a bounded number of times, with logging, until the server is up.
import logging
import socket
import threading

logging.basicConfig(format="%(levelname)s:%(message)s", level=logging.INFO)

MAX_ATTEMPTS = 5


class ServiceUnavailable(Exception):
    pass


def reserve_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_server(port, ready):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(1)
    ready.set()
    conn, _ = srv.accept()
    conn.sendall(b"220 service ready")
    conn.close()
    srv.close()


def connect_with_retry(port, on_failure):
    for attempt in range(1, MAX_ATTEMPTS + 1):
        sock = socket.socket()
        try:
            sock.connect(("127.0.0.1", port))
        except ConnectionRefusedError:
            sock.close()
            logging.warning("attempt %d of %d refused", attempt, MAX_ATTEMPTS)
            on_failure(attempt)
        else:
            logging.info("connected on attempt %d", attempt)
            return sock
    raise ServiceUnavailable("gave up after %d attempts" % MAX_ATTEMPTS)


port = reserve_port()
ready = threading.Event()
server = threading.Thread(target=start_server, args=(port, ready))


def bring_server_up(attempt):
    # the operator starts the server after the third failure
    if attempt == 3:
        server.start()
        ready.wait()


sock = connect_with_retry(port, bring_server_up)
print(sock.recv(100).decode())
sock.close()
server.join()

try:
    connect_with_retry(reserve_port(), lambda attempt: None)
except ServiceUnavailable as e:
    logging.exception("no luck: %s", e)
    print("final error:", e)
