class Money:
    def __init__(self, cents):
        self.cents = cents

    def __format__(self, spec):
        text = "$%d.%02d" % (self.cents // 100, self.cents % 100)
        return format(text, spec)

    def __int__(self):
        return self.cents

    def __str__(self):
        return "Money(%d)" % self.cents


class Port:
    def __index__(self):
        return 8080


class Plain:
    pass


m = Money(1234)
print(f"[{m}] [{m:>10}] [{m:<10}]", "{:^12}".format(m), format(m, "*>9"))
print(str(m), int(m), int(Port()))
print(f"{Plain.__name__}", format(Money(5)))
for bad in [lambda: f"{Plain():>5}", lambda: int(Plain()), lambda: len(Plain), lambda: 1 in Plain,
            lambda: [x for x in Plain], lambda: Plain[0]]:
    try:
        print(bad())
    except TypeError as e:
        print("TypeError:", e)
