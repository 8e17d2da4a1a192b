package datetime

import (
	"fmt"
	"math"
	"math/big"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/lazy"
	"sockstar/runtime/py"
)

// Timedelta is datetime.timedelta, kept as CPython keeps it: days (of
// magnitude at most 999999999), then 0 <= seconds < 86400 and
// 0 <= microseconds < 1000000.
type Timedelta struct {
	days, seconds, us int64
}

var (
	_ starlark.HasBinary  = Timedelta{}
	_ starlark.HasUnary   = Timedelta{}
	_ starlark.Comparable = Timedelta{}
	_ starlark.HasAttrs   = Timedelta{}
	_ py.Formatter        = Timedelta{}
)

const (
	usPerSecond = 1000000
	usPerDay    = 86400 * usPerSecond
	maxDays     = 999999999
)

// The constants as big.Ints, made on first use (big.NewInt in a variable's
// declaration runs in an init function at every start).
var (
	bigUsPerDay    = lazy.Value[*big.Int]{Make: func() *big.Int { return big.NewInt(usPerDay) }}
	bigUsPerSecond = lazy.Value[*big.Int]{Make: func() *big.Int { return big.NewInt(usPerSecond) }}
)

// micros is the whole duration in microseconds, which may not fit an int64.
func (t Timedelta) micros() *big.Int {
	n := new(big.Int).Mul(big.NewInt(t.days), bigUsPerDay.Get())
	return n.Add(n, big.NewInt(t.seconds*usPerSecond+t.us))
}

// fromMicros normalizes a number of microseconds, failing as CPython does
// beyond the range of a timedelta.
func fromMicros(n *big.Int) (Timedelta, error) {
	days, rest := new(big.Int), new(big.Int)
	days.DivMod(n, bigUsPerDay.Get(), rest) // Euclidean: rest >= 0, days the floor
	if !days.IsInt64() || days.Int64() > math.MaxInt32 || days.Int64() < math.MinInt32 {
		return Timedelta{}, py.Errorf(py.OverflowError, "Python int too large to convert to C int")
	}
	d := days.Int64()
	if d > maxDays || d < -maxDays {
		return Timedelta{}, py.Errorf(py.OverflowError, "days=%d; must have magnitude <= %d", d, maxDays)
	}
	r := rest.Int64()
	return Timedelta{days: d, seconds: r / usPerSecond, us: r % usPerSecond}, nil
}

// normalize makes a timedelta of any days, seconds and microseconds
// small enough for int64 arithmetic.
func normalize(days, seconds, us int64) (Timedelta, error) {
	carry, us := floorDivMod64(us, usPerSecond)
	seconds += carry
	carry, seconds = floorDivMod64(seconds, 86400)
	days += carry
	if days > maxDays || days < -maxDays {
		return Timedelta{}, py.Errorf(py.OverflowError, "days=%d; must have magnitude <= %d", days, maxDays)
	}
	return Timedelta{days, seconds, us}, nil
}

// timedeltaUnits are the constructor's arguments, in positional order,
// with their length in microseconds.
var timedeltaUnits = [...]struct {
	name   string
	micros int64
}{
	{"days", usPerDay}, {"seconds", usPerSecond}, {"microseconds", 1}, {"milliseconds", 1000},
	{"minutes", 60 * usPerSecond}, {"hours", 3600 * usPerSecond}, {"weeks", 7 * usPerDay},
}

// accumOrder is the order CPython adds the arguments in, smallest unit
// first, which decides how float fractions round.
var accumOrder = [...]int{2, 3, 1, 4, 5, 0, 6}

func newTimedelta(thread *starlark.Thread, cls *py.Class, pos starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	names := make([]string, len(timedeltaUnits))
	for i, u := range timedeltaUnits {
		names[i] = u.name
	}
	vals, err := parseArgs("__new__()", pos, kwargs, len(names), 0, names...)
	if err != nil {
		return nil, err
	}
	sum := new(big.Int)
	leftover := 0.0
	for _, i := range accumOrder {
		if vals[i] == nil {
			continue
		}
		if err := accum(timedeltaUnits[i].name, sum, vals[i], timedeltaUnits[i].micros, &leftover); err != nil {
			return nil, err
		}
	}
	if leftover != 0 {
		// Round the float fractions to a whole microsecond, half to even
		// with respect to the sum so far.
		whole := math.Round(leftover)
		if math.Abs(whole-leftover) == 0.5 {
			odd := float64(sum.Bit(0))
			whole = 2*math.Round((leftover+odd)*0.5) - odd
		}
		sum.Add(sum, big.NewInt(int64(whole)))
	}
	return fromMicros(sum)
}

// accum adds num units of factor microseconds to sum: ints exactly,
// floats as CPython does, the whole part exactly and the fraction into
// leftover.
func accum(tag string, sum *big.Int, num starlark.Value, factor int64, leftover *float64) error {
	switch x := num.(type) {
	case starlark.Bool:
		if x {
			sum.Add(sum, big.NewInt(factor))
		}
		return nil
	case starlark.Int:
		sum.Add(sum, new(big.Int).Mul(x.BigInt(), big.NewInt(factor)))
		return nil
	case starlark.Float:
		f := float64(x)
		intPart, frac := math.Modf(f)
		whole, err := floatToInt(intPart)
		if err != nil {
			return err
		}
		sum.Add(sum, whole.Mul(whole, big.NewInt(factor)))
		if frac == 0 {
			return nil
		}
		intPart, frac = math.Modf(float64(factor) * frac)
		whole, _ = floatToInt(intPart)
		sum.Add(sum, whole)
		*leftover += frac
		return nil
	}
	return py.Errorf(py.TypeError, "unsupported type for timedelta %s component: %s", tag, py.TypeOf(num).Name())
}

func floatToInt(f float64) (*big.Int, error) {
	if math.IsInf(f, 0) {
		return nil, py.Errorf(py.OverflowError, "cannot convert float infinity to integer")
	}
	if math.IsNaN(f) {
		return nil, py.Errorf(py.ValueError, "cannot convert float NaN to integer")
	}
	n, _ := big.NewFloat(f).Int(nil)
	return n, nil
}

func (t Timedelta) String() string {
	if t == (Timedelta{}) {
		return "datetime.timedelta(0)"
	}
	var parts []string
	if t.days != 0 {
		parts = append(parts, fmt.Sprintf("days=%d", t.days))
	}
	if t.seconds != 0 {
		parts = append(parts, fmt.Sprintf("seconds=%d", t.seconds))
	}
	if t.us != 0 {
		parts = append(parts, fmt.Sprintf("microseconds=%d", t.us))
	}
	return "datetime.timedelta(" + strings.Join(parts, ", ") + ")"
}

func (t Timedelta) PyRepr() string { return t.String() }

// PyStr is "[D day[s], ]H:MM:SS[.ffffff]".
func (t Timedelta) PyStr() string {
	s := fmt.Sprintf("%d:%02d:%02d", t.seconds/3600, t.seconds/60%60, t.seconds%60)
	if t.days != 0 {
		plural := "s"
		if t.days == 1 || t.days == -1 {
			plural = ""
		}
		s = fmt.Sprintf("%d day%s, %s", t.days, plural, s)
	}
	if t.us != 0 {
		s += fmt.Sprintf(".%06d", t.us)
	}
	return s
}

func (t Timedelta) PyFormat(spec string) (string, error) {
	if spec == "" {
		return t.PyStr(), nil
	}
	return "", py.Errorf(py.TypeError, "unsupported format string passed to datetime.timedelta.__format__")
}

func (t Timedelta) Type() string         { return "datetime.timedelta" }
func (t Timedelta) Freeze()              {}
func (t Timedelta) Truth() starlark.Bool { return t != Timedelta{} }
func (t Timedelta) PyClass() *py.Class   { return TimedeltaClass }
func (t Timedelta) Hash() (uint32, error) {
	return uint32(t.days*1000003) ^ uint32(t.seconds*7919) ^ uint32(t.us), nil
}

func (t Timedelta) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return py.Threeway(op, t.micros().Cmp(y.(Timedelta).micros())), nil
}

func (t Timedelta) Attr(name string) (starlark.Value, error) {
	switch name {
	case "days":
		return starlark.MakeInt64(t.days), nil
	case "seconds":
		return starlark.MakeInt64(t.seconds), nil
	case "microseconds":
		return starlark.MakeInt64(t.us), nil
	case "total_seconds":
		return starlark.NewBuiltin("timedelta.total_seconds", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, args, kwargs); err != nil {
				return nil, err
			}
			return starlark.Float(ratio(t.micros(), bigUsPerSecond.Get())), nil
		}), nil
	}
	return nil, py.Errorf(py.AttributeError, "'datetime.timedelta' object has no attribute '%s'", name)
}

func (t Timedelta) AttrNames() []string {
	return []string{"days", "microseconds", "seconds", "total_seconds"}
}

// ratio is a / b as Python's int true division gives it: correctly rounded.
func ratio(a, b *big.Int) float64 {
	f, _ := new(big.Rat).SetFrac(a, b).Float64()
	return f
}

// divNearest is a / b rounded to the nearest int, half to even.
func divNearest(a, b *big.Int) *big.Int {
	if b.Sign() < 0 {
		a, b = new(big.Int).Neg(a), new(big.Int).Neg(b)
	}
	q, r := new(big.Int), new(big.Int)
	q.DivMod(a, b, r) // r >= 0 and b > 0: q is the floor
	c := new(big.Int).Lsh(r, 1).Cmp(b)
	if c > 0 || (c == 0 && q.Bit(0) == 1) {
		q.Add(q, big.NewInt(1))
	}
	return q
}

// floorDiv is a // b and a % b, Python's.
func floorDivBig(a, b *big.Int) (*big.Int, *big.Int) {
	q, m := new(big.Int), new(big.Int)
	q.DivMod(a, b, m) // Euclidean: m >= 0
	if m.Sign() != 0 && b.Sign() < 0 {
		q.Add(q, big.NewInt(1))
		m.Add(m, b)
	}
	return q, m
}

// asRatio is float.as_integer_ratio.
func asRatio(f float64) (num, den *big.Int, err error) {
	if math.IsInf(f, 0) {
		return nil, nil, py.Errorf(py.OverflowError, "cannot convert Infinity to integer ratio")
	}
	if math.IsNaN(f) {
		return nil, nil, py.Errorf(py.ValueError, "cannot convert NaN to integer ratio")
	}
	r := new(big.Rat).SetFloat64(f)
	return new(big.Int).Set(r.Num()), new(big.Int).Set(r.Denom()), nil
}

// intOperand reads an int (or bool) operand.
func intOperand(v starlark.Value) (*big.Int, bool) {
	switch x := v.(type) {
	case starlark.Int:
		return x.BigInt(), true
	case starlark.Bool:
		if x {
			return big.NewInt(1), true
		}
		return big.NewInt(0), true
	}
	return nil, false
}

func (t Timedelta) Unary(op syntax.Token) (starlark.Value, error) {
	switch op {
	case syntax.MINUS:
		return fromMicros(new(big.Int).Neg(t.micros()))
	case syntax.PLUS:
		return t, nil
	}
	return nil, nil
}

// Binary is timedelta arithmetic; an operand it does not know gets
// Python's TypeError from the interpreter.
func (t Timedelta) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	if other, ok := y.(Timedelta); ok {
		a, b := t, other
		if side == starlark.Right {
			a, b = other, t
		}
		return a.binaryTimedelta(op, b)
	}
	if side == starlark.Right && op != syntax.STAR {
		return nil, nil // int / timedelta and the like: unsupported
	}
	switch op {
	case syntax.STAR:
		if n, ok := intOperand(y); ok {
			return fromMicros(new(big.Int).Mul(t.micros(), n))
		}
		if f, ok := y.(starlark.Float); ok {
			num, den, err := asRatio(float64(f))
			if err != nil {
				return nil, err
			}
			return fromMicros(divNearest(num.Mul(num, t.micros()), den))
		}
	case syntax.SLASH:
		if n, ok := intOperand(y); ok {
			if n.Sign() == 0 {
				return nil, py.Errorf(py.ZeroDivisionError, "integer division or modulo by zero")
			}
			return fromMicros(divNearest(t.micros(), n))
		}
		if f, ok := y.(starlark.Float); ok {
			num, den, err := asRatio(float64(f))
			if err != nil {
				return nil, err
			}
			if num.Sign() == 0 {
				return nil, py.Errorf(py.ZeroDivisionError, "integer division or modulo by zero")
			}
			return fromMicros(divNearest(den.Mul(den, t.micros()), num))
		}
	case syntax.SLASHSLASH:
		if n, ok := intOperand(y); ok {
			if n.Sign() == 0 {
				return nil, py.Errorf(py.ZeroDivisionError, "integer division or modulo by zero")
			}
			q, _ := floorDivBig(t.micros(), n)
			return fromMicros(q)
		}
	}
	return nil, nil
}

func (t Timedelta) binaryTimedelta(op syntax.Token, b Timedelta) (starlark.Value, error) {
	switch op {
	case syntax.PLUS:
		return normalize(t.days+b.days, t.seconds+b.seconds, t.us+b.us)
	case syntax.MINUS:
		return normalize(t.days-b.days, t.seconds-b.seconds, t.us-b.us)
	case syntax.SLASH:
		if b == (Timedelta{}) {
			return nil, py.Errorf(py.ZeroDivisionError, "division by zero")
		}
		return starlark.Float(ratio(t.micros(), b.micros())), nil
	case syntax.SLASHSLASH:
		if b == (Timedelta{}) {
			return nil, py.Errorf(py.ZeroDivisionError, "integer division or modulo by zero")
		}
		q, _ := floorDivBig(t.micros(), b.micros())
		return starlark.MakeBigInt(q), nil
	case syntax.PERCENT:
		if b == (Timedelta{}) {
			return nil, py.Errorf(py.ZeroDivisionError, "integer modulo by zero")
		}
		_, m := floorDivBig(t.micros(), b.micros())
		return fromMicros(m)
	}
	return nil, nil
}
