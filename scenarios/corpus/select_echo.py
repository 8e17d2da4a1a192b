# An echo server multiplexing clients with select.select, clients driven from the main thread.
import select
import socket
import threading

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setblocking(False)
server.bind(("127.0.0.1", 0))
server.listen(5)
address = server.getsockname()
done = threading.Event()


def serve():
    inputs = [server]
    served = 0
    while inputs:
        readable, _, exceptional = select.select(inputs, [], inputs, 5)
        if not readable:
            print("server: select timed out")
            break
        for s in readable:
            if s is server:
                conn, _ = s.accept()
                conn.setblocking(False)
                inputs.append(conn)
            else:
                data = s.recv(1024)
                if data:
                    s.sendall(b"echo " + data)
                else:
                    inputs.remove(s)
                    s.close()
                    served += 1
                    if served == 3:
                        inputs.remove(server)
    print("server: served", served, "clients")
    server.close()


t = threading.Thread(target=serve)
t.start()

clients = [socket.create_connection(address) for _ in range(3)]
for round_number in range(2):
    for i, c in enumerate(clients):
        c.sendall(("client %d round %d" % (i, round_number)).encode())
    for c in clients:
        print(c.recv(1024).decode())
for c in clients:
    c.close()
t.join()
