import sys
import traceback

def parse(text):
    return int(text)

def handle(text):
    try:
        return parse(text)
    except ValueError:
        traceback.print_exc()
        t, v, tb = sys.exc_info()
        print("exc_info:", t.__name__, v)
        return -1

print(handle("12"), handle("x"))
print(sys.exc_info())
try:
    try:
        parse("y")
    except ValueError:
        raise KeyError("k")
except KeyError:
    print(traceback.format_exc().splitlines()[-1])
    traceback.print_exc()
