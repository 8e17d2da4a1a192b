# time.sleep of more than 2**63 nanoseconds raises what CPython raises, at once.
import time

for secs in [1e300, 9.3e9, float("inf"), 2**70, 10**10]:
    try:
        time.sleep(secs)
    except OverflowError as e:
        print(secs, "OverflowError", e)
for secs in [-1, float("nan")]:
    try:
        time.sleep(secs)
    except ValueError as e:
        print(secs, "ValueError", e)
