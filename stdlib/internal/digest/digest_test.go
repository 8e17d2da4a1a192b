package digest

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"hash"
	"math/rand/v2"
	"testing"
)

var reference = map[string]func() hash.Hash{
	"md5":      md5.New,
	"sha1":     sha1.New,
	"sha224":   sha256.New224,
	"sha256":   sha256.New,
	"sha384":   sha512.New384,
	"sha512":   sha512.New,
	"sha3_224": func() hash.Hash { return sha3.New224() },
	"sha3_256": func() hash.Hash { return sha3.New256() },
	"sha3_384": func() hash.Hash { return sha3.New384() },
	"sha3_512": func() hash.Hash { return sha3.New512() },
}

// Every length around the block sizes and the padding's edges, written in
// random pieces, gives Go's crypto digest; Sum leaves the state as it was,
// and a Clone goes on separately.
func TestDigestsMatchGoCrypto(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, 700)
	for i := range data {
		data[i] = byte(rng.IntN(256))
	}
	for name, ref := range reference {
		for n := 0; n <= len(data); n++ {
			d, r := New(name), ref()
			if d.Size() != r.Size() {
				t.Fatalf("%s: Size %d, want %d", name, d.Size(), r.Size())
			}
			for p := data[:n]; len(p) > 0; {
				k := min(len(p), 1+rng.IntN(200))
				d.Write(p[:k])
				p = p[k:]
			}
			r.Write(data[:n])
			want := r.Sum(nil)
			if got := d.Sum(nil); !bytes.Equal(got, want) {
				t.Fatalf("%s of %d bytes: %x, want %x", name, n, got, want)
			}
			c := d.Clone()
			d.Write([]byte("more"))
			if got := c.Sum([]byte("prefix")); !bytes.Equal(got, append([]byte("prefix"), want...)) {
				t.Fatalf("%s: the clone's Sum is %x, want %x after the prefix", name, got, want)
			}
			r.Write([]byte("more"))
			if got := d.Sum(nil); !bytes.Equal(got, r.Sum(nil)) {
				t.Fatalf("%s: after more data %x, want %x", name, got, r.Sum(nil))
			}
		}
	}
}

func TestSum512(t *testing.T) {
	for _, s := range []string{"", "abc", string(bytes.Repeat([]byte("x"), 300))} {
		if got, want := Sum512([]byte(s)), sha512.Sum512([]byte(s)); got != want {
			t.Errorf("Sum512(%q) = %x, want %x", s, got, want)
		}
	}
}

func TestNewUnknownIsNil(t *testing.T) {
	if New("blake2b") != nil {
		t.Fatal("New(blake2b) is not nil")
	}
}
