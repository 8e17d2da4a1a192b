def inner(n):
    return 10 // n

def middle(n):
    try:
        return inner(n)
    finally:
        print("middle cleanup", n)

def outer():
    try:
        middle(0)
    except ZeroDivisionError:
        print("handled once")
        raise

try:
    outer()
except ZeroDivisionError as e:
    print("outer got", e)

def chained():
    try:
        int("x")
    except ValueError as e:
        raise RuntimeError("conversion failed") from e

try:
    chained()
except RuntimeError as e:
    print("cause:", repr(e.__cause__), e.__suppress_context__)

def during():
    try:
        [][1]
    except IndexError:
        {}["missing"]

outer()
