import socket
import socketserver
import threading

class UpperHandler(socketserver.BaseRequestHandler):
    def handle(self):
        data = self.request.recv(1024).strip()
        print("{} wrote: {}".format(self.client_address[0], data))
        self.request.sendall(data.upper())

class LineHandler(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write(b"echo: " + line)

def client(port, payload):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(payload)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            b = s.recv(1024)
            if not b:
                break
            chunks.append(b)
        return b"".join(chunks)

with socketserver.TCPServer(("127.0.0.1", 0), UpperHandler) as server:
    port = server.server_address[1]
    t = threading.Thread(target=server.handle_request)
    t.start()
    print(client(port, b"hello world\n"))
    t.join()

socketserver.TCPServer.allow_reuse_address = True
server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), LineHandler)
port = server.server_address[1]
t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
t.start()
for i in range(3):
    print(client(port, b"line %d\nmore\n" % i))
server.shutdown()
server.server_close()
t.join()
print("stopped", isinstance(server, socketserver.ThreadingMixIn), isinstance(server, socketserver.TCPServer))

class Reverse(socketserver.DatagramRequestHandler):
    def handle(self):
        data = self.rfile.read()
        self.wfile.write(data[::-1])

with socketserver.UDPServer(("127.0.0.1", 0), Reverse) as udp:
    t = threading.Thread(target=udp.handle_request)
    t.start()
    c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    c.sendto(b"datagram", udp.server_address)
    print(c.recvfrom(100)[0])
    c.close()
    t.join()

