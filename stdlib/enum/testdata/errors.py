from enum import Enum, IntEnum, StrEnum


class Color(Enum):
    RED = 1
    GREEN = 2


def attempt(label, fn):
    try:
        print(label, repr(fn()))
    except Exception as e:
        print(label, type(e).__name__, e)


attempt("value", lambda: Color(3))
attempt("str value", lambda: Color("RED"))
attempt("name", lambda: Color["BLUE"])
attempt("lower name", lambda: Color["red"])
attempt("reassign", lambda: setattr(Color, "RED", 5))
attempt("set value", lambda: setattr(Color.RED, "value", 5))
attempt("set name", lambda: setattr(Color.RED, "name", "X"))
attempt("order", lambda: Color.RED < Color.GREEN)
attempt("empty", lambda: Enum(1))
attempt("plain in", lambda: Color.RED in Color)
attempt("len", lambda: len(Color))


def extend():
    class More(Color):
        BLUE = 3


attempt("extend", extend)


def bad_str():
    class S(StrEnum):
        A = 1


attempt("StrEnum", bad_str)


def bad_int():
    class N(IntEnum):
        A = "x"


attempt("IntEnum", bad_int)


class Wrong(Enum):
    A = 1

    @classmethod
    def _missing_(cls, value):
        return 5


attempt("missing", lambda: Wrong(2))
try:
    Color(7)
except ValueError:
    print("caught by except ValueError")

# A traceback through an enum lookup, as CPython prints it (last line).
import traceback

try:
    Color("purple")
except ValueError:
    print(traceback.format_exc().splitlines()[-1])
attempt("int of a member", lambda: int(Color.RED))
