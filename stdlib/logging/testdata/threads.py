import logging, threading
logging.basicConfig(level=logging.INFO, format="%(threadName)s %(name)s: %(message)s")
log = logging.getLogger(__name__)
def handle(n):
    log.info("client %d handled", n)
t = threading.Thread(target=handle, args=(1,), name="worker-1")
t.start()
t.join()
t = threading.Thread(target=handle, args=(2,))
t.start()
t.join()
log.info("main done")
