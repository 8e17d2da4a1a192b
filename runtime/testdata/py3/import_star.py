from helper_protocol import *
print(VERSION, unframe(frame(b"abc")))
try:
    print(_private)
except NameError as e:
    print("NameError", e)
