# Goes past a budget, or raises MemoryError itself: argv[1] says which.
import sys, threading
what = sys.argv[1]
if what == "memory":
    s = "a" * (10 ** 12)
elif what == "threads":
    ev = threading.Event()
    while True:
        threading.Thread(target=ev.wait, daemon=True).start()
elif what == "own":
    raise MemoryError
elif what == "caught":
    try:
        s = "a" * (10 ** 12)
    except MemoryError:
        print("caught")
