class ConfigError(Exception):
    pass

def load(path):
    try:
        return int(path)
    except ValueError as e:
        raise ConfigError("bad config: %s" % path) from e

load("eighty")
