import socket
s = socket.create_connection(("127.0.0.1", 7000))
while True:
    try:
        line = input("> ")
    except EOFError:
        break
    s.sendall(line.encode())
    print(s.recv(1024).decode())
s.close()
print("bye")
