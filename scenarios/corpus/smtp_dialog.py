# A toy SMTP-like dialog: a server with a state machine and a set of allowed verbs, a client that follows the replies.
import socket
import threading

VERBS = {"HELO", "MAIL", "RCPT", "DATA", "QUIT"}


class Session:
    def __init__(self, conn):
        self.conn = conn
        self.state = "start"
        self.sender = None
        self.recipients = []

    def reply(self, code, text):
        self.conn.sendall(("%d %s\r\n" % (code, text)).encode())

    def handle(self, line):
        verb, _, arg = line.partition(" ")
        verb = verb.upper()
        if verb not in VERBS:
            return self.reply(500, "unknown command")
        if verb == "HELO":
            self.state = "greeted"
            return self.reply(250, "hello " + arg)
        if self.state == "start":
            return self.reply(503, "say HELO first")
        if verb == "MAIL":
            self.sender = arg
            return self.reply(250, "sender ok")
        if verb == "RCPT":
            self.recipients.append(arg)
            return self.reply(250, "recipient ok")
        if verb == "DATA":
            return self.reply(354, "%d recipient(s), but this is a toy" % len(self.recipients))
        self.state = "done"
        return self.reply(221, "bye")


def serve(listener):
    conn, _ = listener.accept()
    session = Session(conn)
    with conn, conn.makefile("r", newline="\r\n") as f:
        session.reply(220, "toy ESMTP ready")
        for line in f:
            session.handle(line.rstrip("\r\n"))
            if session.state == "done":
                break


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
t = threading.Thread(target=serve, args=(listener,))
t.start()
with socket.create_connection(listener.getsockname()) as s:
    f = s.makefile("r", newline="\r\n")
    print("S:", f.readline().rstrip())
    for line in ["MAIL FROM:<a@example.org>", "HELO client", "MAIL FROM:<a@example.org>",
                 "RCPT TO:<b@example.org>", "VRFY b", "DATA", "QUIT"]:
        s.sendall(line.encode() + b"\r\n")
        print("C:", line)
        print("S:", f.readline().rstrip())
    f.close()
t.join()
listener.close()
