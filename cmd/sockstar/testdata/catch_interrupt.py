# Blocks in the call named by argv[1]; Ctrl-C is caught, and the run goes on.
import selectors
import select
import socket
import sys
import time

how = sys.argv[1]
a, b = socket.socketpair()
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
sel = selectors.DefaultSelector()
sel.register(a, selectors.EVENT_READ)
try:
    print("ready", flush=True)
    if how == "recv":
        a.recv(10)
    elif how == "accept":
        srv.accept()
    elif how == "sleep":
        time.sleep(30)
    elif how == "input":
        input()
    elif how == "select":
        select.select([a], [], [])
    elif how == "selectors":
        sel.select()
    elif how == "loop":
        n = 0
        while True:
            n += 1
except KeyboardInterrupt:
    print("Caught keyboard interrupt, exiting")
finally:
    print("finally")
b.sendall(b"still here")
print(a.recv(10))
sel.close()
a.close()
b.close()
srv.close()
