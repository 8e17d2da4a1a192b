from enum import Flag, IntFlag, auto


class Perm(Flag):
    R = 4
    W = 2
    X = 1


RW = Perm.R | Perm.W
print(RW, repr(RW), RW.name, RW.value, Perm.R in RW, Perm.X in RW)
print(~Perm.R, RW & Perm.R, RW ^ Perm.X, Perm.R | Perm.R, Perm(7), repr(Perm(7)))
print(Perm(0), repr(Perm(0)), Perm(0).name, bool(Perm(0)), bool(RW), ~Perm(0), Perm(-1))
print(RW is (Perm.W | Perm.R), RW == Perm(6), RW != Perm.R, {RW: "rw"}[Perm(6)])
print(list(Perm), len(Perm), Perm["W"], Perm._member_names_)


class Color(Flag):
    RED = auto()
    GREEN = auto()
    BLUE = auto()
    WHITE = 7
    BLACK = 0


print(list(Color), len(Color), Color.WHITE, repr(Color.WHITE), Color(3), ~Color.RED)
print(Color.RED | Color.GREEN | Color.BLUE, Color.BLACK, repr(Color.BLACK), Color(0) is Color.BLACK)
print(Color.WHITE & ~Color.GREEN, f"{Color.RED | Color.BLUE}", "%s" % Color.GREEN)


class Access(IntFlag):
    READ = 4
    WRITE = 2
    EXEC = 1


mode = Access.READ | Access.WRITE
print(mode, repr(mode), str(mode), f"{mode}", "%d" % mode, int(mode), isinstance(mode, int))
print(Access.READ | 8, repr(Access.READ | 8), Access(8), repr(Access(8)), repr(Access(0)))
print(~Access.READ, repr(~Access.READ), Access(-1), repr(Access(-1)))
print(Access.READ in mode, Access.EXEC in mode, mode & 4, repr(mode & 4), mode + 1, 4 | Access.EXEC)
print(Access.READ < Access.EXEC, sorted(Access), mode & Access.EXEC, bool(mode & Access.EXEC))


def attempt(label, fn):
    try:
        print(label, repr(fn()))
    except Exception as e:
        print(label, type(e).__name__, e)


attempt("strict", lambda: Perm(9))
attempt("strict big", lambda: Perm(16))
attempt("or int", lambda: Perm.R | 1)
attempt("in int", lambda: 1 in Perm.R)
attempt("order", lambda: Perm.R < Perm.W)
attempt("not int", lambda: Perm("x"))
