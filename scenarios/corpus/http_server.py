# A tiny HTTP/1.0 server and client over plain sockets: request line, headers, status line, body.
import socket
import threading

PAGES = {
    "/": b"<html><body>Hello, web!</body></html>",
    "/about": b"A socket-level HTTP demo.",
}


def parse_headers(lines):
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers


def handle(conn):
    request = b""
    while b"\r\n\r\n" not in request:
        chunk = conn.recv(1024)
        if not chunk:
            break
        request += chunk
    head = request.decode("iso-8859-1").split("\r\n\r\n")[0]
    request_line, *header_lines = head.split("\r\n")
    method, path, version = request_line.split()
    headers = parse_headers(header_lines)
    print("server: %s %s (%s) from %s" % (method, path, version, headers.get("user-agent")))
    if method != "GET":
        status, body = "405 Method Not Allowed", b"only GET\n"
    elif path in PAGES:
        status, body = "200 OK", PAGES[path]
    else:
        status, body = "404 Not Found", b"no such page: " + path.encode()
    response = "HTTP/1.0 %s\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % (status, len(body))
    conn.sendall(response.encode() + body)
    conn.close()


def server(listener, n):
    for _ in range(n):
        conn, _ = listener.accept()
        handle(conn)


def http_get(address, path, method="GET"):
    s = socket.create_connection(address)
    s.sendall(("%s %s HTTP/1.0\r\nHost: localhost\r\nUser-Agent: textbook/1.0\r\n\r\n" % (method, path)).encode())
    response = b""
    while True:
        data = s.recv(4096)
        if not data:
            break
        response += data
    s.close()
    head, _, body = response.partition(b"\r\n\r\n")
    status_line, *rest = head.decode().split("\r\n")
    version, code, reason = status_line.split(" ", 2)
    return int(code), reason, parse_headers(rest), body


listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(5)
requests = [("GET", "/"), ("GET", "/about"), ("GET", "/nope"), ("POST", "/")]
t = threading.Thread(target=server, args=(listener, len(requests)))
t.start()
for method, path in requests:
    code, reason, headers, body = http_get(listener.getsockname(), path, method)
    print("client: %d %s, %s bytes of %s" % (code, reason, headers["content-length"], headers["content-type"]))
    print("       ", body)
t.join()
listener.close()
