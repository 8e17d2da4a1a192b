# An echo server for several clients, one after another. A client that
# vanishes (its connection reset) ends its own session, not the server.
import socket

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 50405))
srv.listen(5)
for n in range(1, 3):
    conn, addr = srv.accept()
    try:
        while True:
            data = conn.recv(1024)
            if not data:
                print("client %d said goodbye" % n)
                break
            conn.sendall(data.upper())
    except ConnectionResetError:
        print("client %d reset the connection" % n)
    finally:
        conn.close()
srv.close()
