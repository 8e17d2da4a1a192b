# bytearray and memoryview, as CPython has them.
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
t(lambda: bytearray().extend('ab'))
t(lambda: bytearray().extend(5))
t(lambda: bytearray().extend([1,'a']))
t(lambda: bytearray().extend([1,300]))
t(lambda: bytearray().append(300))
t(lambda: bytearray().append('a'))
t(lambda: bytearray().pop())
t(lambda: bytearray(b'a').pop(5))
t(lambda: bytearray(b'a').remove(5))
t(lambda: bytearray(b'a').remove(500))
t(lambda: bytearray(1.5))
t(lambda: bytearray([256]))
t(lambda: bytearray(['a']))
t(lambda: bytearray('abc'))
t(lambda: bytearray(b'ab') + 'c')
t(lambda: 'c' + bytearray(b'ab'))
t(lambda: b'c' + bytearray(b'ab'))
t(lambda: bytearray(b'ab') * 2)
t(lambda: bytearray(b'ab')[5])
t(lambda: bytearray(b'ab')['a'])
t(lambda: hash(bytearray(b'ab')))
t(lambda: memoryview(b'ab')[5])
t(lambda: memoryview(b'ab')['a'])
t(lambda: memoryview('ab'))
t(lambda: memoryview(b'abc')[1:].tobytes())
t(lambda: hash(memoryview(b'abc')) == hash(b'abc'))
t(lambda: hash(memoryview(bytearray(b'abc'))))
def f():
    m = memoryview(b'abc'); m[0] = 1
t(f)
def f():
    m = memoryview(bytearray(b'abc')); m[0] = 300
t(f)
def f():
    m = memoryview(bytearray(b'abc')); m[0] = 'a'
t(f)
def f():
    m = memoryview(bytearray(b'abc')); m.release(); m[0]
t(f)
def f():
    m = memoryview(bytearray(b'abc')); m.release(); len(m)
t(f)
def f():
    m = memoryview(bytearray(b'abc')); m.release(); return repr(m).startswith('<released memory at 0x')
t(f)
t(lambda: memoryview(b'abc') == b'abc')
t(lambda: memoryview(b'abc').tolist())
t(lambda: memoryview(b'abc')[::2].tobytes())
t(lambda: memoryview(b'abc')[::-1].tobytes())
t(lambda: (memoryview(b'abc').nbytes, memoryview(b'abc').readonly, memoryview(b'abc').format, memoryview(b'abc').itemsize, memoryview(b'abc').shape, memoryview(b'abc').ndim))
t(lambda: bytearray(b'abc').upper())
t(lambda: bytearray(b'a b').split())
t(lambda: bytearray(b'a b').partition(b' '))
t(lambda: bytearray(b'-').join([b'a', bytearray(b'b')]))
t(lambda: bytearray(b'abc') < b'abd')
t(lambda: bytearray(b'abc') == 'abc')
t(lambda: b'b' in bytearray(b'abc'))
t(lambda: 98 in bytearray(b'abc'))
t(lambda: 'b' in bytearray(b'abc'))
t(lambda: 300 in bytearray(b'abc'))
t(lambda: str(bytearray(b'a\x00\'"')))
t(lambda: bytearray.fromhex('61 62'))
t(lambda: bytes(memoryview(bytearray(b'xy'))))
t(lambda: list(bytearray(b'xy')))
t(lambda: bytearray(b'xy').decode())
t(lambda: bytearray(b'xy').hex())
t(lambda: bytearray(3))
t(lambda: bytearray())
t(lambda: bytearray('é', 'utf-8'))
t(lambda: bytearray(memoryview(b'ab')))
t(lambda: bytearray(b'abc')[::-1])
t(lambda: bytearray(b'abc').insert(1, 65))
t(lambda: bytearray(b'abc').copy())
t(lambda: int.from_bytes(bytearray(b'\x01\x00'), 'big'))
t(lambda: len(memoryview(b'abcd')[1:3]))
t(lambda: bytearray(b'abc').find(b'c'))
t(lambda: bytearray(b'abc').count(98))
t(lambda: bytearray(b'abc') + memoryview(b'd'))
t(lambda: memoryview(b'abc') + b'd')
t(lambda: memoryview(b'abc') < memoryview(b'abd'))
t(lambda: repr(bytearray(b'abc').rstrip(b'c')))

buf = bytearray()
alias = buf
buf += b'ab'
buf += bytearray(b'cd')
buf.extend(memoryview(b'ef'))
print(alias, alias is buf, len(buf), buf[0], buf[-1], buf[1:3], bytes(buf))
def grow(b):
    b += b'!'
grow(buf)
print(alias)
buf[0] = 65
del buf[1]
print(buf, buf.pop(), buf)
mv = memoryview(buf)
buf[0] = 66
print(mv[0], mv.tobytes(), mv[1:3].tobytes(), bytes(mv[::2]))
with memoryview(b'xyz') as m:
    print(m.tobytes(), m.readonly)
print(b'abc' == bytearray(b'abc'), bytearray(b'abc') == b'abc', bytearray(b'a') != b'a', b'a' < bytearray(b'b'))
print(bytearray(b'x') == bytearray(b'x'), memoryview(b'q') == b'q', b'q' != memoryview(b'q'))
print(isinstance(buf, bytearray), type(buf).__name__, type(mv).__name__, bytearray is type(buf))
print([x for x in bytearray(b'hi')], list(reversed(bytearray(b'ab'))), sorted(bytearray(b'ba')))
print('%s' % bytearray(b'x'), str(bytearray(b'\x00')), f'{bytearray(b"f")}')
s = 'text'
s += ' more'
n = 1
n += 2
l = [1]
m = l
l += (2, 3)
l += 'ab'
print(s, n, m)
def last():
    return bytearray(b'') or 'empty'
print(last(), bool(bytearray(b'0')), bytearray(b'abc').decode('ascii'))
