# globals() and locals() as tutorials use them: a dispatch table by name,
# a format string filled from the local variables.
import socket
PORT = 5000
counter = 0

def bump():
    global counter
    counter += 1

def cmd_hello(arg):
    return "hi " + arg

def dispatch(name, arg):
    handler = globals().get("cmd_" + name)
    if handler is None:
        return "unknown"
    return handler(arg)

def report(host, port=PORT):
    status = "up"
    return "%(host)s:%(port)d is %(status)s" % locals()

bump()
print(dispatch("hello", "you"), dispatch("nope", ""), globals()["PORT"], globals()["counter"])
print(report("127.0.0.1"))
print("socket" in globals(), "report" in globals(), globals()["__name__"], "PORT" in locals())
print(sorted(k for k in globals() if not k.startswith("__")))
print(sorted(locals()) == sorted(globals()))
