package logging_test

import (
	"regexp"
	"strings"
	"testing"

	"sockstar/runtime/pycompare"
	"sockstar/runtime/startest"
	"sockstar/stdlib"
)

// The programs of testdata print what CPython prints.
func TestCPython(t *testing.T) {
	pycompare.RunDir(t, "testdata", stdlib.Modules())
}

// run runs src as t.star and fails t unless it exits 0.
func run(t *testing.T, src string) (stdout, stderr string) {
	t.Helper()
	return startest.MustSource(t, "t.star", src, stdlib.Modules())
}

// asctime has CPython's shape, and datefmt goes through time.strftime.
func TestAsctime(t *testing.T) {
	_, stderr := run(t, `import logging
logging.basicConfig(format="%(asctime)s %(msecs)03d %(message)s")
logging.warning("hi")
h = logging.StreamHandler()
h.setFormatter(logging.Formatter("[%(asctime)s] %(message)s", datefmt="%H:%M:%S %Y"))
logging.getLogger("x").addHandler(h)
logging.getLogger("x").warning("again")
`)
	want := regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,(\d{3}) (\d{3}) hi\n\[\d\d:\d\d:\d\d \d{4}\] again\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d{3} again\n$`)
	m := want.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("stderr %q does not match %s", stderr, want)
	}
	if m[1] != m[2] {
		t.Errorf("asctime's milliseconds %s, msecs %s", m[1], m[2])
	}
}

// exception() prints the traceback of the exception catch() caught last.
func TestException(t *testing.T) {
	_, stderr := run(t, `import logging
def divide():
    return 1 // 0
_, e = catch(divide)
logging.exception("failed: %s", e)
log = logging.getLogger("srv")
log.error("again", exc_info=e)
`)
	want := "ERROR:root:failed: integer division or modulo by zero\n" +
		"Traceback (most recent call last):\n" +
		"  File \"t.star\", line 4, in <module>\n" +
		"    _, e = catch(divide)\n" +
		"  File \"t.star\", line 3, in divide\n" +
		"    return 1 // 0\n" +
		"ZeroDivisionError: integer division or modulo by zero\n" +
		"ERROR:srv:again\n" +
		"Traceback (most recent call last):\n" +
		"  File \"t.star\", line 4, in <module>\n" +
		"    _, e = catch(divide)\n" +
		"  File \"t.star\", line 3, in divide\n" +
		"    return 1 // 0\n" +
		"ZeroDivisionError: integer division or modulo by zero\n"
	if stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
}

// Each run has its own loggers and configuration.
func TestPerRun(t *testing.T) {
	src := `import logging
log = logging.getLogger("a")
print(log.level, len(logging.root.handlers))
logging.basicConfig(level=logging.DEBUG, format="%(message)s")
log.setLevel(logging.ERROR)
`
	for i := 0; i < 2; i++ {
		stdout, _ := run(t, src)
		if stdout != "0 0\n" {
			t.Fatalf("run %d saw another run's state: %q", i, stdout)
		}
	}
}

// A message that does not format is reported as CPython's handleError
// reports it, less the frames inside logging, and logging goes on.
func TestLoggingError(t *testing.T) {
	_, stderr := run(t, `import logging
def f():
    logging.warning("bad %d", "x")
f()
logging.warning("after")
`)
	want := "--- Logging error ---\n" +
		"TypeError: %d format: a real number is required, not str\n" +
		"Call stack:\n" +
		"  File \"t.star\", line 4, in <module>\n" +
		"    f()\n" +
		"  File \"t.star\", line 3, in f\n" +
		"    logging.warning(\"bad %d\", \"x\")\n" +
		"Message: 'bad %d'\n" +
		"Arguments: ('x',)\n" +
		"WARNING:root:after\n"
	if stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
}

// Bad levels and formats fail with CPython's exceptions.
func TestErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`logging.getLogger("x").setLevel("VERBOSE")`, "ValueError: Unknown level: 'VERBOSE'"},
		{`logging.getLogger("x").setLevel(5.5)`, "TypeError: Level not an integer or a valid string: 5.5"},
		{`logging.basicConfig(format="just text")`, "ValueError: Invalid format 'just text' for '%' style"},
		{`logging.basicConfig(colour=True)`, "ValueError: Unrecognised argument(s): colour"},
		{`logging.getLogger(3)`, "TypeError: A logger name must be a string"},
	} {
		r := startest.Source(t, "t.star", "import logging\n"+c.src+"\n", stdlib.Modules())
		if r.Code != 1 || !strings.HasSuffix(r.Stderr, c.want+"\n") {
			t.Errorf("%s: exit %d, stderr %q, want %q", c.src, r.Code, r.Stderr, c.want)
		}
	}
}
