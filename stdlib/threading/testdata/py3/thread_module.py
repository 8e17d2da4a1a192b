# _thread: threads started by start_new_thread, locks, idents, _DummyThread.
import _thread
import threading

done = _thread.allocate_lock()
done.acquire()
results = []


def work(a, b, c=0):
    me = threading.current_thread()
    results.append((a, b, c, _thread.get_ident() == threading.get_ident(), me.name, me.daemon,
                    type(me).__name__, me in threading.enumerate()))
    done.release()


ident = _thread.start_new_thread(work, (1, 2), {'c': 3})
done.acquire()
print(results, type(ident).__name__, ident != _thread.get_ident())


def count(n, lock, box):
    for i in range(n):
        with lock:
            box[0] += 1
    with lock:
        box[1] += 1
        if box[1] == 4:
            done.release()


lock = _thread.allocate_lock()
box = [0, 0]
for _ in range(4):
    _thread.start_new(count, (500, lock, box))
done.acquire()
print(box)


def quits():
    try:
        _thread.exit()
    finally:
        done.release()


_thread.start_new_thread(quits, ())
done.acquire()

for bad in [(work, [1]), (5, ()), (work, (), [])]:
    try:
        _thread.start_new_thread(*bad)
    except TypeError as e:
        print('TypeError:', e)
lk = _thread.allocate_lock()
print(type(lk), isinstance(lk, _thread.LockType), lk.acquire(False), lk.acquire(False), lk.locked())
lk.release()
try:
    lk.release()
except _thread.error as e:
    print(type(e).__name__, e)
print(_thread.TIMEOUT_MAX, _thread.error is RuntimeError, type(_thread.RLock()).__name__)
print(threading.current_thread().name, threading.active_count())
