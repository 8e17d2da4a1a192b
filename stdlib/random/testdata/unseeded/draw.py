import random
print(random.getrandbits(64), random.random())
