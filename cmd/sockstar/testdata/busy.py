# Enough steps to reach a thread switch, where a run past the memory
# budget is stopped.
t = 0
for i in range(100000):
    t += i
print(t)
