//go:build (linux || darwin || dragonfly || freebsd || netbsd || solaris) && (amd64 || arm64 || mips64x || ppc64 || ppc64le || loong64 || s390x)

package starlark

// This file defines an optimized Int implementation for 64-bit machines
// running POSIX. It reserves a portion of the address space (4TB, else 4GB)
// using mmap and represents small values as addresses within that range. This
// disambiguates small values from *big.Int pointers, letting all Int
// values be represented as an unsafe.Pointer, so that Int-to-Value
// interface conversion need not allocate.

// Although iOS (which, like macOS, appears as darwin/arm64) is
// POSIX-compliant, it limits each process to about 700MB of virtual
// address space, which defeats the optimization.  Similarly,
// OpenBSD's default ulimit for virtual memory is a measly GB or so.
// On both those platforms the attempted optimization will fail and
// fall back to the slow implementation.

// An alternative approach to this optimization would be to embed the
// int32 values in pointers using odd values, which can be distinguished
// from (even) *big.Int pointers. However, the Go runtime does not allow
// user programs to manufacture pointers to arbitrary locations such as
// within the zero page, or non-span, non-mmap, non-stack locations,
// and it may panic if it encounters them; see Issue #382.

import (
	"log"
	"math/big"
	"unsafe"

	"golang.org/x/sys/unix"
)

// intImpl represents a union of (int32, *big.Int) in a single pointer,
// so that Int-to-Value conversions need not allocate.
//
// The pointer is either a *big.Int, if the value is big, or a pointer into a
// reserved portion of the address space (smallints), if the value is small
// and the address space allocation succeeded.
//
// See int_generic.go for the basic representation concepts.
type intImpl unsafe.Pointer

// get returns the (small, big) arms of the union.
func (i Int) get() (int64, *big.Int) {
	if smallints == 0 {
		// optimization disabled
		if x := (*big.Int)(i.impl); isSmall(x) {
			return x.Int64(), nil
		} else {
			return 0, x
		}
	}

	// One unsigned comparison: below smallints, ptr-smallints wraps past the span.
	if off := uintptr(i.impl) - smallints; off < uintptr(2*smallHalf) {
		return int64(off) - smallHalf, nil
	}
	return 0, (*big.Int)(i.impl)
}

// Precondition: -smallHalf <= x && x < smallHalf
func makeSmallInt(x int64) Int {
	if smallints == 0 {
		// optimization disabled
		return Int{intImpl(big.NewInt(x))}
	}

	return Int{intImpl(uintptr(x+smallHalf) + smallints)}
}

// Precondition: x cannot be represented as a small int.
func makeBigInt(x *big.Int) Int { return Int{intImpl(x)} }

// smallints is the base address of a 2*smallHalf byte memory region.
// Pointers to addresses in this region represent the values
// -smallHalf <= x < smallHalf. We assume smallints is not at the very top
// of the address space.
//
// The region is 4TB where the address space allows, so that ints up to
// ±2^41 (32-bit unsigned values, millisecond timestamps, the products of
// two int32s of up to 21 bits) need no big.Int; else 4GB, the int32 range.
//
// Zero means the optimization is disabled and all Ints allocate a big.Int.
var smallints, smallHalf = reserveSmallInts()

func reserveSmallInts() (uintptr, int64) {
	for _, half := range []int64{1 << 41, 1 << 31} {
		if base, err := reserveAddresses(int(2 * half)); err == nil {
			return base, half
		} else if half == 1<<31 {
			log.Printf("Starlark failed to allocate 4GB address space: %v. Integer performance may suffer.", err)
		}
	}
	return 0, 1 << 31 // optimization disabled
}

func reserveAddresses(len int) (uintptr, error) {
	b, err := unix.Mmap(-1, 0, len, unix.PROT_READ, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return 0, err
	}
	dontDump(b)
	return uintptr(unsafe.Pointer(&b[0])), nil
}

// addSmall is x + y when both are small ints and so is their sum: the
// interpreter's + and += try it first, inlined (smallIntArith is not).
func addSmall(x, y Value) (Int, bool) {
	xi, ok := x.(Int)
	yi, ok2 := y.(Int)
	// Offsets into the region, each a value plus smallHalf: both are in
	// it when their OR is (smallSpan is a power of two, or 0 when there
	// is no region); the sum's is a+b-smallHalf, which wraps past the span
	// when the sum is below it.
	a, b := uintptr(xi.impl)-smallints, uintptr(yi.impl)-smallints
	if s := a + b - uintptr(smallHalf); ok && ok2 && a|b < smallSpan && s < smallSpan {
		return Int{intImpl(s + smallints)}, true
	}
	return Int{}, false
}

// smallSpan is the size of the small ints' region, 0 if there is none.
var smallSpan = func() uintptr {
	if smallints == 0 {
		return 0
	}
	return uintptr(2 * smallHalf)
}()
