# Sends three requests, one line each, and prints each reply.
import socket

s = socket.create_connection(("127.0.0.1", 50401))
replies = s.makefile("rb")
for text in ["hello world", "short reads happen", "loop until the newline"]:
    s.sendall(text.encode() + b"\n")
    print(replies.readline().decode().rstrip("\n"))
s.close()
