import logging
logging.basicConfig(level=logging.DEBUG, format="%(levelname)-8s %(name)s [%(threadName)s] %(funcName)s:%(lineno)d %(message)s")
logging.debug("debug %s", "on")
def serve(port):
    log = logging.getLogger("server")
    log.info("listening on %d", port)
    log.warning("no clients yet")
serve(9000)
logging.basicConfig(level=logging.ERROR)
logging.info("second basicConfig does nothing")
