from enum import Enum
import enum


class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3


print(Color.RED, repr(Color.RED), Color.RED.name, Color.RED.value)
print(Color(1), Color["GREEN"], Color(Color.BLUE))
print(Color, repr(Color), type(Color), type(Color.RED))
print(isinstance(Color.RED, Color), isinstance(Color.RED, Enum), issubclass(Color, Enum))
print(isinstance(Color, enum.EnumType), enum.EnumMeta is enum.EnumType)
for c in Color:
    print(" ", c, c.name, c.value)
print(list(Color), len(Color))
print([c.name for c in Color], tuple(Color)[1:])
print(Color.RED in Color, Color.RED is Color(1), Color.RED == Color.RED, Color.RED != Color.GREEN)
print(Color.RED == 1, Color.RED.value == 1)

# Members are hashable: dict keys and set elements.
names = {Color.RED: "rouge", Color.GREEN: "vert"}
print(names[Color.RED], names.get(Color.BLUE), Color.GREEN in names)
print(len(set([Color.RED, Color.RED, Color.BLUE])))
print(sorted(Color, key=lambda c: -c.value))

# str, repr and format as print and f-strings show them.
print(f"{Color.RED} {Color.RED!r} [{Color.RED:>12}] [{Color.GREEN:<12}]")
print("%s and %r" % (Color.BLUE, Color.BLUE))
print("{} {}".format(Color.RED, format(Color.GREEN)))
print(str(Color.RED), [Color.RED])


class Weekday(Enum):
    MONDAY = "mon"
    TUESDAY = "tue"
    PAIR = (1, 2)


print(Weekday("tue"), Weekday.PAIR.value, Weekday((1, 2)), repr(Weekday.MONDAY))
print(Color.__members__)
for name, member in Color.__members__.items():
    print(name, "->", member)
print(Color._member_names_)


# Aliases: a repeated value names the first member.
class Status(Enum):
    ACTIVE = 1
    RUNNING = 1
    STOPPED = 2


print(Status.RUNNING, Status.RUNNING is Status.ACTIVE, list(Status), len(Status))
print(Status["RUNNING"], Status(1), list(Status.__members__))

# Members from another enum with the same value are different.
print(Status.ACTIVE == Color.RED, Status.ACTIVE in Color)

# Attributes set on a member stay on it.
Color.RED.hex = "#f00"
print(Color.RED.hex, Color(1).hex)
print(Color.RED.__class__, Color.RED.__class__.__name__)
