# Operator errors a script sees, as CPython words them.
def t(f, label):
    try:
        f()
    except Exception as e:
        print(label, "->", type(e).__name__, e)
t(lambda: b"a" + "b", 'b"a" + "b"')
t(lambda: "a" + b"b", '"a" + b"b"')
t(lambda: "a" + 1, '"a" + 1')
t(lambda: [1] + "a", '[1] + "a"')
t(lambda: 1 + "a", '1 + "a"')
t(lambda: b"a" + 1, 'b"a" + 1')
t(lambda: "x" * "y", '"x" * "y"')
t(lambda: 5 % 0, '5 % 0')
t(lambda: 5 // 0, '5 // 0')
t(lambda: 5 / 0, '5 / 0')
t(lambda: (1,) + [2], '(1,) + [2]')
t(lambda: {} + {}, '{} + {}')
t(lambda: None + 1, 'None + 1')
t(lambda: -"a", '-"a"')
t(lambda: "a" < 1, '"a" < 1')
t(lambda: [] < 1, '[] < 1')
