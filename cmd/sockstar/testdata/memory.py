# 300 MiB of zeros: within the default budget, past a 100M one.
try:
    print(len("7".zfill(300 * 2**20)))
except MemoryError as e:
    print("MemoryError", repr(e))
