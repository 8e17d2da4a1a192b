# Threads that wait on an event: past the budget, start() fails as CPython's
# does when the system has no more threads to give.
import _thread
import threading

stop = threading.Event()
started = []
try:
    for i in range(100):
        t = threading.Thread(target=stop.wait)
        t.start()
        started.append(t)
except RuntimeError as e:
    print(len(started), "started;", e)
try:
    _thread.start_new_thread(stop.wait, ())
except RuntimeError as e:
    print("_thread:", e)
stop.set()
for t in started:
    t.join()
t = threading.Thread(target=print, args=("room again",))
t.start()
t.join()
