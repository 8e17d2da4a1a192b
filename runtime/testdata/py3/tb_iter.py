# An error that ends a for loop's iteration is raised from the loop, with
# the frames of the call that raised it.
def reader():
    data = [b'one', b'two']
    def read():
        if not data:
            raise ConnectionResetError(104, 'Connection reset by peer')
        return data.pop(0)
    return read


total = 0
for chunk in iter(reader(), b''):
    print(chunk)
    total += len(chunk)
print('not reached', total)
