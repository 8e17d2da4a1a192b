package starlark_test

import (
	"errors"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// failing yields 1, 2, then fails.
type failing struct{ n int }

func (it *failing) Next(p *starlark.Value) bool {
	if it.n == 2 {
		return false
	}
	it.n++
	*p = starlark.MakeInt(it.n)
	return true
}
func (it *failing) Done()      {}
func (it *failing) Err() error { return errors.New("broken after 2") }

// TestSetIterate checks a program's iterate hook: it gives the iterator of
// each for loop and comprehension (here a string's characters, which
// Starlark itself refuses), its error is the loop's, and a
// FallibleIterator's Err ends the loop with an error at the for statement.
func TestSetIterate(t *testing.T) {
	iterate := func(_ *starlark.Thread, x starlark.Value) (starlark.Iterator, error) {
		switch x := x.(type) {
		case starlark.String:
			var chars []starlark.Value
			for _, r := range string(x) {
				chars = append(chars, starlark.String(r))
			}
			return starlark.NewList(chars).Iterate(), nil
		case starlark.NoneType:
			return nil, errors.New("None is not iterable here")
		case starlark.Int:
			return &failing{}, nil
		}
		return starlark.Iterate(x), nil
	}
	run := func(src string) (starlark.StringDict, error) {
		_, prog, err := starlark.SourceProgramOptions(&syntax.FileOptions{TopLevelControl: true}, "iterate.star", src, func(string) bool { return false })
		if err != nil {
			t.Fatal(err)
		}
		prog.SetIterate(iterate)
		return prog.Init(&starlark.Thread{}, nil)
	}

	globals, err := run("chars = [c for c in 'abc']\nout = []\nfor c in 'de':\n    out.append(c)\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := globals["chars"].String() + globals["out"].String(); got != `["a", "b", "c"]["d", "e"]` {
		t.Errorf("got %s", got)
	}

	_, err = run("for x in None:\n    pass\n")
	if err == nil || !strings.Contains(err.Error(), "None is not iterable here") {
		t.Errorf("loop over None: %v", err)
	}

	for _, c := range []struct {
		src string
		col int32 // of the for, on line 3
	}{
		{"seen = []\ndef f():\n    for x in 1:\n        seen.append(x)\nf()\n", 5},
		{"seen = []\ndef f():\n    return [x for x in 1]\nf()\n", 15},
	} {
		_, err = run(c.src)
		var evalErr *starlark.EvalError
		if !errors.As(err, &evalErr) || evalErr.Msg != "broken after 2" {
			t.Errorf("%q: error %v, want the iterator's", c.src, err)
			continue
		}
		if pos := evalErr.CallStack.At(0).Pos; pos.Line != 3 || pos.Col != c.col {
			t.Errorf("%q: error at %v, want 3:%d", c.src, pos, c.col)
		}
	}
}
