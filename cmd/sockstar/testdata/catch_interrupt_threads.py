# A thread-per-client server: Ctrl-C reaches the main thread, blocked in
# accept() or join(), while a worker thread goes on; the main thread
# catches it, and the worker finishes its client.
import socket
import sys
import threading

how = sys.argv[1]
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(5)
ready = threading.Event()
go_on = threading.Event()

def worker(conn):
    ready.set()
    go_on.wait()
    conn.sendall(conn.recv(100).upper())
    conn.close()

cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
t = threading.Thread(target=worker, args=(conn,))
t.start()
ready.wait()
try:
    print("ready", flush=True)
    if how == "accept":
        srv.accept()
    elif how == "join":
        t.join()
    elif how == "sleep":
        import time
        time.sleep(30)
except KeyboardInterrupt:
    print("Caught keyboard interrupt, shutting down")
go_on.set()
cli.sendall(b"still served")
print(cli.recv(100))
t.join()
srv.close()
cli.close()
print("done")
