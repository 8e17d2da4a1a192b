import types
from types import SimpleNamespace

ns = types.SimpleNamespace(a=1, b='x')
print(ns)
print(repr(ns), str(ns))
print(ns.a, ns.b)
ns.a = 2
ns.c = [1, 2]
print(ns, ns.__dict__)
print(ns == SimpleNamespace(a=2, b='x', c=[1, 2]))
print(ns == SimpleNamespace(c=[1, 2], b='x', a=2))
print(ns != SimpleNamespace(a=2))
print(ns == 5)
print(SimpleNamespace())
print(type(ns), type(ns).__name__, SimpleNamespace)
print(isinstance(ns, SimpleNamespace), bool(SimpleNamespace()))
print(hasattr(ns, 'a'), hasattr(ns, 'zz'), getattr(ns, 'zz', 'default'))
ns.self = ns
print(ns)
inner = SimpleNamespace(host='localhost', port=8080)
cfg = SimpleNamespace(server=inner, debug=True)
print(cfg)
cfg.server.port += 1
print(cfg.server.port, [cfg])
ns.__dict__['d'] = 4
print(ns.d)
print(ns.zz)
