# A seeded game: every draw must be CPython's.
import random

random.seed(2024)
rolls = [random.randint(1, 6) for _ in range(20)]
print('rolls', rolls, sum(rolls))
print('coin', [random.choice(['heads', 'tails']) for _ in range(8)])
deck = [rank + suit for suit in 'SHDC' for rank in ['A', '2', '3', '4', '5', '6', '7', '8', '9', 'T', 'J', 'Q', 'K']]
random.shuffle(deck)
print('hand', deck[:5])
print('sample', random.sample(deck, 5))
print('float', random.random(), random.uniform(10, 20))
print('bits', random.getrandbits(128))
print('range', random.randrange(1000, 2000, 10), random.randrange(100))
print('choices', random.choices('ACGT', k=12))
print('bytes', random.randbytes(6))

# A generator of its own does not disturb the module's one.
mine = random.Random(7)
before = random.getstate()
print('mine', mine.random(), mine.randint(0, 10**30), mine.sample(range(100000), 3))
print('unchanged', random.getstate() == before)

# Re-seeding replays the sequence.
random.seed('session-key')
first = [random.random() for _ in range(3)]
random.seed('session-key')
print('replay', first == [random.random() for _ in range(3)], first)
for seed in [0, 1, -1, 2**32, 2**64 + 1, 3.75, b'bytes', 'ünïcode']:
    random.seed(seed)
    print(repr(seed), random.random(), random.randrange(10**12))
