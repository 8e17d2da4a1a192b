import sys
x = 3
print("x is", x, file=sys.stdout)
def f(n):
    return n // 0
f(x)
