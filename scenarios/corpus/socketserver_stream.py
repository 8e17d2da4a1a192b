# A StreamRequestHandler speaking a line protocol through rfile and wfile.
import socket
import socketserver
import threading


class CommandHandler(socketserver.StreamRequestHandler):
    commands = {"ping": "pong", "hello": "hi there"}

    def handle(self):
        self.wfile.write(b"READY\n")
        while True:
            line = self.rfile.readline()
            if not line:
                break
            command = line.decode().strip().lower()
            if command == "quit":
                self.wfile.write(b"BYE\n")
                break
            answer = self.commands.get(command, "unknown command: " + command)
            self.wfile.write((answer + "\n").encode())


server = socketserver.TCPServer(("127.0.0.1", 0), CommandHandler)
t = threading.Thread(target=server.handle_request)
t.start()

sock = socket.create_connection(server.server_address)
f = sock.makefile("rwb")
print(f.readline().decode().rstrip())
for cmd in ["PING", "hello", "dance", "quit"]:
    f.write(cmd.encode() + b"\n")
    f.flush()
    print("%-6s -> %s" % (cmd, f.readline().decode().rstrip()))
print("after quit:", f.readline())
f.close()
sock.close()
t.join()
server.server_close()
