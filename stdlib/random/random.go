// Package random is Python's random module: CPython's Mersenne Twister,
// seeded as CPython seeds it, so a seeded script draws the same numbers,
// choices and shuffles as under CPython. Each run has its own module-level
// generator, seeded from the OS when the run starts.
//
//	random.seed(a=None, version=2)    None: from the OS; int: all its bits; float: its hash;
//	                                  str/bytes: with version 2 (default) all their bits
//	                                  and a SHA-512 of them, with version 1 a 64-bit hash
//	random.random()                   float in [0.0, 1.0)
//	random.getrandbits(k)             int of k random bits
//	random.randrange(start, stop=None, step=1)
//	random.randint(a, b)              int in [a, b]
//	random.choice(seq)                an item of a non-empty sequence
//	random.choices(population, weights=None, *, cum_weights=None, k=1)   list, with replacement
//	random.shuffle(x)                 shuffles the list x in place
//	random.sample(population, k, *, counts=None)   list of k distinct positions' items
//	random.uniform(a, b)              float a + (b-a) * random()
//	random.triangular(low=0.0, high=1.0, mode=None)
//	random.randbytes(n)               bytes
//	random.getstate(), random.setstate(state)
//	random.Random(x=None)             a generator of its own, with all the methods above
//
// Methods name themselves Random.NAME in errors, as CPython's bound methods do.
package random

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"time"
	"unicode/utf8"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/host"
	"sockstar/runtime/hostfs"
	"sockstar/runtime/lazy"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
	"sockstar/stdlib/internal/digest"
)

// methodNames are the generator's methods, which are also the module's functions.
var methodNames = []string{
	"seed", "random", "getrandbits", "randrange", "randint", "choice", "choices",
	"shuffle", "sample", "uniform", "triangular", "randbytes", "getstate", "setstate",
}

// Module is the random module.
var Module = &py.Module{
	Name: "random",
	Build: func() starlark.StringDict {
		return starlark.StringDict{"Random": RandomClass}
	},
	DynamicNames: methodNames,
	// The module-level generator belongs to one run: two runs never share
	// a sequence, and a seed in one does not reach another.
	PerRun: func(*host.Process) starlark.StringDict {
		r := &Random{}
		r.seedOS()
		members := make(starlark.StringDict, len(methodNames))
		for _, name := range methodNames {
			members[name] = r.method(name)
		}
		return members
	},
}

// RandomClass is random.Random.
var RandomClass = py.DeclareClass("random", "Random", &py.Object, newRandom)

func newRandom(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value = starlark.None
	if err := starlark.UnpackArgs("Random", args, kwargs, "x?", &x); err != nil {
		return nil, err
	}
	r := &Random{}
	if err := r.seed(x, 2); err != nil {
		return nil, err
	}
	return r, nil
}

// Random is a generator. Its methods run with the run's interpreter lock
// held, as every builtin does, so its state needs no lock of its own.
type Random struct {
	mt mt19937
}

var (
	_ starlark.HasAttrs = (*Random)(nil)
	_ py.Typed          = (*Random)(nil)
)

func (r *Random) String() string        { return fmt.Sprintf("<random.Random object at %p>", r) }
func (r *Random) PyRepr() string        { return r.String() }
func (r *Random) Type() string          { return "random.Random" }
func (r *Random) Freeze()               {}
func (r *Random) Truth() starlark.Bool  { return true }
func (r *Random) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(r))), nil }
func (r *Random) PyClass() *py.Class    { return RandomClass }

func (r *Random) Attr(name string) (starlark.Value, error) {
	if _, ok := methods.Map()[name]; !ok {
		return nil, py.Errorf(py.AttributeError, "'Random' object has no attribute '%s'", name)
	}
	return r.method(name), nil
}

func (r *Random) AttrNames() []string { return py.SortedKeys(append([]string(nil), methodNames...)) }

type method = func(r *Random, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

var methods = py.Table[string, method]{Build: func() map[string]method {
	return map[string]method{
		"seed":        (*Random).seedMethod,
		"random":      (*Random).randomMethod,
		"getrandbits": (*Random).getrandbitsMethod,
		"randrange":   (*Random).randrangeMethod,
		"randint":     (*Random).randint,
		"choice":      (*Random).choice,
		"choices":     (*Random).choices,
		"shuffle":     (*Random).shuffle,
		"sample":      (*Random).sample,
		"uniform":     (*Random).uniform,
		"triangular":  (*Random).triangular,
		"randbytes":   (*Random).randbytes,
		"getstate":    (*Random).getstate,
		"setstate":    (*Random).setstate,
	}
}}

// method is r's method name as a builtin value.
func (r *Random) method(name string) *starlark.Builtin {
	m := methods.Map()[name]
	return starlark.NewBuiltin("Random."+name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(r, b, args, kwargs)
	})
}

// seedOS seeds from 624 words of OS entropy, as CPython does, or from the
// time when there is none.
func (r *Random) seedOS() {
	var buf [mtN * 4]byte
	key := make([]uint32, mtN)
	if err := osRandom(buf[:]); err != nil {
		now := time.Now().UnixNano()
		r.mt.initByArray([]uint32{uint32(now), uint32(now >> 32)})
		return
	}
	for i := range key {
		key[i] = binary.LittleEndian.Uint32(buf[4*i:])
	}
	r.mt.initByArray(key)
}

// seedInt seeds from |n|, split into 32-bit words from the least significant.
func (r *Random) seedInt(n *big.Int) {
	n = new(big.Int).Abs(n)
	b := n.Bytes() // big-endian
	words := (len(b) + 3) / 4
	key := make([]uint32, max(words, 1))
	for i := 0; i < len(b); i++ {
		shift := uint(i%4) * 8
		key[i/4] |= uint32(b[len(b)-1-i]) << shift
	}
	r.mt.initByArray(key)
}

func (r *Random) seed(a starlark.Value, version int) error {
	switch v := a.(type) {
	case starlark.NoneType:
		r.seedOS()
	case starlark.Int:
		r.seedInt(v.BigInt())
	case starlark.Bool:
		r.seedInt(big.NewInt(int64(b2i(bool(v)))))
	case starlark.Float:
		if math.IsNaN(float64(v)) {
			// CPython hashes a NaN by its address: an unpredictable seed.
			r.seedOS()
			return nil
		}
		r.seedInt(new(big.Int).SetUint64(uint64(floatHash(float64(v)))))
	case starlark.String, starlark.Bytes:
		var data string
		if s, ok := v.(starlark.String); ok {
			data = string(s)
		} else {
			data = string(v.(starlark.Bytes))
		}
		if version == 1 {
			r.seedInt(new(big.Int).SetUint64(version1Hash(data, v.Type() == "string")))
			return nil
		}
		sum := digest.Sum512([]byte(data))
		r.seedInt(new(big.Int).SetBytes(append([]byte(data), sum[:]...)))
	default:
		if b, ok := a.(py.BytesLike); ok {
			return r.seed(starlark.Bytes(b.PyBytes()), version)
		}
		return py.Errorf(py.TypeError, "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.")
	}
	return nil
}

// version1Hash is the seed random.seed(a, version=1) makes of a str
// (by code points) or bytes (by byte values).
func version1Hash(s string, isStr bool) uint64 {
	var chars []uint64
	if isStr {
		for _, c := range s {
			chars = append(chars, uint64(c))
		}
	} else {
		for i := 0; i < len(s); i++ {
			chars = append(chars, uint64(s[i]))
		}
	}
	var x uint64
	if len(chars) > 0 {
		x = chars[0] << 7
	}
	for _, c := range chars {
		x = 1000003*x ^ c
	}
	return x ^ uint64(len(chars))
}

// floatHash is CPython's hash(float) for a finite or infinite value,
// as the unsigned number its C seed function reads.
func floatHash(v float64) uint64 {
	const bits = 61
	const modulus = uint64(1)<<bits - 1
	if math.IsInf(v, 0) {
		if v > 0 {
			return 314159
		}
		return uint64(-314159 + 1<<64 - 1 + 1) // -314159 as an unsigned word
	}
	m, e := math.Frexp(v)
	sign := uint64(1)
	if m < 0 {
		sign = ^uint64(0) // -1: the product below wraps as C's does
		m = -m
	}
	var x uint64
	for m != 0 {
		x = (x<<28)&modulus | x>>(bits-28)
		m *= 268435456.0
		e -= 28
		y := uint64(m)
		m -= float64(y)
		x += y
		if x >= modulus {
			x -= modulus
		}
	}
	if e >= 0 {
		e %= bits
	} else {
		e = bits - 1 - (-1-e)%bits
	}
	x = (x<<uint(e))&modulus | x>>uint(bits-e)
	x *= sign
	if x == ^uint64(0) {
		x-- // -1 is not a hash: it becomes -2
	}
	return x
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// getrandbits is k random bits, the first word the least significant and
// the last one cut to what is left, as CPython fills them.
func (r *Random) getrandbits(k int) *big.Int {
	if k <= 64 {
		return new(big.Int).SetUint64(r.bits64(k))
	}
	words := (k-1)/32 + 1
	buf := make([]byte, words*4)
	for i := 0; i < words; i, k = i+1, k-32 {
		w := r.mt.uint32()
		if k < 32 {
			w >>= 32 - k
		}
		binary.BigEndian.PutUint32(buf[(words-1-i)*4:], w)
	}
	return new(big.Int).SetBytes(buf)
}

// bits64 is getrandbits(k) for k <= 64.
func (r *Random) bits64(k int) uint64 {
	switch {
	case k == 0:
		return 0
	case k <= 32:
		return uint64(r.mt.uint32() >> (32 - k))
	}
	low := uint64(r.mt.uint32())
	high := uint64(r.mt.uint32() >> (64 - k))
	return high<<32 | low
}

// below is CPython's _randbelow_with_getrandbits: a number in [0, n) for
// n > 0, drawing bit_length(n) bits until one is below n.
func (r *Random) below(n *big.Int) *big.Int {
	k := n.BitLen()
	if n.IsUint64() {
		limit := n.Uint64()
		v := r.bits64(k)
		for v >= limit {
			v = r.bits64(k)
		}
		return new(big.Int).SetUint64(v)
	}
	v := r.getrandbits(k)
	for v.Cmp(n) >= 0 {
		v = r.getrandbits(k)
	}
	return v
}

func (r *Random) belowInt(n int) int {
	return int(r.below(big.NewInt(int64(n))).Int64())
}

func (r *Random) seedMethod(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a starlark.Value = starlark.None
	version := 2
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "a?", &a, "version?", &version); err != nil {
		return nil, err
	}
	return starlark.None, r.seed(a, version)
}

func (r *Random) randomMethod(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 || len(kwargs) > 0 {
		if len(kwargs) > 0 {
			return nil, py.Errorf(py.TypeError, "%s() takes no keyword arguments", b.Name())
		}
		return nil, py.Errorf(py.TypeError, "%s() takes no arguments (%d given)", b.Name(), len(args))
	}
	return starlark.Float(r.mt.float()), nil
}

// cInt converts an argument CPython reads as a C int.
func cInt(v starlark.Value) (int, error) {
	n, err := index(v)
	if err != nil {
		return 0, err
	}
	if !n.IsInt64() || n.Int64() > math.MaxInt32 || n.Int64() < math.MinInt32 {
		return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C int")
	}
	return int(n.Int64()), nil
}

// index is operator.index: an int (or bool) as a big.Int.
func index(v starlark.Value) (*big.Int, error) {
	switch x := v.(type) {
	case starlark.Int:
		return x.BigInt(), nil
	case starlark.Bool:
		return big.NewInt(int64(b2i(bool(x)))), nil
	}
	return nil, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
}

func (r *Random) getrandbitsMethod(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, py.Errorf(py.TypeError, "%s() takes no keyword arguments", b.Name())
	}
	if len(args) != 1 {
		return nil, py.Errorf(py.TypeError, "%s() takes exactly one argument (%d given)", b.Name(), len(args))
	}
	k, err := cInt(args[0])
	if err != nil {
		return nil, err
	}
	if k < 0 {
		return nil, py.Errorf(py.ValueError, "number of bits must be non-negative")
	}
	return starlark.MakeBigInt(r.getrandbits(k)), nil
}

// rangeArg reads a randrange argument as CPython 3.11 does: an int, or a
// float or str that int() turns into an equal int (which CPython accepts
// with a DeprecationWarning sockstar does not print).
func rangeArg(v starlark.Value, what string) (*big.Int, error) {
	if n, err := index(v); err == nil {
		return n, nil
	}
	switch x := v.(type) {
	case starlark.Float:
		f := float64(x)
		if math.IsInf(f, 0) {
			return nil, py.Errorf(py.OverflowError, "cannot convert float infinity to integer")
		}
		if math.IsNaN(f) {
			return nil, py.Errorf(py.ValueError, "cannot convert float NaN to integer")
		}
		if f != math.Trunc(f) {
			return nil, py.Errorf(py.ValueError, "non-integer %s for randrange()", what)
		}
		n, _ := big.NewFloat(f).Int(nil)
		return n, nil
	case starlark.String:
		// int('5') is 5, which is not equal to '5'.
		if _, ok := new(big.Int).SetString(string(x), 10); ok {
			return nil, py.Errorf(py.ValueError, "non-integer %s for randrange()", what)
		}
		return nil, py.Errorf(py.ValueError, "invalid literal for int() with base 10: %s", py.Repr(x))
	}
	return nil, py.Errorf(py.TypeError, "int() argument must be a string, a bytes-like object or a real number, not '%s'", py.TypeOf(v).Name())
}

// one is made on first use: big.NewInt in a declaration runs at every start.
var one = lazy.Value[*big.Int]{Make: func() *big.Int { return big.NewInt(1) }}

func (r *Random) randrange(start, stop, step starlark.Value) (starlark.Value, error) {
	istart, err := rangeArg(start, "arg 1")
	if err != nil {
		return nil, err
	}
	if stop == nil || stop == starlark.None {
		if step != nil {
			return nil, py.Errorf(py.TypeError, "Missing a non-None stop argument")
		}
		if istart.Sign() > 0 {
			return starlark.MakeBigInt(r.below(istart)), nil
		}
		return nil, py.Errorf(py.ValueError, "empty range for randrange()")
	}
	istop, err := rangeArg(stop, "stop")
	if err != nil {
		return nil, err
	}
	width := new(big.Int).Sub(istop, istart)
	istep := one.Get()
	if step != nil {
		if istep, err = rangeArg(step, "step"); err != nil {
			return nil, err
		}
	}
	if istep.Cmp(one.Get()) == 0 {
		if width.Sign() > 0 {
			return starlark.MakeBigInt(new(big.Int).Add(istart, r.below(width))), nil
		}
		return nil, py.Errorf(py.ValueError, "empty range for randrange() (%s, %s, %s)", istart, istop, width)
	}
	n := new(big.Int)
	switch istep.Sign() {
	case 1:
		n.Add(width, istep).Sub(n, one.Get())
	case -1:
		n.Add(width, istep).Add(n, one.Get())
	default:
		return nil, py.Errorf(py.ValueError, "zero step for randrange()")
	}
	floorDiv(n, istep)
	if n.Sign() <= 0 {
		return nil, py.Errorf(py.ValueError, "empty range for randrange()")
	}
	off := new(big.Int).Mul(istep, r.below(n))
	return starlark.MakeBigInt(off.Add(off, istart)), nil
}

// floorDiv sets n to floor(n / d), Python's //.
func floorDiv(n, d *big.Int) {
	var m big.Int
	n.DivMod(n, d, &m) // Euclidean: m >= 0, so one above the floor for d < 0
	if m.Sign() != 0 && d.Sign() < 0 {
		n.Sub(n, one.Get())
	}
}

func (r *Random) randrangeMethod(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var start, stop, step starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "start", &start, "stop?", &stop, "step?", &step); err != nil {
		return nil, err
	}
	return r.randrange(start, stop, step)
}

func (r *Random) randint(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var lo, hi starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "a", &lo, "b", &hi); err != nil {
		return nil, err
	}
	var stop starlark.Value
	switch h := hi.(type) {
	case starlark.Int:
		stop = h.Add(starlark.MakeInt(1))
	case starlark.Bool:
		stop = starlark.MakeInt(b2i(bool(h)) + 1)
	case starlark.Float:
		stop = h + 1
	default:
		v, err := starlark.Binary(syntax.PLUS, hi, starlark.MakeInt(1))
		if err != nil {
			return nil, py.AsException(err)
		}
		stop = v
	}
	return r.randrange(lo, stop, nil)
}

// sequence is read access to a Python sequence: a str by code points.
type sequence struct {
	n   int
	get func(i int) (starlark.Value, error)
}

// indexError is CPython's message for seq[i] past the end of a sequence.
func indexError(seq starlark.Value) error {
	switch seq.(type) {
	case starlark.String:
		return py.Errorf(py.IndexError, "string index out of range")
	case starlark.Bytes:
		return py.Errorf(py.IndexError, "index out of range")
	}
	name := py.TypeOf(seq).Name()
	if name == "range" {
		name = "range object"
	}
	return py.Errorf(py.IndexError, "%s index out of range", name)
}

// asSequence reads seq for choice and shuffle, failing as CPython would on
// the first len() or seq[i] the value does not support.
func asSequence(seq starlark.Value) (sequence, error) {
	switch s := seq.(type) {
	case starlark.String:
		var chars []starlark.Value
		for _, c := range string(s) {
			chars = append(chars, starlark.String(string(c)))
		}
		if !utf8.ValidString(string(s)) {
			chars = chars[:0]
			for i := 0; i < len(s); i++ {
				chars = append(chars, s[i:i+1])
			}
		}
		return sequence{len(chars), func(i int) (starlark.Value, error) {
			if i >= len(chars) {
				return nil, indexError(seq)
			}
			return chars[i], nil
		}}, nil
	case starlark.Bytes:
		return sequence{len(s), func(i int) (starlark.Value, error) {
			if i >= len(s) {
				return nil, indexError(seq)
			}
			return starlark.MakeInt(int(s[i])), nil
		}}, nil
	case starlark.Indexable:
		return sequence{s.Len(), func(i int) (starlark.Value, error) {
			// Only choices reads past the end: of an empty population.
			if i >= s.Len() {
				return nil, indexError(seq)
			}
			return s.Index(i), nil
		}}, nil
	case starlark.Mapping:
		// A dict is indexed by key: CPython's choice looks up an int key.
		n := 0
		if l, ok := seq.(interface{ Len() int }); ok {
			n = l.Len()
		}
		return sequence{n, func(i int) (starlark.Value, error) {
			v, found, err := s.Get(starlark.MakeInt(i))
			if err != nil {
				return nil, err
			}
			if !found {
				return nil, py.New(py.KeyError, starlark.MakeInt(i))
			}
			return v, nil
		}}, nil
	}
	if l, ok := seq.(interface{ Len() int }); ok {
		return sequence{l.Len(), func(int) (starlark.Value, error) {
			return nil, py.Errorf(py.TypeError, "'%s' object is not subscriptable", py.TypeOf(seq).Name())
		}}, nil
	}
	return sequence{}, py.Errorf(py.TypeError, "object of type '%s' has no len()", py.TypeOf(seq).Name())
}

func (r *Random) choice(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var seq starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "seq", &seq); err != nil {
		return nil, err
	}
	s, err := asSequence(seq)
	if err != nil {
		return nil, err
	}
	if s.n == 0 {
		return nil, py.Errorf(py.IndexError, "Cannot choose from an empty sequence")
	}
	return s.get(r.belowInt(s.n))
}

func (r *Random) shuffle(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "x", &x); err != nil {
		return nil, err
	}
	s, err := asSequence(x)
	if err != nil {
		return nil, err
	}
	for i := s.n - 1; i > 0; i-- {
		j := r.belowInt(i + 1)
		list, ok := x.(starlark.HasSetIndex)
		if !ok {
			return nil, py.Errorf(py.TypeError, "'%s' object does not support item assignment", py.TypeOf(x).Name())
		}
		xi, xj := list.Index(i), list.Index(j)
		if err := list.SetIndex(i, xj); err != nil {
			return nil, err
		}
		if err := list.SetIndex(j, xi); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

func (r *Random) sample(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var population, kv, counts starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "population", &population, "k", &kv, "counts?", &counts); err != nil {
		return nil, err
	}
	var s sequence
	switch population.(type) {
	case starlark.String, starlark.Bytes, starlark.Indexable:
		s, _ = asSequence(population)
	default:
		return nil, py.Errorf(py.TypeError, "Population must be a sequence.  For dicts or sets, use sorted(d).")
	}
	if counts != nil && counts != starlark.None {
		return r.sampleCounts(s, kv, counts)
	}
	k, err := sampleSize(kv, s.n)
	if err != nil {
		return nil, err
	}
	idx := r.sampleIndexes(s.n, k)
	out := make([]starlark.Value, k)
	for i, j := range idx {
		if out[i], err = s.get(j); err != nil {
			return nil, err
		}
	}
	return starlark.NewList(out), nil
}

// sampleSize checks k against a population of n, in CPython's order.
func sampleSize(kv starlark.Value, n int) (int, error) {
	switch x := kv.(type) {
	case starlark.Int, starlark.Bool:
		k, _ := index(x)
		if k.Sign() < 0 || k.Cmp(big.NewInt(int64(n))) > 0 {
			return 0, py.Errorf(py.ValueError, "Sample larger than population or is negative")
		}
		return int(k.Int64()), nil
	case starlark.Float:
		if x < 0 || float64(x) > float64(n) {
			return 0, py.Errorf(py.ValueError, "Sample larger than population or is negative")
		}
		return 0, py.Errorf(py.TypeError, "can't multiply sequence by non-int of type 'float'")
	}
	return 0, py.Errorf(py.TypeError, "'<=' not supported between instances of 'int' and '%s'", py.TypeOf(kv).Name())
}

// sampleIndexes picks k distinct positions of n as CPython's sample does:
// from a shrinking pool when n is small against k, else by redrawing
// positions already taken.
func (r *Random) sampleIndexes(n, k int) []int {
	setsize := 21
	if k > 5 {
		setsize += int(math.Pow(4, math.Ceil(math.Log(float64(k*3))/math.Log(4))))
	}
	out := make([]int, k)
	if n <= setsize {
		pool := make([]int, n)
		for i := range pool {
			pool[i] = i
		}
		for i := 0; i < k; i++ {
			j := r.belowInt(n - i)
			out[i] = pool[j]
			pool[j] = pool[n-i-1]
		}
		return out
	}
	selected := make(map[int]bool, k)
	for i := 0; i < k; i++ {
		j := r.belowInt(n)
		for selected[j] {
			j = r.belowInt(n)
		}
		selected[j] = true
		out[i] = j
	}
	return out
}

// sampleCounts is sample(population, k, counts=...): a sample of
// range(total), each mapped to the item whose cumulative count exceeds it.
func (r *Random) sampleCounts(s sequence, kv, counts starlark.Value) (starlark.Value, error) {
	it, err := py.Iterable(counts)
	if err != nil {
		return nil, err
	}
	var cum []*big.Int
	total := new(big.Int)
	iter := it.(starlark.Iterable).Iterate()
	defer iter.Done()
	var c starlark.Value
	for iter.Next(&c) {
		n, err := index(c)
		if err != nil {
			return nil, py.Errorf(py.TypeError, "Counts must be integers")
		}
		total = new(big.Int).Add(total, n)
		cum = append(cum, total)
	}
	if len(cum) != s.n {
		return nil, py.Errorf(py.ValueError, "The number of counts does not match the population")
	}
	if len(cum) == 0 {
		return nil, py.Errorf(py.IndexError, "pop from empty list")
	}
	cum = cum[:len(cum)-1]
	if total.Sign() <= 0 {
		return nil, py.Errorf(py.ValueError, "Total of counts must be greater than zero")
	}
	if !total.IsInt64() || total.Int64() > math.MaxInt32 {
		return nil, py.Errorf(py.OverflowError, "Python int too large to convert to C ssize_t")
	}
	n := int(total.Int64())
	k, err := sampleSize(kv, n)
	if err != nil {
		return nil, err
	}
	out := make([]starlark.Value, k)
	for i, sel := range r.sampleIndexes(n, k) {
		// bisect_right: the first cumulative count above sel.
		lo, hi := 0, len(cum)
		for lo < hi {
			mid := (lo + hi) / 2
			if big.NewInt(int64(sel)).Cmp(cum[mid]) < 0 {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		if out[i], err = s.get(lo); err != nil {
			return nil, err
		}
	}
	return starlark.NewList(out), nil
}

// toFloat is a number as Python's arithmetic converts it to float.
func toFloat(v starlark.Value) (float64, bool) {
	switch x := v.(type) {
	case starlark.Float:
		return float64(x), true
	case starlark.Int:
		f, _ := new(big.Float).SetInt(x.BigInt()).Float64()
		return f, true
	case starlark.Bool:
		return float64(b2i(bool(x))), true
	}
	return 0, false
}

func (r *Random) choices(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var population, weights, cumWeights starlark.Value = nil, starlark.None, starlark.None
	var kv starlark.Value = starlark.MakeInt(1)
	if len(args) > 2 {
		return nil, py.Errorf(py.TypeError, "Random.choices() takes from 2 to 3 positional arguments but %d were given", len(args)+1)
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "population", &population, "weights?", &weights, "cum_weights?", &cumWeights, "k?", &kv); err != nil {
		return nil, err
	}
	s, err := asSequence(population)
	if err != nil {
		return nil, err
	}
	k, err := cInt(kv)
	if err != nil {
		return nil, err
	}
	k = max(k, 0)
	out := make([]starlark.Value, 0, k)
	if cumWeights == starlark.None {
		if weights == starlark.None {
			n := float64(s.n)
			for range k {
				v, err := s.get(int(math.Floor(r.mt.float() * n)))
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			return starlark.NewList(out), nil
		}
		if n, isInt := weights.(starlark.Int); isInt {
			return nil, py.Errorf(py.TypeError, "The number of choices must be a keyword argument: k=%s", n)
		}
		if cumWeights, err = accumulate(weights); err != nil {
			return nil, err
		}
	} else if weights != starlark.None {
		return nil, py.Errorf(py.TypeError, "Cannot specify both weights and cumulative weights")
	}
	cum, err := floats(cumWeights)
	if err != nil {
		return nil, err
	}
	if len(cum) != s.n {
		return nil, py.Errorf(py.ValueError, "The number of weights does not match the population")
	}
	if len(cum) == 0 {
		return nil, py.Errorf(py.IndexError, "list index out of range") // cum_weights[-1]
	}
	total := cum[len(cum)-1]
	if total <= 0 {
		return nil, py.Errorf(py.ValueError, "Total of weights must be greater than zero")
	}
	if math.IsInf(total, 0) || math.IsNaN(total) {
		return nil, py.Errorf(py.ValueError, "Total of weights must be finite")
	}
	for range k {
		x := r.mt.float() * total
		// bisect_right over cum[:n-1]
		lo, hi := 0, s.n-1
		for lo < hi {
			mid := (lo + hi) / 2
			if x < cum[mid] {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		v, err := s.get(lo)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return starlark.NewList(out), nil
}

// accumulate is itertools.accumulate(weights) as a list: running sums with
// Python's int and float addition.
func accumulate(weights starlark.Value) (starlark.Value, error) {
	it, err := py.Iterable(weights)
	if err != nil {
		return nil, err
	}
	iter := it.(starlark.Iterable).Iterate()
	defer iter.Done()
	var out []starlark.Value
	var sum, w starlark.Value
	for iter.Next(&w) {
		if sum == nil {
			sum = w
		} else if sum, err = starlark.Binary(syntax.PLUS, sum, w); err != nil {
			return nil, py.AsException(err)
		}
		out = append(out, sum)
	}
	return starlark.NewList(out), nil
}

// floats reads cumulative weights as floats, as bisect compares them
// with a float.
func floats(v starlark.Value) ([]float64, error) {
	it, err := py.Iterable(v)
	if err != nil {
		return nil, err
	}
	iter := it.(starlark.Iterable).Iterate()
	defer iter.Done()
	var out []float64
	var x starlark.Value
	for iter.Next(&x) {
		f, ok := toFloat(x)
		if !ok {
			return nil, py.Errorf(py.TypeError, "unsupported operand type(s) for +: '%s' and 'float'", py.TypeOf(x).Name())
		}
		out = append(out, f)
	}
	return out, nil
}

func (r *Random) uniform(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a, c starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "a", &a, "b", &c); err != nil {
		return nil, err
	}
	fa, okA := toFloat(a)
	fc, okC := toFloat(c)
	if !okA || !okC {
		return nil, py.Errorf(py.TypeError, "unsupported operand type(s) for -: '%s' and '%s'", py.TypeOf(c).Name(), py.TypeOf(a).Name())
	}
	width := fc - fa
	if ia, ok := a.(starlark.Int); ok {
		if ic, ok := c.(starlark.Int); ok {
			// int - int is exact, then rounded once to float.
			width, _ = toFloat(ic.Sub(ia))
		}
	}
	return starlark.Float(fa + width*r.mt.float()), nil
}

func (r *Random) triangular(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var low, high, mode starlark.Value = starlark.Float(0), starlark.Float(1), starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "low?", &low, "high?", &high, "mode?", &mode); err != nil {
		return nil, err
	}
	u := r.mt.float()
	lo, okL := toFloat(low)
	hi, okH := toFloat(high)
	if !okL || !okH {
		return nil, py.Errorf(py.TypeError, "unsupported operand type(s) for -: '%s' and '%s'", py.TypeOf(high).Name(), py.TypeOf(low).Name())
	}
	c := 0.5
	if mode != starlark.None {
		m, ok := toFloat(mode)
		if !ok {
			return nil, py.Errorf(py.TypeError, "unsupported operand type(s) for -: '%s' and '%s'", py.TypeOf(mode).Name(), py.TypeOf(low).Name())
		}
		if hi-lo == 0 {
			return low, nil // CPython returns low itself on a zero-width range
		}
		c = (m - lo) / (hi - lo)
	}
	if u > c {
		u, c, lo, hi = 1-u, 1-c, hi, lo
	}
	return starlark.Float(lo + (hi-lo)*math.Sqrt(u*c)), nil
}

func (r *Random) randbytes(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nv starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "n", &nv); err != nil {
		return nil, err
	}
	n, err := index(nv)
	if err != nil {
		return nil, err
	}
	if n.Sign() < 0 {
		return nil, py.Errorf(py.ValueError, "number of bits must be non-negative")
	}
	if !n.IsInt64() || n.Int64()*8 > math.MaxInt32 {
		return nil, py.Errorf(py.OverflowError, "Python int too large to convert to C int")
	}
	size := int(n.Int64())
	out := make([]byte, 0, size+4)
	// getrandbits(8n) in little-endian order: whole words, then the last
	// one's top bits.
	for left := size * 8; left > 0; left -= 32 {
		w := r.mt.uint32()
		if left < 32 {
			w >>= 32 - left
		}
		out = binary.LittleEndian.AppendUint32(out, w)
	}
	return starlark.Bytes(out[:size]), nil
}

func (r *Random) getstate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	words := make(starlark.Tuple, mtN+1)
	for i, w := range r.mt.state {
		words[i] = starlark.MakeUint64(uint64(w))
	}
	words[mtN] = starlark.MakeInt(r.mt.index)
	return starlark.Tuple{starlark.MakeInt(3), words, starlark.None}, nil
}

func (r *Random) setstate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var state starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &state); err != nil {
		return nil, err
	}
	t, ok := state.(starlark.Tuple)
	if !ok {
		return nil, py.Errorf(py.TypeError, "'%s' object is not subscriptable", py.TypeOf(state).Name())
	}
	if len(t) != 3 {
		return nil, py.Errorf(py.ValueError, "state with version %s passed to Random.setstate() of version 3", py.Repr(t[0]))
	}
	if v := py.Repr(t[0]); v != "2" && v != "3" {
		return nil, py.Errorf(py.ValueError, "state with version %s passed to Random.setstate() of version 3", v)
	}
	words, ok := t[1].(starlark.Tuple)
	if !ok {
		return nil, py.Errorf(py.TypeError, "state vector must be a tuple")
	}
	if len(words) != mtN+1 {
		return nil, py.Errorf(py.ValueError, "state vector is the wrong size")
	}
	var next mt19937
	for i, w := range words {
		n, err := index(w)
		if err != nil {
			return nil, err
		}
		if i == mtN {
			if !n.IsInt64() || n.Int64() < 0 || n.Int64() > mtN {
				return nil, py.Errorf(py.ValueError, "invalid state")
			}
			next.index = int(n.Int64())
			break
		}
		if n.Sign() < 0 || n.BitLen() > 32 {
			return nil, py.Errorf(py.OverflowError, "Python int too large to convert to C unsigned long")
		}
		next.state[i] = uint32(n.Uint64())
	}
	r.mt = next
	return starlark.None, nil
}

// osRandom fills buf from the kernel's entropy, /dev/urandom, as CPython
// seeds from the OS (crypto/rand would link Go's crypto packages, whose
// initialisation every start then pays); where there is none, the caller
// seeds from the clock.
func osRandom(buf []byte) error {
	fd, err := hostfs.Open("/dev/urandom", linux.O_RDONLY|linux.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer hostfs.Close(fd)
	for len(buf) > 0 {
		n, err := hostfs.Read(fd, buf)
		if err == linux.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		if n == 0 {
			return linux.EIO
		}
		buf = buf[n:]
	}
	return nil
}
