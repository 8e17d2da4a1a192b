# A socketserver.UDPServer whose handler gets (data, socket) as its request.
import socket
import socketserver
import threading


class TimeOfDayHandler(socketserver.BaseRequestHandler):
    replies = {b"date": b"1970-01-01", b"time": b"00:00:00"}

    def handle(self):
        data = self.request[0].strip()
        sock = self.request[1]
        print("{} asked for {}".format(self.client_address[0], data.decode()))
        sock.sendto(self.replies.get(data, b"?"), self.client_address)


if __name__ == "__main__":
    with socketserver.UDPServer(("127.0.0.1", 0), TimeOfDayHandler) as server:
        t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
        t.start()
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for question in ["date", "time", "weather"]:
            sock.sendto(bytes(question + "\n", "utf-8"), server.server_address)
            received = str(sock.recv(1024), "utf-8")
            print("Sent:     {}".format(question))
            print("Received: {}".format(received))
        sock.close()
        server.shutdown()
        t.join()
