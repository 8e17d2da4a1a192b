import types
types.SimpleNamespace({'a': 1})
