package argparse_test

import (
	"testing"

	"sockstar/runtime/pycompare"
	"sockstar/runtime/startest"
	"sockstar/stdlib"
)

// The programs of testdata print what CPython prints. COLUMNS is empty, so
// both take the width of a stdout that is no terminal: 80 columns.
func TestCPython(t *testing.T) {
	t.Setenv("COLUMNS", "")
	pycompare.RunDir(t, "testdata", stdlib.Modules())
}

// Help laid out for a 40-column terminal, as $COLUMNS says.
func TestNarrow(t *testing.T) {
	t.Setenv("COLUMNS", "40")
	pycompare.RunDir(t, "testdata/narrow", stdlib.Modules())
}

// run runs src as t.star, its sys.argv[0] a path to it so that prog is its base name.
func run(t *testing.T, src string, argv ...string) (code int, stdout, stderr string) {
	t.Helper()
	r := startest.Source(t, "t.star", src, stdlib.Modules(), append([]string{"dir/t.star"}, argv...)...)
	return r.Code, r.Stdout, r.Stderr
}

// What a test program cannot say in both dialects: a type function that
// raises ArgumentTypeError, errors caught with catch, exit_on_error=False.
func TestDialect(t *testing.T) {
	t.Setenv("COLUMNS", "")
	for _, c := range []struct {
		name, src string
		argv      []string
		code      int
		stdout    string
		stderr    string
	}{
		{"type error", `import argparse
def port(s):
    n = int(s)
    if n > 65535:
        throw(argparse.ArgumentTypeError("%d is not a port" % n))
    return n
p = argparse.ArgumentParser()
p.add_argument("port", type=port)
print(p.parse_args())
`, []string{"70000"}, 2, "", "usage: t.star [-h] port\nt.star: error: argument port: 70000 is not a port\n"},
		{"exit_on_error", `import argparse
p = argparse.ArgumentParser(exit_on_error=False)
p.add_argument("--n", type=int)
_, e = catch(p.parse_args, ["--n", "x"])
print(type(e), e)
`, nil, 0, "<class 'argparse.ArgumentError'> argument --n: invalid int value: 'x'\n", ""},
		{"conflict", `import argparse
p = argparse.ArgumentParser()
p.add_argument("-p", "--port")
_, e = catch(p.add_argument, "--port", "-q")
print(e)
_, e = catch(p.add_argument, "-h")
print(e)
r = argparse.ArgumentParser(conflict_handler="resolve", add_help=False)
r.add_argument("-p", "--port")
r.add_argument("-p", "--peer")
print(r.format_usage(), end="")
`, nil, 0, "argument --port/-q: conflicting option string: --port\nargument -h: conflicting option string: -h\nusage: t.star [--port PORT] [-p PEER]\n", ""},
		{"bad definitions", `import argparse
p = argparse.ArgumentParser()
for kw in [{"action": "store_true", "type": int}, {"action": "nope"}, {"nargs": 0}, {"const": 1}, {"type": "int"}, {"nargs": 2, "metavar": ("A",)}]:
    _, e = catch(p.add_argument, "--x", **kw)
    print(type(e).__name__, e)
_, e = catch(p.add_argument, "x", required=True)
print(type(e).__name__, e)
_, e = catch(p.add_argument, "x", "y")
print(type(e).__name__, e)
`, nil, 0, "TypeError _StoreTrueAction.__init__() got an unexpected keyword argument 'type'\n" +
			"ValueError unknown action \"nope\"\n" +
			"ValueError nargs for store actions must be != 0; if you have nothing to store, actions such as store true or store const may be more appropriate\n" +
			"ValueError nargs must be '?' to supply const\n" +
			"ValueError 'int' is not callable\n" +
			"ValueError length of metavar tuple does not match nargs\n" +
			"TypeError 'required' is an invalid argument for positionals\n" +
			"ValueError invalid option string 'x': must start with a character '-'\n", ""},
		{"prog from argv", `import argparse, sys
p = argparse.ArgumentParser()
print(p.prog)
sys.argv[0] = "other/name.py"
print(argparse.ArgumentParser().prog)
print(p.parse_args())
`, []string{"extra"}, 2, "t.star\nname.py\n", "usage: t.star [-h]\nt.star: error: unrecognized arguments: extra\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := run(t, c.src, c.argv...)
			if code != c.code || stdout != c.stdout || stderr != c.stderr {
				t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant exit %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr, c.code, c.stdout, c.stderr)
			}
		})
	}
}
