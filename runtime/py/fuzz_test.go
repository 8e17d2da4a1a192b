package py

import (
	"testing"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
)

// smallBudget keeps what one input may make to a megabyte, so that a width
// of a billion is MemoryError at once rather than a gigabyte made.
func smallBudget(f *testing.F) {
	host.SetMaxMemory(1 << 20)
	f.Cleanup(func() { host.SetMaxMemory(0) })
}

// The formatting a script drives with its own strings must answer with a
// value or a Python exception, never a Go panic. The seeds run in every go
// test; go test -fuzz=FuzzPercent ./runtime/py looks further.

func FuzzPercent(f *testing.F) {
	for _, seed := range []string{"%d", "%5.2f|%-8s|%x", "%(a)s %%", "%*d", "%.*f", "%c%r%a", "%#o %+e %G", "%999999999999d", "%.2147483648f", "%(", "%"} {
		f.Add(seed, int64(42), "text")
	}
	smallBudget(f)
	f.Fuzz(func(t *testing.T, format string, n int64, s string) {
		args := []starlark.Value{
			starlark.MakeInt64(n),
			starlark.Tuple{starlark.MakeInt64(n), starlark.String(s)},
			starlark.String(s),
			starlark.Float(float64(n) / 7),
		}
		d := starlark.NewDict(1)
		d.SetKey(starlark.String("a"), starlark.String(s))
		args = append(args, d)
		for _, a := range args {
			Percent(format, a)
			PercentBytes(format, a)
		}
	})
}

func FuzzFormat(f *testing.F) {
	for _, seed := range []string{"{}", "{0:>10}|{1:<5}|{x:^7}", "{:,.2f}", "{!r:}", "{0[1]}", "{:%}", "{:#x}", "{:99999999999}", "{:.2147483648}", "{", "}", "{{}}", "{:=+010.3e}"} {
		f.Add(seed, int64(7), "s")
	}
	smallBudget(f)
	f.Fuzz(func(t *testing.T, format string, n int64, s string) {
		args := starlark.Tuple{starlark.MakeInt64(n), starlark.String(s), starlark.Float(float64(n) / 3), starlark.NewList([]starlark.Value{starlark.String(s)})}
		kw := starlark.NewDict(1)
		kw.SetKey(starlark.String("x"), starlark.MakeInt64(n))
		FormatString(format, args, kw)
	})
}
