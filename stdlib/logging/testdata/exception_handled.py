# logging.exception and exc_info=True inside an except block log the exception being handled.
import logging
def f():
    raise ValueError("inner")
try:
    try:
        f()
    except ValueError as e:
        raise KeyError("k") from e
except KeyError:
    logging.exception("failed %d", 3)
logging.error("no exc", exc_info=True)
try:
    f()
except ValueError as e:
    logging.error("given", exc_info=e)
    logging.getLogger("x").warning("w", exc_info=True)
