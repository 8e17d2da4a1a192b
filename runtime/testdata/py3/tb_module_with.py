# A traceback through module-level code after a with statement, whose
# names the lowering boxes, names the file.
import threading


def task(n):
    return 10 // n


with threading.Lock() as held:
    n = 0
task(n)
