# A line-protocol server whose commands are registered with a decorator, keyed by function name.
import socket
import threading

COMMANDS = {}


def command(func):
    """Register func as a protocol command named after the function."""
    COMMANDS[func.__name__.upper()] = func
    return func


@command
def echo(*words):
    return " ".join(words)


@command
def add(*numbers):
    return str(sum(int(n) for n in numbers))


@command
def help():
    return "commands: " + ", ".join(sorted(COMMANDS))


def dispatch(line):
    parts = line.split()
    name, args = parts[0], parts[1:]
    func = COMMANDS.get(name.upper())
    if func is None:
        return "ERR unknown command " + name
    try:
        return "OK " + func(*args)
    except ValueError as e:
        return "ERR %s: %s" % (func.__name__, e)


def serve(listener):
    conn, _ = listener.accept()
    with conn, conn.makefile("rw") as f:
        for line in f:
            f.write(dispatch(line) + "\n")
            f.flush()


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
t = threading.Thread(target=serve, args=(listener,))
t.start()
with socket.create_connection(listener.getsockname()) as s, s.makefile("rw") as f:
    for line in ["help", "echo hello world", "ADD 1 2 39", "add 1 two", "jump"]:
        f.write(line + "\n")
        f.flush()
        print("%-18s %s" % (line, f.readline().rstrip()))
t.join()
listener.close()
