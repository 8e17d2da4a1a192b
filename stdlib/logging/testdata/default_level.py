import logging
logging.debug("not shown")
logging.info("not shown %s", 1)
logging.warning("disk at %d%%", 91)
logging.error("cannot bind %s:%d", "0.0.0.0", 8080)
logging.critical("giving up")
logging.log(logging.ERROR, "via log %r", "x")
logging.log(15, "below warning")
print("stdout is untouched")
