# Values too big for memory raise MemoryError before anything is made,
# as CPython's do; counts past a machine word raise OverflowError.
import struct

tests = [
    ("'a' * 10**12", lambda: 'a' * 10**12),
    ('[0] * 10**12', lambda: [0] * 10**12),
    ("b'a' * 10**12", lambda: b'a' * 10**12),
    ('(1,) * 10**12', lambda: (1,) * 10**12),
    ('[0] * 10**20', lambda: [0] * 10**20),
    ("'x'.zfill(10**12)", lambda: 'x'.zfill(10**12)),
    ("'x'.ljust(10**12)", lambda: 'x'.ljust(10**12)),
    ("'x'.center(10**12, '*')", lambda: 'x'.center(10**12, '*')),
    ("b'x'.rjust(10**12)", lambda: b'x'.rjust(10**12)),
    ("'%999999999999d' % 1", lambda: '%999999999999d' % 1),
    ("'%99999999999999999999d' % 1", lambda: '%99999999999999999999d' % 1),
    ("'%.2147483648f' % 1.0", lambda: '%.2147483648f' % 1.0),
    ("'{:99999999999}'.format(1)", lambda: '{:99999999999}'.format(1)),
    ("'{:.2147483648}'.format(1.0)", lambda: '{:.2147483648}'.format(1.0)),
    ("'{:99999999999}'.format('ab')", lambda: '{:99999999999}'.format('ab')),
    ("f'{1:99999999999}'", lambda: f'{1:99999999999}'),
    ('bytes(10**12)', lambda: bytes(10**12)),
    ('bytearray(10**12)', lambda: bytearray(10**12)),
    ('list(range(10**12))', lambda: list(range(10**12))),
    ('tuple(range(10**12))', lambda: tuple(range(10**12))),
    ("'\\tx'.expandtabs(2**31)", lambda: '\tx'.expandtabs(2**31)),
    ("'\\tx'.expandtabs(10**12)", lambda: '\tx'.expandtabs(10**12)),
    ("struct.pack('999999999999s', b'')", lambda: struct.pack('999999999999s', b'')),
    ("'-'.join(['ab'] * 3)", lambda: '-'.join(['ab'] * 3)),
    ("'x'.zfill(5)", lambda: 'x'.zfill(5)),
    ("'%5.2f' % 1.5", lambda: '%5.2f' % 1.5),
]
for text, make in tests:
    try:
        print(text, '->', len(make()))
    except (MemoryError, OverflowError, ValueError) as e:
        print(text, '->', type(e).__name__, e)
