# An echo server that reports through the logging module instead of print.
import logging
import socket
import threading

logging.basicConfig(level=logging.DEBUG, format="%(levelname)-8s %(name)s [%(threadName)s] %(message)s")
log = logging.getLogger("echo.server")
client_log = logging.getLogger("echo.client")


def serve(listener):
    log.info("waiting for a connection")
    conn, addr = listener.accept()
    log.info("connection from %s", addr[0])
    with conn:
        while True:
            data = conn.recv(1024)
            if not data:
                log.debug("client closed the connection")
                break
            if data.strip() == b"boom":
                log.warning("refusing to echo %r", data)
                conn.sendall(b"no")
                continue
            log.debug("echoing %d bytes", len(data))
            conn.sendall(data)
    log.info("done")


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
t = threading.Thread(target=serve, args=(listener,), name="server")
t.start()
with socket.create_connection(listener.getsockname()) as s:
    for msg in [b"hello", b"boom", b"bye"]:
        s.sendall(msg)
        client_log.debug("got %s", s.recv(1024))
t.join()
listener.close()
try:
    listener.accept()
except OSError:
    log.exception("accept on a closed socket failed")
log.error("exiting with %d %s", 0, "errors")
logging.getLogger().critical("the root logger speaks too")
