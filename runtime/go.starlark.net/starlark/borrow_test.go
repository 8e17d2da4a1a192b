package starlark_test

import (
	"testing"

	"go.starlark.net/starlark"
)

// TestBuiltinBorrowingArgs checks that a built-in made by NewBuiltin may
// keep its args (they are its own copy), and that one made by
// NewBuiltinBorrowingArgs gets the same values.
func TestBuiltinBorrowingArgs(t *testing.T) {
	var kept []starlark.Tuple
	keep := starlark.NewBuiltin("keep", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		kept = append(kept, args)
		return starlark.None, nil
	})
	add := starlark.NewBuiltinBorrowingArgs("add", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x, y int
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &x, &y); err != nil {
			return nil, err
		}
		return starlark.MakeInt(x + y), nil
	})
	const src = `
def f():
    t = 0
    for i in range(5):
        keep(i, i + 1)
        t = add(t, add(i, 1))
    return t
t = f()
`
	globals, err := starlark.ExecFile(&starlark.Thread{}, "borrow.star", src, starlark.StringDict{"keep": keep, "add": add})
	if err != nil {
		t.Fatal(err)
	}
	if got := globals["t"].String(); got != "15" {
		t.Errorf("t = %s, want 15", got)
	}
	for i, args := range kept {
		want := starlark.Tuple{starlark.MakeInt(i), starlark.MakeInt(i + 1)}
		if args.String() != want.String() {
			t.Errorf("kept[%d] = %s, want %s", i, args, want)
		}
	}
}
