from enum import Enum


class Planet(Enum):
    MERCURY = (3.303e23, 2.4397e6)
    VENUS = (4.869e24, 6.0518e6)
    EARTH = (5.976e24, 6.37814e6)

    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius

    @property
    def surface_gravity(self):
        G = 6.67300e-11
        return G * self.mass / (self.radius * self.radius)


for p in Planet:
    print(p, p.value, p.mass, round(p.surface_gravity, 2))
print(Planet((5.976e24, 6.37814e6)))


class Command(Enum):
    HELLO = "hello"
    QUIT = "quit"
    SEND = "send"

    def describe(self):
        return "%s means %r" % (self.name, self.value)

    def __str__(self):
        return self.value.upper()

    @classmethod
    def parse(cls, text):
        try:
            return cls(text.strip().lower())
        except ValueError:
            return None

    @staticmethod
    def help():
        return ", ".join(c.value for c in Command)

    @classmethod
    def _missing_(cls, value):
        if value == "bye":
            return cls.QUIT
        return None


print(Command.HELLO.describe(), Command.QUIT)
print(Command.parse("  HELLO "), Command.parse("nope"), Command.help())
print(Command("bye"), repr(Command("bye")), f"{Command.SEND}|{Command.SEND:>6}|")
try:
    Command("nothing")
except ValueError as e:
    print("ValueError:", e)


class Mood(Enum):
    FUNKY = 1
    HAPPY = 3

    def describe(self):
        return self.name, self.value

    def __repr__(self):
        return "Mood<%s>" % self.name

    @classmethod
    def favorite_mood(cls):
        return cls.HAPPY


print(Mood.favorite_mood(), Mood.HAPPY.describe(), [Mood.FUNKY])


# An enum without members can be a base holding shared methods.
class Base(Enum):
    def label(self):
        return self.name.title().replace("_", " ")


class Shape(Base):
    BIG_SQUARE = 1
    SMALL_CIRCLE = 2


print(Shape.BIG_SQUARE.label(), [s.label() for s in Shape])


# A dispatch table keyed by members, as a protocol handler uses one.
class MsgType(Enum):
    PING = 1
    DATA = 2
    CLOSE = 3


handlers = {
    MsgType.PING: lambda body: "pong",
    MsgType.DATA: lambda body: "got %d bytes" % len(body),
    MsgType.CLOSE: lambda body: "bye",
}
for raw, body in [(1, b""), (2, b"abc"), (3, b"")]:
    kind = MsgType(raw)
    print(kind.name, handlers[kind](body))
header = bytes([MsgType.DATA.value, 0, 3])
print(header, MsgType(header[0]))
