package py

import (
	"math"
	"math/big"
	"strconv"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Python builtins Starlark lacks or words differently:
//
//	sum(iterable, /, start=0)      hex(x)  oct(x)  bin(x)
//	round(number, ndigits=None)    divmod(a, b)    pow(base, exp, mod=None)
//	format(value, format_spec='')  callable(obj)   ord(c)  chr(i)
//	map(function, iterable, ...)   filter(function, iterable)   (both give lists)
//	sorted(iterable, /, *, key=None, reverse=False)
//
// and int's to_bytes, bit_length and int.from_bytes, str.maketrans.

func intMethods() map[string]Method {
	return map[string]Method{
		"to_bytes":   intToBytes,
		"bit_length": intBitLength,
	}
}

func binaryOp(op syntax.Token, x, y starlark.Value) (starlark.Value, error) {
	v, err := starlark.Binary(op, x, y)
	if err != nil {
		if e := AsException(err); e.Class == ZeroDivisionError {
			return nil, e
		}
		return nil, Errorf(TypeError, "unsupported operand type(s) for %s: '%s' and '%s'", op, TypeOf(x).Name(), TypeOf(y).Name())
	}
	return v, nil
}

func builtinSum(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var it starlark.Value
	var start starlark.Value = starlark.MakeInt(0)
	if len(args) == 0 {
		return nil, Errorf(TypeError, "sum() takes at least 1 positional argument (0 given)")
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "iterable", &it, "start?", &start); err != nil {
		return nil, AsException(err)
	}
	switch start.(type) {
	case starlark.String:
		return nil, Errorf(TypeError, "sum() can't sum strings [use ''.join(seq) instead]")
	case starlark.Bytes:
		return nil, Errorf(TypeError, "sum() can't sum bytes [use b''.join(seq) instead]")
	}
	iterable, err := Iterable(it)
	if err != nil {
		return nil, err
	}
	iter := iterable.(starlark.Iterable).Iterate()
	defer iter.Done()
	acc := start
	var x starlark.Value
	for iter.Next(&x) {
		if acc, err = binaryOp(syntax.PLUS, acc, x); err != nil {
			return nil, err
		}
	}
	if err := TakeIterError(iterable); err != nil {
		return nil, err
	}
	return acc, nil
}

// intArg takes an int (or bool) where Python wants __index__.
func intArg(v starlark.Value) (*big.Int, error) {
	switch n := v.(type) {
	case starlark.Int:
		return n.BigInt(), nil
	case starlark.Bool:
		if n {
			return big.NewInt(1), nil
		}
		return big.NewInt(0), nil
	}
	return nil, Errorf(TypeError, "'%s' object cannot be interpreted as an integer", TypeOf(v).Name())
}

func builtinBase(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs(b.Name(), args, kwargs, 1, 1)
	if err != nil {
		return nil, err
	}
	n, err := intArg(a[0])
	if err != nil {
		return nil, err
	}
	base, prefix := 16, "0x"
	switch b.Name() {
	case "oct":
		base, prefix = 8, "0o"
	case "bin":
		base, prefix = 2, "0b"
	}
	sign := ""
	if n.Sign() < 0 {
		sign = "-"
	}
	return starlark.String(sign + prefix + new(big.Int).Abs(n).Text(base)), nil
}

func builtinRound(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := kwArgs("round", args, kwargs, "number", "ndigits")
	if err != nil {
		return nil, err
	}
	if a[0] == nil {
		return nil, Errorf(TypeError, "round() missing required argument 'number' (pos 1)")
	}
	hasDigits := a[1] != nil && a[1] != starlark.None
	digits := 0
	if hasDigits {
		if digits, err = asIndex(a[1]); err != nil {
			return nil, err
		}
	}
	switch x := a[0].(type) {
	case starlark.Int, starlark.Bool:
		n, _ := intArg(x)
		if !hasDigits || digits >= 0 {
			return starlark.MakeBigInt(n), nil
		}
		return starlark.MakeBigInt(roundIntHalfEven(n, -digits)), nil
	case starlark.Float:
		f := float64(x)
		if !hasDigits {
			if math.IsInf(f, 0) {
				return nil, Errorf(OverflowError, "cannot convert float infinity to integer")
			}
			if math.IsNaN(f) {
				return nil, Errorf(ValueError, "cannot convert float NaN to integer")
			}
			z, _ := big.NewFloat(math.RoundToEven(f)).Int(nil)
			return starlark.MakeBigInt(z), nil
		}
		return starlark.Float(roundFloat(f, digits)), nil
	}
	return nil, Errorf(TypeError, "type %s doesn't define __round__ method", TypeOf(a[0]).Name())
}

// roundIntHalfEven rounds n to a multiple of 10**k, ties to even.
func roundIntHalfEven(n *big.Int, k int) *big.Int {
	pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)
	q, r := new(big.Int).DivMod(n, pow, new(big.Int)) // floor division, r >= 0
	twice := new(big.Int).Lsh(r, 1)
	if c := twice.Cmp(pow); c > 0 || c == 0 && q.Bit(0) == 1 {
		q.Add(q, big.NewInt(1))
	}
	return q.Mul(q, pow)
}

// roundFloat is round(f, digits): the decimal rounding of f's exact value,
// ties to even, as CPython's correctly rounded algorithm gives.
func roundFloat(f float64, digits int) float64 {
	if math.IsInf(f, 0) || math.IsNaN(f) || f == 0 {
		return f
	}
	if digits > 323 {
		return f
	}
	if digits >= 0 {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', digits, 64), 64)
		return r
	}
	if digits < -308 {
		return math.Copysign(0, f)
	}
	// Truncation toward zero first, then the half-even rule on the exact value.
	bf := new(big.Float).SetPrec(2000).SetFloat64(f)
	pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-digits)), nil)
	powF := new(big.Float).SetPrec(2000).SetInt(pow)
	quo := new(big.Float).SetPrec(2000).Quo(bf, powF)
	q, _ := quo.Int(nil)
	frac := new(big.Float).SetPrec(2000).Sub(quo, new(big.Float).SetPrec(2000).SetInt(q))
	half := big.NewFloat(0.5)
	absFrac := new(big.Float).Abs(frac)
	step := big.NewInt(1)
	if f < 0 {
		step = big.NewInt(-1)
	}
	if c := absFrac.Cmp(half); c > 0 || c == 0 && q.Bit(0) == 1 {
		q.Add(q, step)
	}
	r, _ := new(big.Float).SetInt(q.Mul(q, pow)).Float64()
	return math.Copysign(r, f)
}

func builtinDivmod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs("divmod", args, kwargs, 2, 2)
	if err != nil {
		return nil, err
	}
	x, y := a[0], a[1]
	if isZero(y) {
		if _, ok := x.(starlark.Float); ok {
			return nil, Errorf(ZeroDivisionError, "float divmod()")
		}
		if _, ok := y.(starlark.Float); ok {
			return nil, Errorf(ZeroDivisionError, "float divmod()")
		}
		return nil, Errorf(ZeroDivisionError, "integer division or modulo by zero")
	}
	q, err := binaryOp(syntax.SLASHSLASH, x, y)
	if err != nil {
		return nil, Errorf(TypeError, "unsupported operand type(s) for divmod(): '%s' and '%s'", TypeOf(x).Name(), TypeOf(y).Name())
	}
	r, err := binaryOp(syntax.PERCENT, x, y)
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{q, r}, nil
}

func isZero(v starlark.Value) bool {
	switch n := v.(type) {
	case starlark.Int:
		return n.Sign() == 0
	case starlark.Float:
		return n == 0
	case starlark.Bool:
		return !bool(n)
	}
	return false
}

func builtinPow(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := kwArgs("pow", args, kwargs, "base", "exp", "mod")
	if err != nil {
		return nil, err
	}
	if a[0] == nil || a[1] == nil {
		return nil, Errorf(TypeError, "pow() missing required argument '%s' (pos %d)", map[bool]string{true: "base", false: "exp"}[a[0] == nil], map[bool]int{true: 1, false: 2}[a[0] == nil])
	}
	if a[2] != nil && a[2] != starlark.None {
		base, err1 := intArg(a[0])
		exp, err2 := intArg(a[1])
		mod, err3 := intArg(a[2])
		if err1 != nil || err2 != nil || err3 != nil {
			return nil, Errorf(TypeError, "pow() 3rd argument not allowed unless all arguments are integers")
		}
		if mod.Sign() == 0 {
			return nil, Errorf(ValueError, "pow() 3rd argument cannot be 0")
		}
		m := new(big.Int).Abs(mod)
		if exp.Sign() < 0 {
			inv := new(big.Int).ModInverse(new(big.Int).Mod(base, m), m)
			if inv == nil {
				return nil, Errorf(ValueError, "base is not invertible for the given modulus")
			}
			base, exp = inv, new(big.Int).Neg(exp)
		}
		r := new(big.Int).Exp(new(big.Int).Mod(base, m), exp, m)
		if mod.Sign() < 0 && r.Sign() != 0 {
			r.Add(r, mod) // Python's result takes the modulus's sign.
		}
		return starlark.MakeBigInt(r), nil
	}
	return Pow(a[0], a[1])
}

// Pow is base ** exp with Python's types and errors.
func Pow(x, y starlark.Value) (starlark.Value, error) {
	bi, errB := intArg(x)
	ei, errE := intArg(y)
	if errB == nil && errE == nil {
		if ei.Sign() >= 0 {
			if bi.CmpAbs(big.NewInt(1)) > 0 && ei.BitLen() > 32 {
				// CPython would run out of memory; refuse up front instead.
				return nil, Errorf(OverflowError, "exponent too large")
			}
			return starlark.MakeBigInt(new(big.Int).Exp(bi, ei, nil)), nil
		}
		if bi.Sign() == 0 {
			return nil, Errorf(ZeroDivisionError, "0.0 cannot be raised to a negative power")
		}
	}
	bf, ok1 := starlark.AsFloat(x)
	ef, ok2 := starlark.AsFloat(y)
	if !ok1 || !ok2 {
		return nil, Errorf(TypeError, "unsupported operand type(s) for ** or pow(): '%s' and '%s'", TypeOf(x).Name(), TypeOf(y).Name())
	}
	if bf == 0 && ef < 0 {
		return nil, Errorf(ZeroDivisionError, "0.0 cannot be raised to a negative power")
	}
	if bf < 0 && ef != math.Trunc(ef) {
		return nil, Errorf(ValueError, "negative number cannot be raised to a fractional power")
	}
	r := math.Pow(bf, ef)
	if math.IsInf(r, 0) && !math.IsInf(bf, 0) && !math.IsInf(ef, 0) {
		return nil, Errorf(OverflowError, "(34, 'Numerical result out of range')")
	}
	return starlark.Float(r), nil
}

func builtinFormat(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs("format", args, kwargs, 1, 2)
	if err != nil {
		return nil, err
	}
	spec := ""
	if a[1] != nil {
		s, ok := a[1].(starlark.String)
		if !ok {
			return nil, Errorf(TypeError, "format() argument 2 must be str, not %s", TypeOf(a[1]).Name())
		}
		spec = string(s)
	}
	s, err := FormatValue(a[0], spec)
	if err != nil {
		return nil, err
	}
	return starlark.String(s), nil
}

func builtinCallable(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs("callable", args, kwargs, 1, 1)
	if err != nil {
		return nil, err
	}
	_, ok := a[0].(starlark.Callable)
	return starlark.Bool(ok), nil
}

func builtinOrd(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs("ord", args, kwargs, 1, 1)
	if err != nil {
		return nil, err
	}
	switch x := a[0].(type) {
	case starlark.String:
		if n := utf8.RuneCountInString(string(x)); n != 1 {
			return nil, Errorf(TypeError, "ord() expected a character, but string of length %d found", n)
		}
		r, _ := utf8.DecodeRuneInString(string(x))
		return starlark.MakeInt(int(r)), nil
	}
	if s, err := AsBytes(a[0]); err == nil {
		if len(s) != 1 {
			return nil, Errorf(TypeError, "ord() expected a character, but string of length %d found", len(s))
		}
		return starlark.MakeInt(int(s[0])), nil
	}
	return nil, Errorf(TypeError, "ord() expected string of length 1, but %s found", TypeOf(a[0]).Name())
}

func builtinChr(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs("chr", args, kwargs, 1, 1)
	if err != nil {
		return nil, err
	}
	n, err := intArg(a[0])
	if err != nil {
		return nil, err
	}
	if !n.IsInt64() || n.Int64() < 0 || n.Int64() > 0x10ffff {
		return nil, Errorf(ValueError, "chr() arg not in range(0x110000)")
	}
	return starlark.String(string(rune(n.Int64()))), nil
}

// iterate calls fn on each element of a Python iterable.
func iterate(v starlark.Value, fn func(starlark.Value) error) error {
	it, err := Iterable(v)
	if err != nil {
		return err
	}
	iter := it.(starlark.Iterable).Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		if err := fn(x); err != nil {
			return err
		}
	}
	return TakeIterError(it)
}

func builtinMap(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, Errorf(TypeError, "map() takes no keyword arguments")
	}
	if len(args) < 2 {
		return nil, Errorf(TypeError, "map() must have at least two arguments.")
	}
	// In step, to the end of the shortest, as Python's map takes them: an
	// endless iterator (itertools.repeat) beside a list is no hang.
	iters := make([]starlark.Value, len(args)-1)
	for i, src := range args[1:] {
		it, err := GetIter(thread, src)
		if err != nil {
			return nil, err
		}
		iters[i] = it
	}
	var out []starlark.Value
	for {
		callArgs := make(starlark.Tuple, len(iters))
		for j, it := range iters {
			v, ok, err := Next(thread, it)
			if err != nil {
				return nil, err
			}
			if !ok {
				return starlark.NewList(out), nil
			}
			callArgs[j] = v
		}
		v, err := starlark.Call(thread, args[0], callArgs, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
}

func builtinFilter(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs("filter", args, kwargs, 2, 2)
	if err != nil {
		return nil, err
	}
	var out []starlark.Value
	err = iterate(a[1], func(x starlark.Value) error {
		keep := x.Truth()
		if a[0] != starlark.None {
			v, err := starlark.Call(thread, a[0], starlark.Tuple{x}, nil)
			if err != nil {
				return err
			}
			keep = v.Truth()
		}
		if keep {
			out = append(out, x)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return starlark.NewList(out), nil
}

// int methods ---------------------------------------------------------------

func byteOrder(v starlark.Value) (bool, error) {
	if v == nil {
		return true, nil
	}
	s, ok := v.(starlark.String)
	if !ok {
		return false, Errorf(TypeError, "to_bytes() argument 'byteorder' must be str, not %s", TypeOf(v).Name())
	}
	switch s {
	case "big":
		return true, nil
	case "little":
		return false, nil
	}
	return false, Errorf(ValueError, "byteorder must be either 'little' or 'big'")
}

func intToBytes(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := kwArgs(name, args, kwargs, "length", "byteorder", "signed")
	if err != nil {
		return nil, err
	}
	length := 1
	if a[0] != nil {
		if length, err = asIndex(a[0]); err != nil {
			return nil, err
		}
		if length < 0 {
			return nil, Errorf(ValueError, "length argument must be non-negative")
		}
	}
	big_, err := byteOrder(a[1])
	if err != nil {
		return nil, err
	}
	signed := a[2] != nil && a[2].Truth() == starlark.True
	n, _ := intArg(recv)
	if n.Sign() < 0 && !signed {
		return nil, Errorf(OverflowError, "can't convert negative int to unsigned")
	}
	v := new(big.Int).Set(n)
	if n.Sign() < 0 {
		// Two's complement: add 2**(8*length).
		v.Add(v, new(big.Int).Lsh(big.NewInt(1), uint(8*length)))
	}
	limit := 8 * length
	if signed {
		limit--
	}
	if (n.Sign() >= 0 && n.BitLen() > limit) || (n.Sign() < 0 && (v.Sign() < 0 || new(big.Int).Neg(n).Cmp(new(big.Int).Lsh(big.NewInt(1), uint(limit))) > 0)) {
		return nil, Errorf(OverflowError, "int too big to convert")
	}
	out := v.FillBytes(make([]byte, length))
	if !big_ {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return starlark.Bytes(out), nil
}

func intBitLength(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if _, err := posArgs(name, args, kwargs, 0, 0); err != nil {
		return nil, err
	}
	n, _ := intArg(recv)
	return starlark.MakeInt(n.BitLen()), nil
}

func intFromBytes(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := kwArgs("from_bytes", args, kwargs, "bytes", "byteorder", "signed")
	if err != nil {
		return nil, err
	}
	if a[0] == nil {
		return nil, Errorf(TypeError, "from_bytes() missing required argument 'bytes' (pos 1)")
	}
	var data []byte
	if s, err := AsBytes(a[0]); err == nil {
		data = []byte(s)
	} else if _, isStr := a[0].(starlark.String); isStr {
		return nil, Errorf(TypeError, "cannot convert 'str' object to bytes")
	} else if err := iterate(a[0], func(x starlark.Value) error {
		n, err := asIndex(x)
		if err != nil {
			return err
		}
		if n < 0 || n > 255 {
			return Errorf(ValueError, "bytes must be in range(0, 256)")
		}
		data = append(data, byte(n))
		return nil
	}); err != nil {
		return nil, err
	}
	big_, err := byteOrder(a[1])
	if err != nil {
		return nil, err
	}
	if !big_ {
		rev := make([]byte, len(data))
		for i, c := range data {
			rev[len(data)-1-i] = c
		}
		data = rev
	}
	n := new(big.Int).SetBytes(data)
	if a[2] != nil && a[2].Truth() == starlark.True && len(data) > 0 && data[0]&0x80 != 0 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(data))))
	}
	return starlark.MakeBigInt(n), nil
}

func strMakeTrans(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs("maketrans", args, kwargs, 1, 3)
	if err != nil {
		return nil, err
	}
	out := starlark.NewDict(0)
	if a[1] == nil {
		d, ok := a[0].(*starlark.Dict)
		if !ok {
			return nil, Errorf(TypeError, "if you give only one argument to maketrans it must be a dict")
		}
		for _, kv := range d.Items() {
			k := kv[0]
			if s, ok := k.(starlark.String); ok {
				if utf8.RuneCountInString(string(s)) != 1 {
					return nil, Errorf(ValueError, "string keys in translate table must be of length 1")
				}
				r, _ := utf8.DecodeRuneInString(string(s))
				k = starlark.MakeInt(int(r))
			} else if _, ok := k.(starlark.Int); !ok {
				return nil, Errorf(TypeError, "keys in translate table must be strings or integers")
			}
			out.SetKey(k, kv[1])
		}
		return out, nil
	}
	x, ok1 := a[0].(starlark.String)
	y, ok2 := a[1].(starlark.String)
	if !ok1 {
		return nil, Errorf(TypeError, "maketrans() argument 1 must be str, not %s", TypeOf(a[0]).Name())
	}
	if !ok2 {
		return nil, Errorf(TypeError, "maketrans() argument 2 must be str, not %s", TypeOf(a[1]).Name())
	}
	xs, ys := []rune(string(x)), []rune(string(y))
	if len(xs) != len(ys) {
		return nil, Errorf(ValueError, "the first two maketrans arguments must have equal length")
	}
	for i := range xs {
		out.SetKey(starlark.MakeInt(int(xs[i])), starlark.MakeInt(int(ys[i])))
	}
	if a[2] != nil {
		z, ok := a[2].(starlark.String)
		if !ok {
			return nil, Errorf(TypeError, "maketrans() argument 3 must be str, not %s", TypeOf(a[2]).Name())
		}
		for _, r := range string(z) {
			out.SetKey(starlark.MakeInt(int(r)), starlark.None)
		}
	}
	return out, nil
}

func builtinSorted(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 {
		return nil, Errorf(TypeError, "sorted expected 1 argument, got %d", len(args))
	}
	var vals []starlark.Value
	if err := iterate(args[0], func(x starlark.Value) error { vals = append(vals, x); return nil }); err != nil {
		return nil, err
	}
	l := starlark.NewList(vals)
	if _, err := listSort(thread, "sort", l, nil, kwargs); err != nil {
		return nil, err
	}
	return l, nil
}
