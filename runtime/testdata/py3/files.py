# Files: newlines, positions, big files read in chunks, with and print(file=).
import os

NAME = '_tmp_files.txt'


def show(mode, **kw):
    with open(NAME, mode, **kw) as f:
        print(mode, kw, repr(f.read()))


try:
    with open(NAME, 'w', newline='') as f:
        f.write('a\r\nb\rc\nd')
    show('r')
    show('r', newline='')
    show('r', newline='\n')
    show('r', newline='\r')
    show('r', newline='\r\n')
    show('rb')
    for nl in [None, '', '\n', '\r', '\r\n']:
        with open(NAME, newline=nl) as f:
            print(repr(nl), [line for line in f])
    with open(NAME, 'w', newline='\r\n') as f:
        f.write('x\ny\n')
    show('rb')
    with open(NAME, 'w', newline='\r') as f:
        f.write('x\ny\n')
    show('rb')

    # Text positions are byte offsets; read(n) counts characters.
    with open(NAME, 'w', encoding='utf-8') as f:
        print(f.write('héllo wörld\nnext line\n'))
        print(f.tell())
    with open(NAME, encoding='utf-8') as f:
        print(repr(f.read(2)), f.tell(), repr(f.readline(3)), repr(f.readline()), f.tell())
        f.seek(0)
        print(repr(f.readline()), repr(f.read()), repr(f.read()))
    with open(NAME, 'rb') as f:
        print(f.read(2), f.tell(), f.seek(3), f.read(2), f.seek(-2, 2), f.read(), f.seek(1, 0), f.seek(2, 1), f.read(1))
    with open(NAME, encoding='latin-1') as f:
        print(repr(f.read(3)), f.tell())

    # Reading then writing in r+, appending, truncating.
    with open(NAME, 'w') as f:
        f.write('0123456789')
    with open(NAME, 'r+') as f:
        print(repr(f.read(3)))
        f.write('abc')
        f.seek(0)
        print(repr(f.read()))
    with open(NAME, 'a') as f:
        print(f.tell(), f.write('++'), f.tell())
    with open(NAME, 'r+b') as f:
        print(f.truncate(4), f.read())
    show('r')

    # Big files: lines and characters across the 8192-byte chunks.
    with open(NAME, 'w', newline='') as f:
        for i in range(3000):
            f.write('line %d é\r\n' % i)
    with open(NAME) as f:
        lines = f.readlines()
    print(len(lines), repr(lines[0]), repr(lines[-1]), set(len(l) > 0 and l[-1] == '\n' for l in lines))
    with open(NAME) as f:
        n = 0
        for line in f:
            n += 1
        print('iterated', n)
    with open(NAME, 'rb') as f:
        data = f.read()
    print(len(data), data.count(b'\r\n'))
    with open(NAME) as f:
        text = f.read()
    print(len(text.encode()), text.count('\n'), '\r' in text)
    with open(NAME) as f:
        chunks = []
        while True:
            c = f.read(1000)
            if not c:
                break
            chunks.append(c)
    print(''.join(chunks) == text, len(chunks))

    # print() to a file, writelines, a with block that raises.
    with open(NAME, 'w') as f:
        print('to', 'file', sep='-', file=f)
        print(42, file=f, end='!\n')
        f.writelines(['a\n', 'b\n'])
    show('r')
    try:
        with open(NAME) as f:
            raise KeyError('inside')
    except KeyError as e:
        print('caught', e, f.closed)
    f = open(NAME)
    f.close()
    f.close()
    print(f.closed)
    try:
        for line in f:
            print(line)
    except ValueError as e:
        print('loop on closed:', e)
finally:
    if os.path.exists(NAME):
        os.remove(NAME)
