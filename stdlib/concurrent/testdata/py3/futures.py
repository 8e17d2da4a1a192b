# concurrent.futures against CPython: a pool of the run's threads.
import concurrent.futures
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed, wait


def t(f):
    try:
        print(repr(f()))
    except BaseException as e:
        print(type(e).__name__, str(e).split(" <Future")[0])


def work(a, b=1):
    return a * b


def boom(msg):
    raise KeyError(msg)


print(concurrent.futures.TimeoutError is TimeoutError, concurrent.futures.CancelledError.__mro__)
print(ThreadPoolExecutor, concurrent.futures.Future, issubclass(ThreadPoolExecutor, concurrent.futures.Executor))
t(lambda: ThreadPoolExecutor(0))
t(lambda: ThreadPoolExecutor(initializer=5))

with ThreadPoolExecutor(max_workers=1) as ex:
    f = ex.submit(work, 6, b=7)
    print(f.result(), f.done(), f.running(), f.cancelled(), f.exception())
    g = ex.submit(boom, 'missing')
    t(g.result)
    print(repr(g.exception()), g.done())
    print(list(ex.map(work, [1, 2, 3], [4, 5, 6, 7])))
    print(ex.submit(lambda: threading.current_thread().name).result())
    it = ex.map(lambda x: 10 // x, [5, 0, 2])
    print(type(it).__name__, next(it))
    t(lambda: next(it))
    t(lambda: next(it))
t(lambda: ex.submit(work, 1))
t(lambda: ex.map(work, [1]))
t(ex.submit)

# The with block waits for the work; results come in the order submitted.
log = []
lock = threading.Lock()


def record(n):
    with lock:
        log.append(n)
    return n * n


with ThreadPoolExecutor(4, thread_name_prefix='rec') as ex:
    futures = [ex.submit(record, n) for n in range(20)]
print(sorted(log) == list(range(20)), [f.result() for f in futures][:5], all(f.done() for f in futures))

# as_completed gives futures in the order they end.
events = [threading.Event() for _ in range(3)]


def gated(i):
    events[i].wait()
    return i


with ThreadPoolExecutor(3) as ex:
    fs = [ex.submit(gated, i) for i in range(3)]
    it = as_completed(fs)
    order = []
    for i in [2, 0, 1]:
        events[i].set()
        order.append(next(it).result())
    print(order, list(it))
    done, not_done = wait(fs)
    print(len(done), len(not_done))

# wait() with FIRST_COMPLETED and a timeout; a future nobody sets times out.
never = concurrent.futures.Future()
ready = concurrent.futures.Future()
ready.set_result('ok')
res = wait([never, ready], return_when=concurrent.futures.FIRST_COMPLETED)
print(res.done == set([ready]), res.not_done == set([never]), type(res).__name__)
res = wait([never, ready], timeout=0.01)
print(len(res.done), len(res.not_done))
t(lambda: never.result(timeout=0.01))
t(lambda: never.exception(timeout=0))
t(lambda: [f.result() for f in as_completed([ready, never], timeout=0.01)])
t(lambda: type(ready.set_result(1)))

# Cancelling work that has not started.
gate = threading.Event()
ex = ThreadPoolExecutor(1)
first = ex.submit(gate.wait)
second = ex.submit(work, 2)
print(second.cancel(), second.cancelled(), second.done(), first.cancel())
t(second.result)
third = ex.submit(work, 3)
gate.set()
ex.shutdown(wait=True, cancel_futures=False)
print(first.result(), third.result())

gate = threading.Event()
ex = ThreadPoolExecutor(1)
first = ex.submit(gate.wait)
queued = [ex.submit(work, n) for n in range(3)]
gate.set()
ex.shutdown(cancel_futures=True)
print(first.result(), [f.cancelled() or f.result() is not None for f in queued])

# Callbacks run when the future ends, or at once if it has.
def cb(fut):
    print('callback', fut.result())


f = concurrent.futures.Future()
f.add_done_callback(cb)
f.set_result(7)
f.add_done_callback(cb)
with ThreadPoolExecutor(2) as ex:
    g = ex.submit(work, 8)
    g.add_done_callback(lambda fut: log.append(fut.result()))
print(log[-1])

# Work still queued when the main code ends is done before the run ends.
late = ThreadPoolExecutor(1)
release = threading.Event()
late.submit(release.wait)
late.submit(print, 'after the main code')
print('main code ends')
release.set()
