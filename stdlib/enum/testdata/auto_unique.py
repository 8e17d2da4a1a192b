from enum import Enum, IntEnum, auto, unique


class Shape(Enum):
    SQUARE = auto()
    CIRCLE = auto()
    TRIANGLE = 10
    HEXAGON = auto()


print(list(Shape), Shape.HEXAGON.value)


class State(IntEnum):
    IDLE = auto()
    CONNECTING = auto()
    CONNECTED = auto()


print(list(State), State(2))


class Named(Enum):
    def _generate_next_value_(name, start, count, last_values):
        return "%s-%d-%d-%d" % (name.lower(), start, count, len(last_values))

    NORTH = auto()
    SOUTH = auto()


print(list(Named), Named("south-1-1-1"))
print(repr(auto()), auto(7))


class Fixed(Enum):
    A = auto(5)
    B = auto()


print(list(Fixed))


@unique
class Mistake(Enum):
    ONE = 1
    TWO = 2


print(list(Mistake))

try:

    @unique
    class Dup(Enum):
        ONE = 1
        TWO = 2
        THREE = 3
        UNO = 1
        DOS = 2

except ValueError as e:
    print("ValueError:", e)

# The functional API.
Animal = Enum("Animal", "ANT BEE CAT")
print(Animal, list(Animal), Animal.BEE.value, Animal(3))
print(list(Enum("Pets", "DOG, FISH")), list(Enum("Pets", "DOG FISH", start=10)))
print(list(Enum("Codes", [("OK", 200), ("GONE", 410)])), list(Enum("Names", ["A", "B"])))
print(list(Enum("Map", {"X": "x", "Y": "y"})), list(IntEnum("Level", "LOW HIGH")))
