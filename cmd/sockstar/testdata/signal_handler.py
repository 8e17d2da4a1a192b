# A SIGINT handler: argv[1] "exit" calls sys.exit from it while the main
# thread is blocked in recv; "resume" sets a flag and makes the blocked recv
# return by sending it a byte, as the call goes on after the handler.
import signal
import socket
import sys

how = sys.argv[1]
a, b = socket.socketpair()
stop = False
print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)

def handler(signum, frame):
    global stop
    print("got signal", signum, signum == signal.SIGINT)
    if how == "exit":
        sys.exit(0)
    stop = True
    b.sendall(b"x")

previous = signal.signal(signal.SIGINT, handler)
print(previous is signal.default_int_handler, signal.getsignal(signal.SIGINT) is handler)
try:
    print("ready", flush=True)
    if how == "loop":
        n = 0
        while not stop:
            n += 1
        print("loop ended, stop =", stop)
    else:
        data = a.recv(10)
        print("woke with", data, "stop =", stop)
finally:
    print("finally")
signal.signal(signal.SIGINT, signal.SIG_DFL)
print(signal.getsignal(signal.SIGINT) == signal.SIG_DFL)
