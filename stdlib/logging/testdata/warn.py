import logging
logging.basicConfig(format="%(message)s")
log = logging.getLogger("w")
for i in range(2):
    log.warn("logger warn %d", i)
