import sys
try:
    sys.exit(3)
except SystemExit as e:
    print("caught exit", e.code)
try:
    print("in try")
finally:
    print("finally before exit")
    sys.exit(4)
