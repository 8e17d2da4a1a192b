import hashlib


def attempt(f, *a, **k):
    try:
        print(" ", repr(f(*a, **k)))
    except Exception as e:
        print(" ", type(e).__name__, e)


h = hashlib.md5()
print(repr(h).split(" @ ")[0], h.name, h.digest_size, h.block_size, type(h))
h.update(b"hello")
print(h.hexdigest(), h.digest()[:4], h.hexdigest())
c = h.copy()
c.update(b" world")
print(c.hexdigest(), h.hexdigest())
for n in ["sha1", "sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384", "sha3_512"]:
    x = getattr(hashlib, n)(b"abc")
    y = hashlib.new(n)
    y.update(b"a")
    y.update(bytearray(b"b"))
    y.update(memoryview(b"c"))
    print(n, x.name, x.digest_size, x.block_size, x.hexdigest(), x.digest() == y.digest(), len(x.copy().digest()))
print(hashlib.new("sha256", b"abc").hexdigest()[:10], hashlib.new("SHA256").name, hashlib.new("md5", data=b"x").hexdigest())
attempt(hashlib.new, "foo")
attempt(hashlib.md5, "str")
attempt(h.update, "str")
attempt(h.update)
attempt(h.update, 5)
attempt(hashlib.md5, 5)
print(hashlib.md5(b"a", usedforsecurity=False).hexdigest(), hashlib.md5(string=b"a").hexdigest())
attempt(hashlib.md5, b"a", b"b")
attempt(hashlib.new)
attempt(hashlib.new, 5)
print(hashlib.sha256(b"").hexdigest())
print("sha256" in hashlib.algorithms_guaranteed, "md5" in hashlib.algorithms_available)
print(repr(hashlib.new("sha1")).split(" @ ")[0], hashlib.sha1)

# Checking a file's transfer, chunk by chunk.
payload = b"x" * 100000
whole = hashlib.sha256(payload).hexdigest()
acc = hashlib.sha256()
for i in range(0, len(payload), 4096):
    acc.update(payload[i:i + 4096])
print(whole == acc.hexdigest(), whole[:16])
