import sys

path = sys.argv[1]
try:
    with open(path) as f:
        n = int(f.read())
except FileNotFoundError:
    n = 0
with open(path, "w") as f:
    f.write(str(n + 1))
if n == 1:
    sys.exit("the second run fails")
print("counted")
