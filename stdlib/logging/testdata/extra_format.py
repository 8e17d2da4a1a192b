import logging
logging.basicConfig(format="%(client)s %(levelno)d %(module)s %(filename)s %(processName)s %(pathname)s %(message)s", level="INFO")
logging.info("joined", extra={"client": "10.0.0.7"})
logging.disable(logging.WARNING)
logging.warning("disabled")
logging.error("still shown", extra={"client": "-"})
