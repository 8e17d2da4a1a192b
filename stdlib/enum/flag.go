package enum

import (
	"math/big"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/py"
)

// Flag members are bits: |, & and ^ combine them into pseudo-members,
// named after the bits they hold (<Perm.R|W: 6>) and kept in
// _value2member_map_ so that the same value is the same object. A Flag
// refuses values with bits no member has (CPython's STRICT boundary); an
// IntFlag keeps them (KEEP) and names them as a number.

// bigOf is a member's or an int's value as a big.Int; nil for others.
func bigOf(v starlark.Value) *big.Int {
	switch v := v.(type) {
	case starlark.Int:
		return v.BigInt()
	case *py.Instance:
		if n, ok := field(v, "_value_").(starlark.Int); ok {
			return n.BigInt()
		}
	}
	return nil
}

func isSingleBit(v starlark.Value) bool {
	n := bigOf(v)
	return n != nil && n.Sign() > 0 && n.BitLen() == int(n.TrailingZeroBits())+1
}

// nextBit is Flag's auto(): the power of two above the largest value.
func nextBit(last []starlark.Value) (starlark.Value, error) {
	high := new(big.Int)
	for _, v := range last {
		n := bigOf(v)
		if n == nil {
			return nil, py.Errorf(py.TypeError, "invalid flag value %s", py.Repr(v))
		}
		if n.Cmp(high) > 0 {
			high = n
		}
	}
	return starlark.MakeBigInt(new(big.Int).Lsh(big.NewInt(1), uint(high.BitLen()))), nil
}

// masks are the OR of a flag class's single-bit members (singles) and of
// all its members (flags).
func masks(cls *py.Class) (singles, flags *big.Int) {
	singles, flags = new(big.Int), new(big.Int)
	byName := memberMap(cls)
	if byName == nil {
		return singles, flags
	}
	for _, kv := range byName.Items() {
		if n := bigOf(kv[1]); n != nil {
			flags.Or(flags, n)
			if isSingleBit(kv[1]) {
				singles.Or(singles, n)
			}
		}
	}
	return singles, flags
}

// flagMissing is Flag._missing_: the pseudo-member for a value no member
// has, made once and kept.
func flagMissing(thread *starlark.Thread, cls *py.Class, v starlark.Int) (starlark.Value, error) {
	value := v.BigInt()
	singles, flags := masks(cls)
	allBits := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(flags.BitLen())), big.NewInt(1))
	keep := cls.IsSubclass(kinds().intFlag)
	gaps := new(big.Int).And(value, new(big.Int).Xor(allBits, flags))
	if value.Cmp(new(big.Int).Not(allBits)) < 0 || value.Cmp(allBits) > 0 || gaps.Sign() != 0 {
		if !keep {
			maxBits := max(value.BitLen(), flags.BitLen())
			return nil, py.Errorf(py.ValueError, "%s invalid value %s\n    given %s\n  allowed %s",
				cls.String(), v.String(), binary(value, maxBits), binary(flags, maxBits))
		}
		if value.Sign() < 0 {
			top := new(big.Int).Add(allBits, big.NewInt(1))
			if p := new(big.Int).Lsh(big.NewInt(1), uint(value.BitLen())); p.Cmp(top) > 0 {
				top = p
			}
			value = new(big.Int).Add(top, value)
		}
	}
	var negative *big.Int
	if value.Sign() < 0 {
		negative = value
		value = new(big.Int).Add(new(big.Int).Add(allBits, big.NewInt(1)), value)
	}
	unknown := new(big.Int).AndNot(value, flags)
	aliases := new(big.Int).AndNot(value, singles)
	memberBits := new(big.Int).And(value, singles)
	var names []string
	combined := new(big.Int)
	var chosen []starlark.Value
	if memberBits.Sign() != 0 || aliases.Sign() != 0 {
		for _, m := range members(cls) {
			if n := bigOf(m); new(big.Int).And(n, memberBits).Cmp(n) == 0 {
				names = append(names, py.Str(field(m.(*py.Instance), "_name_")))
				combined.Or(combined, n)
				chosen = append(chosen, m)
			}
		}
		if aliases.Sign() != 0 {
			// Bits only a member of several bits has: that member's name.
			want := new(big.Int).Or(memberBits, aliases)
			for _, kv := range memberMap(cls).Items() {
				n := bigOf(kv[1])
				if n.Sign() != 0 && !holds(chosen, kv[1]) && new(big.Int).And(n, want).Cmp(n) == 0 {
					names = append(names, py.Str(field(kv[1].(*py.Instance), "_name_")))
					combined.Or(combined, n)
					chosen = append(chosen, kv[1])
				}
			}
			value = want
		}
		unknown = new(big.Int).Xor(value, combined)
	}
	var name starlark.Value = starlark.None
	if combined.Sign() != 0 {
		text := strings.Join(names, "|")
		if unknown.Sign() != 0 {
			text += "|" + unknown.String()
		}
		name = starlark.String(text)
	}
	obj, err := cls.Allocate(thread, nil)
	if err != nil {
		return nil, err
	}
	m := obj.(*py.Instance)
	m.SetField("_value_", starlark.MakeBigInt(value))
	m.SetField("_name_", name)
	if unknown.Sign() == 0 {
		v, _ := cls.OwnAttr("_value2member_map_")
		if byValue, ok := v.(*starlark.Dict); ok {
			if old, found, _ := byValue.Get(starlark.MakeBigInt(value)); found {
				return old, nil
			}
			byValue.SetKey(starlark.MakeBigInt(value), m)
			if negative != nil {
				byValue.SetKey(starlark.MakeBigInt(negative), m)
			}
		}
	}
	return m, nil
}

func holds(list []starlark.Value, v starlark.Value) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// binary is enum.bin(num, max_bits) for num >= 0: "0b0 0111".
func binary(n *big.Int, maxBits int) string {
	digits := n.Text(2)
	if n.Sign() == 0 {
		digits = ""
	}
	if len(digits) < maxBits {
		digits = strings.Repeat("0", maxBits-len(digits)) + digits
	}
	return "0b0 " + digits
}

// flagNamespace is Flag's methods; intFlag makes the operators take ints
// too, as IntFlag's do.
func flagNamespace(class string, intFlag bool) starlark.StringDict {
	ns := starlark.StringDict{
		"__repr__": method(class+".__repr__", func(_ *starlark.Thread, self *py.Instance, _ starlark.Tuple) (starlark.Value, error) {
			name := field(self, "_name_")
			if name == starlark.None {
				return starlark.String("<" + self.Name() + ": " + py.Repr(field(self, "_value_")) + ">"), nil
			}
			return starlark.String("<" + self.Name() + "." + py.Str(name) + ": " + py.Repr(field(self, "_value_")) + ">"), nil
		}),
		"__str__": method(class+".__str__", func(_ *starlark.Thread, self *py.Instance, _ starlark.Tuple) (starlark.Value, error) {
			name := field(self, "_name_")
			if name == starlark.None {
				return starlark.String(self.Name() + "(" + py.Repr(field(self, "_value_")) + ")"), nil
			}
			return starlark.String(self.Name() + "." + py.Str(name)), nil
		}),
		"__bool__": method(class+".__bool__", func(_ *starlark.Thread, self *py.Instance, _ starlark.Tuple) (starlark.Value, error) {
			return field(self, "_value_").Truth(), nil
		}),
		"__contains__": method(class+".__contains__", func(_ *starlark.Thread, self *py.Instance, args starlark.Tuple) (starlark.Value, error) {
			cls := self.PyClass()
			if len(args) != 1 || !py.IsInstance(args[0], cls) {
				return nil, py.Errorf(py.TypeError, "unsupported operand type(s) for 'in': '%s' and '%s'", py.TypeOf(args[0]).Name(), cls.Name())
			}
			x, y := bigOf(self), bigOf(args[0])
			return starlark.Bool(new(big.Int).And(x, y).Cmp(y) == 0), nil
		}),
		"__invert__": method(class+".__invert__", func(thread *starlark.Thread, self *py.Instance, _ starlark.Tuple) (starlark.Value, error) {
			cls := self.PyClass()
			x := bigOf(self)
			if intFlag {
				return lookup(thread, cls, starlark.MakeBigInt(new(big.Int).Not(x)))
			}
			singles, _ := masks(cls)
			return lookup(thread, cls, starlark.MakeBigInt(new(big.Int).AndNot(singles, x)))
		}),
	}
	for _, op := range []struct {
		name string
		tok  syntax.Token
	}{{"or", syntax.PIPE}, {"and", syntax.AMP}, {"xor", syntax.CIRCUMFLEX}} {
		fn := method(class+".__"+op.name+"__", func(thread *starlark.Thread, self *py.Instance, args starlark.Tuple) (starlark.Value, error) {
			cls := self.PyClass()
			var y *big.Int
			switch {
			case py.IsInstance(args[0], cls):
				y = bigOf(args[0])
			case intFlag:
				if n, ok := intOf(args[0]); ok {
					y = n.BigInt()
				}
			}
			if y == nil {
				return py.NotImplemented, nil // the operator's own error follows
			}
			x, z := bigOf(self), new(big.Int)
			switch op.tok {
			case syntax.PIPE:
				z.Or(x, y)
			case syntax.AMP:
				z.And(x, y)
			default:
				z.Xor(x, y)
			}
			return lookup(thread, cls, starlark.MakeBigInt(z))
		})
		ns["__"+op.name+"__"] = fn
		ns["__r"+op.name+"__"] = fn
	}
	return ns
}
