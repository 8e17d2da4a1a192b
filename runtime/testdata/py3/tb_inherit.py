class Base:
    def run(self):
        return self.step()
    def step(self):
        raise NotImplementedError("subclass must implement step")

class Middle(Base):
    def step(self):
        return self.check()
    def check(self):
        raise ValueError("check failed in %s" % type(self).__name__)

class Leaf(Middle):
    pass

for cls in (Base, Middle, Leaf):
    try:
        cls().run()
    except (NotImplementedError, ValueError) as e:
        print(cls.__name__, type(e).__name__, e)

print(isinstance(Leaf(), Base), issubclass(Leaf, Middle), Leaf.__mro__)
Leaf().run()
