from enum import IntEnum, StrEnum, Enum, auto


class Priority(IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3


print(Priority.LOW, repr(Priority.HIGH), str(Priority.MEDIUM), Priority.HIGH.name)
print(f"{Priority.HIGH} {Priority.HIGH:03d} {Priority.LOW!r}")
print(int(Priority.HIGH), isinstance(Priority.LOW, int), isinstance(Priority.LOW, Priority))
print(Priority.LOW < Priority.HIGH, Priority.MEDIUM >= Priority.HIGH, max(Priority), min(Priority))
print(sorted([Priority.HIGH, Priority.LOW, Priority.MEDIUM]))
print(Priority(2), Priority["LOW"], list(Priority), len(Priority))
print(Priority.LOW.value + 1, Priority.HIGH.value * 10)
print({Priority.LOW: "l"}[Priority.LOW], bool(Priority.LOW))
print(Priority.LOW == Priority.LOW, Priority.LOW != Priority.HIGH)


class HttpStatus(IntEnum):
    OK = 200
    NOT_FOUND = 404
    SERVER_ERROR = "500"

    def is_error(self):
        return self.value >= 400


for s in HttpStatus:
    print(s.name, s.value, s.is_error(), "%s" % s)
try:
    HttpStatus(301)
except ValueError as e:
    print("ValueError:", e)


class Other(IntEnum):
    ONE = 1


# IntEnum members of different classes compare by value, as ints do.
print(Other.ONE == Priority.LOW, Other.ONE < Priority.HIGH)


class Method(StrEnum):
    GET = auto()
    POST = auto()
    PUT = "PUT"


print(Method.GET, repr(Method.POST), f"[{Method.PUT:>5}]", list(Method))
print(Method("get"), isinstance(Method.GET, str), Method.GET.value.upper())


class Falsy(IntEnum):
    ZERO = 0
    ONE = 1


print(bool(Falsy.ZERO), bool(Falsy.ONE), [f for f in Falsy if f])

# Arithmetic and %-formatting use the value, and give plain ints.
print(Priority.LOW + 1, 1 + Priority.LOW, Priority.HIGH * 2, Priority.HIGH / 2, 7 // Priority.HIGH)
print(Priority.HIGH % 2, Priority.LOW | 4, Priority.HIGH << 1, -Priority.HIGH, Priority.LOW + Priority.HIGH)
level = Priority.LOW
level += 5
print(level, type(level), "%d|%03x|%s" % (Priority.HIGH, Priority.HIGH, Priority.HIGH))
print(sum([Priority.LOW, Priority.HIGH]), [0] * Priority.MEDIUM)
try:
    Priority.LOW + "x"
except TypeError as e:
    print("TypeError:", e)


# The older spelling: a mixed-in type before Enum.
class Shade(str, Enum):
    DARK = "dark"
    LIGHT = "light"


class Count(int, Enum):
    ONE = 1
    TWO = 2


print(Shade.DARK, repr(Shade.DARK), f"{Shade.LIGHT}", Shade("dark"), isinstance(Shade.DARK, str))
print(Count.ONE, repr(Count.TWO), f"{Count.ONE}", Count(2), int(Count.TWO), isinstance(Count.ONE, int))
