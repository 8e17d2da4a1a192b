class Animal:
    kingdom = "animalia"
    count = 0

    def __init__(self, name):
        self.name = name
        Animal.count += 1

    def speak(self):
        return "%s makes a sound" % self.name

    def __str__(self):
        return "%s(%s)" % (type(self).__name__, self.name)

    @classmethod
    def create(cls, name):
        return cls(name)

    @staticmethod
    def kinds():
        return ["dog", "cat"]


class LoudMixin:
    def speak(self):
        return super().speak().upper() + "!"


class Dog(LoudMixin, Animal):
    def __init__(self, name, breed="mutt"):
        super().__init__(name)
        self.breed = breed

    def speak(self):
        return "Woof. " + super().speak()


class Temperature:
    def __init__(self):
        self._c = 0

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, value):
        if value < -273:
            raise ValueError("too cold")
        self._c = value

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32


a = Animal("generic")
d = Dog.create("rex")
print(a, d, a.speak())
print(d.speak())
print(Dog.__mro__)
print(Animal.count, Dog.count, a.kingdom, Animal.kinds())
print(isinstance(d, Animal), isinstance(d, LoudMixin), isinstance(a, Dog))
print(issubclass(Dog, Animal), type(d).__name__, type(d) == Dog)
t = Temperature()
t.celsius = 100
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("error:", e)
print(getattr(d, "breed"), hasattr(d, "nothing"), d.__dict__)
setattr(d, "age", 3)
print(d.age, vars(d))

class Node:
    def __init__(self, value, next=None):
        self.value = value
        self.next = next

    def __repr__(self):
        return "Node(%r)" % (self.value,)

    def __eq__(self, other):
        return isinstance(other, Node) and self.value == other.value

    def __hash__(self):
        return hash(self.value)

    def __len__(self):
        n, node = 0, self
        while node is not None:
            n += 1
            node = node.next
        return n

chain = Node(1, Node(2, Node(3)))
print(chain, [chain, chain.next], len(chain), Node(2) == Node(2), Node(1) != Node(2))
print({Node(1): "one"}[Node(1)])

class Error(Exception):
    """Base error of the app."""

class ProtocolError(Error):
    def __init__(self, line, reason):
        super().__init__(line, reason)
        self.line = line
        self.reason = reason

    def __str__(self):
        return "line %d: %s" % (self.line, self.reason)

try:
    raise ProtocolError(3, "unexpected EOF")
except Error as e:
    print(type(e).__name__, e, e.args, e.line, isinstance(e, Exception))

class Silent(Exception):
    pass

try:
    raise Silent
except Silent as e:
    print("Silent", repr(e), e.args)

raise ProtocolError(7, "bad header")
