package py

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"go.starlark.net/starlark"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// toInt takes what %d accepts: ints, bools and floats (truncated).
func toInt(arg starlark.Value, conv byte) (*big.Int, error) {
	switch a := arg.(type) {
	case starlark.Int:
		return a.BigInt(), nil
	case starlark.Bool:
		if a {
			return big.NewInt(1), nil
		}
		return big.NewInt(0), nil
	case starlark.Float:
		if conv == 'x' || conv == 'X' || conv == 'o' {
			return nil, Errorf(TypeError, "%%%c format: an integer is required, not float", conv)
		}
		f := float64(a)
		if math.IsInf(f, 0) {
			return nil, Errorf(OverflowError, "cannot convert float infinity to integer")
		}
		if math.IsNaN(f) {
			return nil, Errorf(ValueError, "cannot convert float NaN to integer")
		}
		z, _ := big.NewFloat(math.Trunc(f)).Int(nil)
		return z, nil
	case *Instance:
		// An object standing for an int (an IntEnum member): its __int__ or __index__.
		if n, ok, err := a.IntValue(); ok {
			if err != nil {
				return nil, err
			}
			return n.BigInt(), nil
		}
	}
	if conv == 'x' || conv == 'X' || conv == 'o' {
		return nil, Errorf(TypeError, "%%%c format: an integer is required, not %s", conv, TypeOf(arg).Name())
	}
	return nil, Errorf(TypeError, "%%%c format: a real number is required, not %s", conv, TypeOf(arg).Name())
}

func formatInt(n *big.Int, conv byte, spec pctSpec) (string, error) {
	neg := n.Sign() < 0
	abs := new(big.Int).Abs(n)
	var digits, prefix string
	switch conv {
	case 'x':
		digits, prefix = abs.Text(16), "0x"
	case 'X':
		digits, prefix = strings.ToUpper(abs.Text(16)), "0X"
	case 'o':
		digits, prefix = abs.Text(8), "0o"
	default:
		digits = abs.Text(10)
	}
	if spec.prec > len(digits) {
		digits = repeat('0', spec.prec-len(digits)) + digits
	}
	if spec.alt && prefix != "" {
		digits = prefix + digits
	}
	return signed(neg, spec, digits), nil
}

func signed(neg bool, spec pctSpec, digits string) string {
	switch {
	case neg:
		return "-" + digits
	case spec.plus:
		return "+" + digits
	case spec.space:
		return " " + digits
	}
	return digits
}

func formatFloat(f float64, conv byte, spec pctSpec) string {
	prec := spec.prec
	if prec < 0 {
		prec = 6
	}
	neg := math.Signbit(f) && !math.IsNaN(f)
	a := math.Abs(f)
	var s string
	switch {
	case math.IsInf(a, 0):
		s = "inf"
	case math.IsNaN(a):
		s = "nan"
	default:
		switch conv {
		case 'e', 'E':
			s = pyExp(strconv.FormatFloat(a, 'e', prec, 64))
		case 'f', 'F':
			s = strconv.FormatFloat(a, 'f', prec, 64)
		case 'g', 'G':
			s = pyGeneral(a, prec, spec.alt)
		}
		if spec.alt && !strings.Contains(s, ".") && conv != 'g' && conv != 'G' {
			if i := strings.IndexAny(s, "e"); i >= 0 {
				s = s[:i] + "." + s[i:]
			} else {
				s += "."
			}
		}
	}
	if conv == 'E' || conv == 'F' || conv == 'G' {
		s = strings.ToUpper(s)
	}
	return signed(neg, spec, s)
}

// pyExp turns Go's exponent (e+07 is already two digits) into Python's form.
func pyExp(s string) string { return s }

// pyGeneral is %g: precision significant digits, trailing zeros removed,
// scientific when the exponent is below -4 or not below the precision.
func pyGeneral(a float64, prec int, alt bool) string {
	if prec == 0 {
		prec = 1
	}
	if a == 0 {
		if alt {
			return "0." + repeat('0', prec-1)
		}
		return "0"
	}
	e := strconv.FormatFloat(a, 'e', prec-1, 64)
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	if exp < -4 || exp >= prec {
		if !alt {
			mant = trimZeros(mant)
		}
		return mant + "e" + expStr
	}
	s := strconv.FormatFloat(a, 'f', prec-1-exp, 64)
	if !alt {
		s = trimZeros(s)
	}
	return s
}

func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
