def find(items, target):
    for i, x in enumerate(items):
        if x == target:
            print("found at", i)
            break
    else:
        print("not found")

find([1, 2, 3], 2)
find([1, 2, 3], 9)

n = 0
while n < 3:
    n += 1
else:
    print("while done", n)

while True:
    try:
        n -= 1
        if n == 1:
            continue
        if n < 0:
            break
        print("n", n)
    except Exception:
        pass
    finally:
        print("finally n", n)
else:
    print("never")

def first_even(nums):
    for x in nums:
        try:
            if x % 2 == 0:
                return x
        finally:
            print("checked", x)
    return None

print(first_even([1, 3, 4, 5]))

def override():
    try:
        return "try"
    finally:
        return "finally"

print(override())

def swallow():
    for i in range(3):
        try:
            raise ValueError(i)
        finally:
            if i < 2:
                continue
            print("last", i)
            break
    return "swallowed"

print(swallow())

for i in range(3):
    for j in range(3):
        try:
            if j == 1:
                break
        finally:
            pass
    else:
        print("inner finished", i)
    print("outer", i, j)
