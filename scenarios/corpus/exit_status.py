# A health checker that reports with sys.exit: a message on stderr and status 1 when a service is down.
import socket
import sys
import threading


def check(name, address):
    try:
        with socket.create_connection(address, timeout=1) as s:
            s.sendall(b"PING\n")
            ok = s.recv(16) == b"PONG\n"
    except OSError as e:
        print("%-6s DOWN (%s)" % (name, e.strerror))
        return False
    print("%-6s %s" % (name, "UP" if ok else "WRONG ANSWER"))
    return ok


def pong_server(listener, replies):
    for reply in replies:
        conn, _ = listener.accept()
        with conn:
            conn.recv(16)
            conn.sendall(reply)


up = socket.socket()
up.bind(("127.0.0.1", 0))
up.listen(2)
down = socket.socket()
down.bind(("127.0.0.1", 0))
down_address = down.getsockname()
down.close()

t = threading.Thread(target=pong_server, args=(up, [b"PONG\n", b"PANG\n"]))
t.start()
services = [("web", up.getsockname()), ("db", down_address), ("cache", up.getsockname())]
failed = [name for name, address in services if not check(name, address)]
t.join()
up.close()
if failed:
    sys.exit("unhealthy services: " + ", ".join(failed))
print("all good")
