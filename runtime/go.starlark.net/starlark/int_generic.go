//go:build (!linux && !darwin && !dragonfly && !freebsd && !netbsd && !solaris) || (!amd64 && !arm64 && !mips64x && !ppc64 && !ppc64le && !loong64 && !s390x)

package starlark

// generic Int implementation as a union

import "math/big"

type intImpl struct {
	// small is kept within ±smallHalf so that small+small cannot
	// overflow; Mul checks its product (mulFits).
	small_ int64    // -smallHalf <= small < smallHalf
	big_   *big.Int // big != nil <=> value is not small
}

// --- low-level accessors ---

// get returns the small and big components of the Int.
// small is defined only if big is nil.
// small is sign-extended to 64 bits for ease of subsequent arithmetic.
func (i Int) get() (small int64, big *big.Int) {
	return i.impl.small_, i.impl.big_
}

// smallHalf bounds the small ints: -smallHalf <= small < smallHalf.
const smallHalf = 1 << 41

// Precondition: -smallHalf <= x && x < smallHalf
func makeSmallInt(x int64) Int {
	return Int{intImpl{small_: x}}
}

// Precondition: x cannot be represented as a small int.
func makeBigInt(x *big.Int) Int {
	return Int{intImpl{big_: x}}
}

// addSmall is x + y when both are small ints and so is their sum: the
// interpreter's + and += try it first, inlined (smallIntArith is not).
func addSmall(x, y Value) (Int, bool) {
	xi, ok := x.(Int)
	yi, ok2 := y.(Int)
	if !ok || !ok2 || xi.impl.big_ != nil || yi.impl.big_ != nil {
		return Int{}, false
	}
	if s := xi.impl.small_ + yi.impl.small_; -smallHalf <= s && s < smallHalf {
		return makeSmallInt(s), true
	}
	return Int{}, false
}
