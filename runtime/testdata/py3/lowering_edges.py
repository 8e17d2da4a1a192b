# Corners of the lowering: names a try assigns, used from lambdas,
# comprehensions and nested functions; params reassigned in a try; returns
# and breaks through with and finally; loops nested in handlers.
import socket

LIMIT = 3

def parse_all(items, default=LIMIT):
    out = []
    bad = 0
    for raw in items:
        try:
            value = int(raw)
        except ValueError:
            bad += 1
            continue
        else:
            out.append(value)
        finally:
            last = raw
    scale = lambda v: v * default
    return [scale(v) for v in out if v < default + bad], bad, last

print(parse_all(["1", "x", "2", "9", "y"]))

def retry(attempts):
    tries = 0
    while True:
        try:
            tries += 1
            if tries < attempts:
                raise ConnectionError("try %d" % tries)
            return "ok after %d" % tries
        except ConnectionError as e:
            last_error = e
            if tries > 5:
                break
    return "gave up: %s" % last_error

print(retry(3))

def reassign(x, y=2):
    try:
        x = x + y
        y = None
    except TypeError:
        x = "bad"
    return x, y

print(reassign(1), reassign("a"))

def counter():
    count = 0
    def inc():
        nonlocal count
        try:
            count += 1
        finally:
            pass
        return count
    return inc

inc = counter()
inc(); inc()
print(inc())

def find_first(pairs):
    for a, b in pairs:
        with socket.socket() as s:
            try:
                if a == b:
                    return "found %s, open %s" % (a, s.fileno() > 0)
            finally:
                pass
    return "none"

print(find_first([(1, 2), (3, 3)]))

def handler_loops():
    log = []
    try:
        raise KeyError("k")
    except KeyError:
        for i in range(5):
            if i == 1:
                continue
            if i == 3:
                break
            log.append(i)
        else:
            log.append("else")
        try:
            raise ValueError("inner")
        except ValueError as inner:
            log.append(str(inner))
    return log

print(handler_loops())

total = 0
names = []
try:
    for i in range(4):
        total += i
        names.append("n%d" % i)
    squares = {n: len(n) * total for n in names}
except Exception:
    squares = None
print(total, squares, sorted(k for k in squares))

def shadow():
    try:
        e = "before"
        raise IndexError("idx")
    except IndexError as e:
        msg = str(e)
    return msg

print(shadow())

class Server:
    instances = 0

    def __init__(self, port):
        global LIMIT
        try:
            self.port = int(port)
        except (TypeError, ValueError) as err:
            raise ValueError("bad port %r" % (port,)) from err
        Server.instances += 1
        LIMIT += 1

    def __repr__(self):
        return "Server(%d)" % self.port

print(Server(80), Server("8080"), Server.instances, LIMIT)
try:
    Server("http")
except ValueError as e:
    print(e, "| cause:", repr(e.__cause__))

def gen_messages(n):
    msgs = []
    i = 0
    while i < n:
        try:
            if i % 2:
                msgs.append("odd %d" % i)
                continue
            msgs.append("even %d" % i)
        finally:
            i += 1
    else:
        msgs.append("done")
    return msgs

print(gen_messages(4))
