# A chat room class holding connection state: join, broadcast to the others, leave.
import socket
import threading


class ChatRoom:
    def __init__(self):
        self.members = {}
        self.lock = threading.Lock()
        self.history = []

    def join(self, name, conn):
        with self.lock:
            self.members[name] = conn
        self.broadcast("server", "%s joined" % name, skip=name)

    def leave(self, name):
        with self.lock:
            conn = self.members.pop(name)
        conn.close()
        self.broadcast("server", "%s left" % name)

    def broadcast(self, sender, text, skip=None):
        line = "<%s> %s\n" % (sender, text)
        with self.lock:
            self.history.append(line.strip())
            for name, conn in self.members.items():
                if name not in (sender, skip):
                    conn.sendall(line.encode())

    def __len__(self):
        return len(self.members)


def serve(listener, room, expected):
    for _ in range(expected):
        conn, _ = listener.accept()
        name = conn.recv(64).decode().strip()
        room.join(name, conn)
        conn.sendall(b"welcome %s, %d here\n" % (name.encode(), len(room)))


def read_line(f):
    return f.readline().decode().rstrip("\n")


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen()
room = ChatRoom()
server = threading.Thread(target=serve, args=(listener, room, 2))
server.start()

alice = socket.create_connection(listener.getsockname())
alice_in = alice.makefile("rb")
alice.sendall(b"alice\n")
print("alice sees:", read_line(alice_in))

bob = socket.create_connection(listener.getsockname())
bob_in = bob.makefile("rb")
bob.sendall(b"bob\n")
print("alice sees:", read_line(alice_in))
print("bob sees:", read_line(bob_in))
server.join()

room.broadcast("alice", "hi bob")
print("bob sees:", read_line(bob_in))
room.broadcast("bob", "hello alice")
print("alice sees:", read_line(alice_in))
room.leave("bob")
print("alice sees:", read_line(alice_in))
print("members left:", list(room.members), len(room))
print("history:")
for entry in room.history:
    print("  " + entry)
for f in (alice_in, bob_in):
    f.close()
alice.close()
bob.close()
listener.close()
