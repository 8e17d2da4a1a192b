import types
ns = types.SimpleNamespace()
d = {}
d[ns] = 1
