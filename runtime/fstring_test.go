package runtime

import (
	"strings"
	"testing"
)

func TestRewriteFStrings(t *testing.T) {
	cases := []struct{ in, want string }{
		{`x = f"{a}"`, `x = "{0}".format((a))`},
		{`f'{a}:{b}'`, `'{0}:{1}'.format((a), (b))`},
		{`F"{a!r:>10}"`, `"{0!r:>10}".format((a))`},
		{`f"{a:{w}.{p}f}"`, `"{0:{1}.{2}f}".format((a), (w), (p))`},
		{`f"{{lit}} {a}"`, `"{{lit}} {0}".format((a))`},
		{`f"{{lit}}"`, `"{{lit}}".format()`},
		{`f"plain"`, `"plain"`},
		{`rf"\d{a}"`, `r"\d{0}".format((a))`},
		{`fr'{a}\n'`, `r'{0}\n'.format((a))`},
		{`f"{d['k']}"`, `"{0}".format((d['k']))`},
		{`f"{x!=y}"`, `"{0}".format((x!=y))`},
		{`f"{x==y}"`, `"{0}".format((x==y))`},
		{`f"{x=}"`, `"x={0!r}".format((x))`},
		{`f"{x = :>5}"`, `"x = {0:>5}".format((x ))`},
		{`f"{x=!s}"`, `"x={0!s}".format((x))`},
		{`f"{ {'a': 1}['a'] }"`, `"{0}".format(( {'a': 1}['a'] ))`},
		{`f"{(lambda: 1)()}"`, `"{0}".format(((lambda: 1)()))`},
		{`f"{a[1:2]}"`, `"{0}".format((a[1:2]))`},
		{`f"{f'{a}'}"`, `"{0}".format(('{0}'.format((a))))`},
		{`f"{a}" + f"{b}"`, `"{0}".format((a)) + "{0}".format((b))`},
		{`f"\N{BULLET} {a}"`, `"\N{BULLET} {0}".format((a))`},
		{`f"a\"{b}"`, `"a\"{0}".format((b))`},
		// Other literals and comments are left alone.
		{`"f{a}"`, `"f{a}"`},
		{`'{a}' # f"{b}"`, `'{a}' # f"{b}"`},
		{`b"{a}"`, `b"{a}"`},
		{`r'\'' + f"{a}"`, `r'\'' + "{0}".format((a))`},
		{`elif"{a}"`, `elif"{a}"`},
		{`"""f"{a}" """`, `"""f"{a}" """`},
		{`off = 1`, `off = 1`},
	}
	for _, c := range cases {
		got, err := rewriteFStrings(c.in)
		if err != nil {
			t.Errorf("rewriteFStrings(%s): %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("rewriteFStrings(%s)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestRewriteFStringsKeepsLines(t *testing.T) {
	src := "a = 1\nx = f'''one {a}\ntwo {a +\n1}\nthree'''\ny = f\"{a}\"\n"
	got, err := rewriteFStrings(src)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(got, "\n") != strings.Count(src, "\n") {
		t.Fatalf("line count changed:\n%s", got)
	}
	if lines := strings.Split(got, "\n"); lines[5] != `y = "{0}".format((a))` {
		t.Errorf("line 6 = %q", lines[5])
	}
}

func TestRewriteFStringsErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{`x = f"{a"`, `1:7: f-string: expecting '}'`},
		{`x = f"a}"`, `1:8: f-string: single '}' is not allowed`},
		{`x = f"{}"`, `1:7: f-string: empty expression not allowed`},
		{`x = f"{a!x}"`, `1:9: f-string: invalid conversion character: expected 's', 'r', or 'a'`},
		{"x = 1\ny = f\"abc\n", `2:5: unterminated string literal`},
		{`f"{a#}"`, `1:5: f-string expression part cannot include '#'`},
	}
	for _, c := range cases {
		_, err := rewriteFStrings(c.in)
		if err == nil || err.Error() != c.want {
			t.Errorf("rewriteFStrings(%s) error = %v, want %s", c.in, err, c.want)
		}
	}
}
