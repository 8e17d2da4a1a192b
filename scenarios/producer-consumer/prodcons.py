# Producer/consumer over a bounded queue: producers block when it is full,
# consumers block when it is empty, q.join() waits for every task_done(),
# a None per consumer stops them. A bad item fails in its own thread only.
import queue
import threading

PRODUCERS = 2
CONSUMERS = 3
ITEMS = 5

q = queue.Queue(maxsize=2)
lock = threading.Lock()
results = []


def producer(p):
    for i in range(ITEMS):
        q.put((p, i))


def consumer():
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            break
        p, i = item
        n = p * 10 + i
        with lock:
            results.append((p, i, n * n))
        q.task_done()


def check(text):
    print("checked", int(text))


consumers = [threading.Thread(target=consumer, name="consumer-%d" % c) for c in range(CONSUMERS)]
for t in consumers:
    t.start()
producers = [threading.Thread(target=producer, args=(p,)) for p in range(PRODUCERS)]
for t in producers:
    t.start()
for t in producers:
    t.join()
q.join()
print("all", len(results), "items done")
for _ in consumers:
    q.put(None)
for t in consumers:
    t.join()
for r in sorted(results):
    print(r)
try:
    q.get_nowait()
except queue.Empty:
    print("queue is empty:", q.empty(), q.qsize())
try:
    q.get(timeout=0.05)
except queue.Empty:
    print("nothing came in time")
bad = threading.Thread(target=check, args=("x",))
bad.start()
bad.join()
check("42")
print("alive:", [t.name for t in threading.enumerate()])
