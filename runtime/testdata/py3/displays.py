# Set displays and comprehensions, starred assignment.
VERBS = {"HELO", "MAIL", "RCPT"}
print(sorted(VERBS), "MAIL" in VERBS, type(VERBS).__name__)
evens = {n % 4 for n in range(10)}
print(sorted(evens), {}, {1: 2}, {k: v for k, v in [(1, 2)]})
nested = {(1, 2), (3, 4)}
print(sorted(nested), len({1, 1, 2}))
request_line, *headers = "GET / HTTP/1.0\r\nHost: x\r\nAccept: */*".split("\r\n")
print(request_line, headers)
first, *middle, last = [1, 2, 3, 4, 5]
print(first, middle, last)
*init, tail = "abc"
print(init, tail)
head, *rest = [1]
print(head, rest)
try:
    a, *b, c = [1]
except ValueError as e:
    print(e)
