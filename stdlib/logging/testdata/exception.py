import logging
import sys

logging.basicConfig(format="%(levelname)s:%(name)s:%(message)s")
log = logging.getLogger("srv")


def parse(text):
    return int(text)


def handle(text):
    try:
        return parse(text)
    except ValueError as e:
        log.exception("bad input %r", text)
        log.error("again: %s", e, exc_info=True)
        log.warning("as instance", exc_info=e)
        log.info("not shown", exc_info=True)
        return None


handle("12")
handle("x")

try:
    {}["k"]
except KeyError:
    logging.exception("missing key")
    try:
        1 / 0
    except ZeroDivisionError:
        logging.exception("nested")
    logging.exception("outer again")

try:
    try:
        parse("y")
    except ValueError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError:
    log.exception("chained")

try:
    try:
        parse("z")
    except ValueError:
        raise KeyError("during")
except KeyError:
    log.critical("context", exc_info=sys.exc_info())

logging.exception("nothing handled now")
log.error("none", exc_info=False)


class Conn:
    def __enter__(self):
        return self

    def __exit__(self, t, v, tb):
        log.exception("in __exit__ with %s", t.__name__)
        return True


with Conn():
    parse("w")
print("done")
