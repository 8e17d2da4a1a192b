# JSON messages, one per line, between a calculator server and its client.
import json
import socket
import threading


def calculator(conn):
    with conn, conn.makefile("r", encoding="utf-8") as lines:
        for line in lines:
            request = json.loads(line)
            op, args = request["op"], request["args"]
            if op == "add":
                reply = {"id": request["id"], "result": sum(args)}
            elif op == "div":
                try:
                    reply = {"id": request["id"], "result": args[0] / args[1]}
                except ZeroDivisionError as e:
                    reply = {"id": request["id"], "error": str(e)}
            else:
                reply = {"id": request["id"], "error": "unknown op %s" % op}
            conn.sendall((json.dumps(reply) + "\n").encode("utf-8"))


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)


def accept_one():
    conn, _ = listener.accept()
    calculator(conn)


t = threading.Thread(target=accept_one)
t.start()
requests = [
    {"op": "add", "args": [1, 2, 3.5]},
    {"op": "div", "args": [10, 4]},
    {"op": "div", "args": [1, 0]},
    {"op": "pow", "args": [2, 8]},
]
with socket.create_connection(listener.getsockname()) as sock:
    replies = sock.makefile("r", encoding="utf-8")
    for i, req in enumerate(requests, 1):
        req["id"] = i
        sock.sendall(json.dumps(req).encode("utf-8") + b"\n")
        reply = json.loads(replies.readline())
        print(json.dumps(req), "=>", reply)
    replies.close()
t.join()
listener.close()
print(json.dumps({"done": True, "count": len(requests), "note": None}, indent=2, sort_keys=True))
