# A server whose per-client handler is a threading.Thread subclass with its own state.
import socket
import threading


class ClientThread(threading.Thread):
    lock = threading.Lock()
    scores = {}

    def __init__(self, conn, number):
        super().__init__(name="client-%d" % number)
        self.conn = conn
        self.player = None
        self.points = 0

    def run(self):
        with self.conn, self.conn.makefile("rw") as f:
            self.player = f.readline().strip()
            f.write("hello %s\n" % self.player)
            f.flush()
            for line in f:
                word = line.strip()
                if word == "done":
                    break
                self.points += len(word)
                f.write("%s scores %d\n" % (word, len(word)))
                f.flush()
            with ClientThread.lock:
                ClientThread.scores[self.player] = self.points


def play(address, player, words):
    with socket.create_connection(address) as s, s.makefile("rw") as f:
        f.write(player + "\n")
        f.flush()
        lines = [f.readline().strip()]
        for w in words:
            f.write(w + "\n")
            f.flush()
            lines.append(f.readline().strip())
        f.write("done\n")
        f.flush()
    return lines


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(5)
threads = []


def acceptor():
    for number in range(1, 3):
        conn, _ = listener.accept()
        t = ClientThread(conn, number)
        threads.append(t)
        t.start()


a = threading.Thread(target=acceptor)
a.start()
print(play(listener.getsockname(), "ann", ["socket", "bind"]))
print(play(listener.getsockname(), "bob", ["listen", "accept", "recv"]))
a.join()
for t in threads:
    t.join()
    print(t.name, t.player, t.points, t.is_alive())
print(dict(sorted(ClientThread.scores.items())))
listener.close()
