try:
    {}["a"]
except KeyError:
    raise ValueError("no a") from None
