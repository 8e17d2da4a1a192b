# A key-value store server: a class with SET/GET/DEL/KEYS commands over a line protocol.
import socket
import threading


class KeyValueStore:
    def __init__(self):
        self.data = {}

    def execute(self, line):
        parts = line.split()
        if not parts:
            return "ERR empty command"
        cmd, args = parts[0].upper(), parts[1:]
        handler = getattr(self, "do_" + cmd.lower(), None)
        if handler is None:
            return "ERR unknown command %r" % cmd
        try:
            return handler(*args)
        except TypeError:
            return "ERR wrong number of arguments for %s" % cmd
        except KeyError as e:
            return "ERR no such key %s" % e

    def do_set(self, key, value):
        self.data[key] = value
        return "OK"

    def do_get(self, key):
        return self.data[key]

    def do_del(self, key):
        del self.data[key]
        return "OK"

    def do_keys(self):
        return " ".join(sorted(self.data)) or "(empty)"


def serve(listener, store):
    conn, _ = listener.accept()
    with conn, conn.makefile("r") as reader:
        for line in reader:
            conn.sendall((store.execute(line) + "\n").encode())


store = KeyValueStore()
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", 0))
listener.listen(1)
t = threading.Thread(target=serve, args=(listener, store))
t.start()

commands = [
    "SET name sockstar", "SET lang python", "GET name", "KEYS",
    "DEL lang", "GET lang", "SET onlykey", "FLY away", "", "KEYS",
]
with socket.create_connection(listener.getsockname()) as client:
    replies = client.makefile("r")
    for command in commands:
        client.sendall(command.encode() + b"\n")
        print("%-20s %s" % (command or "''", replies.readline().strip()))
    replies.close()
t.join()
listener.close()
print("final store:", store.data)
