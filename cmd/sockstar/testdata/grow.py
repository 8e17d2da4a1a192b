# Keeps every chunk it makes, without end: past the memory budget the run
# stops with MemoryError at the line it was on.
chunks = []
n = 0
while True:
    chunks.append("x" * 1000000 + str(n))
    n += 1
