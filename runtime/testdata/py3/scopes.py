counter = 0
names = []

def add(name):
    global counter
    counter += 1
    names.append(name)

def make_counter():
    count = 0
    def step(by=1):
        nonlocal count
        count += by
        return count
    return step

add("a"); add("b")
print(counter, names)
step = make_counter()
print(step(), step(5), step())

def unbound():
    try:
        value = int("nope")
    except ValueError:
        pass
    return value

try:
    unbound()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)

def set_late():
    global late
    late = "set"

try:
    print(late)
except NameError as e:
    print("NameError:", e)
set_late()
print(late)

total = 0
for k in range(4):
    try:
        total += k
    except TypeError:
        total = -1
print("total", total)

try:
    import socket
    have = True
except ImportError:
    have = False
print("socket", have, socket.AF_INET == 2)
