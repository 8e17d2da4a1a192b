import types
ns = types.SimpleNamespace(a=1)
print(ns < ns)
