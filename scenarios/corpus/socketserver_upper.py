# The socketserver documentation's example: a BaseRequestHandler that upper-cases, served forever in a thread.
import socket
import socketserver
import threading


class MyTCPHandler(socketserver.BaseRequestHandler):
    """The request handler class for our server."""

    def handle(self):
        self.data = self.request.recv(1024).strip()
        print("{} wrote:".format(self.client_address[0]))
        print(self.data)
        self.request.sendall(self.data.upper())


def send(port, data):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.connect(("127.0.0.1", port))
        sock.sendall(bytes(data + "\n", "utf-8"))
        received = str(sock.recv(1024), "utf-8")
    print("Sent:     {}".format(data))
    print("Received: {}".format(received))


if __name__ == "__main__":
    with socketserver.TCPServer(("127.0.0.1", 0), MyTCPHandler) as server:
        host, port = server.server_address
        thread = threading.Thread(target=server.serve_forever)
        thread.start()
        for text in ["hello world", "socketserver is simple"]:
            send(port, text)
        server.shutdown()
        thread.join()
