package py

import (
	"regexp"
	"strings"
	"sync"
)

// Starlark words its own errors differently from Python; these rules give
// the common ones CPython's class and wording, so a port fails as the
// original would. An unknown message keeps its text under a guessed class.
// Type names may be dotted, as a module's types name themselves the way
// CPython's errors do ("datetime.timedelta").
type errorRule struct {
	re    *regexp.Regexp
	class *Class
	// rewrite builds Python's message from the submatches.
	rewrite func(m []string) string
}

// starlarkErrorsOnce holds the rules once compiled; unlike sync.OnceValue,
// a zero struct costs package init nothing.
var starlarkErrorsOnce struct {
	once  sync.Once
	value []errorRule
}

// starlarkErrors compiles its rules on first use: most runs never need them,
// and start-up time counts.
func starlarkErrors() []errorRule {
	starlarkErrorsOnce.once.Do(func() { starlarkErrorsOnce.value = buildStarlarkErrors() })
	return starlarkErrorsOnce.value
}

func buildStarlarkErrors() []errorRule {
	return []errorRule{
		{regexp.MustCompile(`^Starlark stack overflow$`), RecursionError,
			func([]string) string { return "maximum recursion depth exceeded" }},
		{regexp.MustCompile(`^unknown binary op: string \+ ([\w.]+)$`), TypeError,
			func(m []string) string { return `can only concatenate str (not "` + pyType(m[1]) + `") to str` }},
		{regexp.MustCompile(`^unknown binary op: list \+ ([\w.]+)$`), TypeError,
			func(m []string) string { return `can only concatenate list (not "` + pyType(m[1]) + `") to list` }},
		{regexp.MustCompile(`^unknown binary op: tuple \+ ([\w.]+)$`), TypeError,
			func(m []string) string { return `can only concatenate tuple (not "` + pyType(m[1]) + `") to tuple` }},
		{regexp.MustCompile(`^unknown binary op: bytes \+ ([\w.]+)$`), TypeError,
			func(m []string) string { return "can't concat " + pyType(m[1]) + " to bytes" }},
		{regexp.MustCompile(`^unknown binary op: (string|bytes|list|tuple) \* (string|bytes|list|tuple|float|NoneType|dict|set)$`), TypeError,
			func(m []string) string { return "can't multiply sequence by non-int of type '" + pyType(m[2]) + "'" }},
		{regexp.MustCompile(`^unknown binary op: ([\w.]+) (\S+) ([\w.]+)$`), TypeError,
			func(m []string) string {
				return "unsupported operand type(s) for " + m[2] + ": '" + pyType(m[1]) + "' and '" + pyType(m[3]) + "'"
			}},
		{regexp.MustCompile(`^unknown unary op: (\S+) ([\w.]+)$`), TypeError,
			func(m []string) string { return "bad operand type for unary " + m[1] + ": '" + pyType(m[2]) + "'" }},
		{regexp.MustCompile(`^([\w.]+) (<|<=|>|>=) ([\w.]+) not implemented$`), TypeError,
			func(m []string) string {
				return "'" + m[2] + "' not supported between instances of '" + pyType(m[1]) + "' and '" + pyType(m[3]) + "'"
			}},
		{regexp.MustCompile(`^(\w+) index -?\d+ out of range`), IndexError,
			func(m []string) string { return pyType(m[1]) + " index out of range" }},
		{regexp.MustCompile(`^invalid call of non-function \((\w+)\)$`), TypeError,
			func(m []string) string { return "'" + pyType(m[1]) + "' object is not callable" }},
		{regexp.MustCompile(`^function (\w+) missing (\d+) arguments? \((.*)\)$`), TypeError,
			func(m []string) string {
				names := strings.Split(m[3], ", ")
				for i, n := range names {
					names[i] = "'" + n + "'"
				}
				word := "argument"
				if m[2] != "1" {
					word = "arguments"
				}
				return m[1] + "() missing " + m[2] + " required positional " + word + ": " + strings.Join(names, " and ")
			}},
		{regexp.MustCompile(`^function (\w+) accepts (\d+) positional arguments? \((\d+) given\)$`), TypeError,
			func(m []string) string {
				word := "arguments"
				if m[2] == "1" {
					word = "argument"
				}
				return m[1] + "() takes " + m[2] + " positional " + word + " but " + m[3] + " were given"
			}},
		{regexp.MustCompile(`^function (\w+) got an unexpected keyword argument "(\w+)"$`), TypeError,
			func(m []string) string { return m[1] + "() got an unexpected keyword argument '" + m[2] + "'" }},
		// Starlark caps a repetition at 2**30 items; CPython runs out of
		// memory first, or cannot take a count past a machine word at all.
		{regexp.MustCompile(`^repeat count -?\d{20,} too large$`), OverflowError,
			func([]string) string { return "cannot fit 'int' into an index-sized integer" }},
		{regexp.MustCompile(`^(?:repeat count \d+ too large|excessive repeat .*)$`), MemoryError,
			func([]string) string { return "" }},
		{regexp.MustCompile(`^floored division by zero$`), ZeroDivisionError,
			func([]string) string { return "integer division or modulo by zero" }},
		{regexp.MustCompile(`^integer modulo by zero$`), ZeroDivisionError,
			func([]string) string { return "integer modulo by zero" }},
		{regexp.MustCompile(`^floating-point modulo by zero$`), ZeroDivisionError,
			func([]string) string { return "float modulo" }},
		{regexp.MustCompile(`^floating-point division by zero$`), ZeroDivisionError,
			func([]string) string { return "division by zero" }},
		{regexp.MustCompile(`^([\w.]+) has no \.(\w+) field or method`), AttributeError,
			func(m []string) string { return "'" + pyType(m[1]) + "' object has no attribute '" + m[2] + "'" }},
		{regexp.MustCompile(`^too many values to unpack \(got \d+, want (\d+)\)$`), ValueError,
			func(m []string) string { return "too many values to unpack (expected " + m[1] + ")" }},
		{regexp.MustCompile(`^too few values to unpack \(got (\d+), want (\d+)\)$`), ValueError,
			func(m []string) string {
				return "not enough values to unpack (expected " + m[2] + ", got " + m[1] + ")"
			}},
		{regexp.MustCompile(`^int: invalid literal with base (\d+): (.*)$`), ValueError,
			func(m []string) string { return "invalid literal for int() with base " + m[1] + ": " + QuoteStr(m[2]) }},
		{regexp.MustCompile(`^len: value of type (\w+) has no len$`), TypeError,
			func(m []string) string { return "object of type '" + pyType(m[1]) + "' has no len()" }},
		{regexp.MustCompile(`^unhashable type: (\w+)$`), TypeError,
			func(m []string) string { return "unhashable type: '" + pyType(m[1]) + "'" }},
		{regexp.MustCompile(`^index: value not in list$`), ValueError,
			func([]string) string { return "value is not in list" }},
		{regexp.MustCompile(`^(index|rindex): substring not found$`), ValueError,
			func([]string) string { return "substring not found" }},
		{regexp.MustCompile(`^(\w+) value is not iterable$`), TypeError,
			func(m []string) string { return "'" + pyType(m[1]) + "' object is not iterable" }},
		{regexp.MustCompile(`^([\w.]+): got (\d+) arguments?, want (at least |at most |)(\d+)$`), TypeError,
			func(m []string) string {
				bound := "exactly "
				if m[3] != "" {
					bound = m[3]
				}
				word := "arguments"
				if m[4] == "1" {
					word = "argument"
				}
				if m[4] == "0" {
					return callName(m[1]) + " takes no arguments (" + m[2] + " given)"
				}
				return callName(m[1]) + " takes " + bound + m[4] + " " + word + " (" + m[2] + " given)"
			}},
		{regexp.MustCompile(`^([\w.]+): missing argument for (\w+)$`), TypeError,
			func(m []string) string { return callName(m[1]) + " missing required argument '" + m[2] + "'" }},
		{regexp.MustCompile(`^([\w.]+): unexpected keyword arguments?(?: "?(\w+)"?)?$`), TypeError,
			func(m []string) string {
				if m[2] == "" {
					return callName(m[1]) + " takes no keyword arguments"
				}
				return callName(m[1]) + " got an unexpected keyword argument '" + m[2] + "'"
			}},
		{regexp.MustCompile(`^key (.*) not in dict$`), KeyError,
			func(m []string) string { return strings.ReplaceAll(m[1], `"`, `'`) }},
	}
}

// callName is how Python names a builtin in an argument error: "bind()".
func callName(name string) string { return name + "()" }

// pyType maps a Starlark type name to Python's.
func pyType(name string) string {
	switch name {
	case "string":
		return "str"
	case "builtin_function_or_method":
		return "builtin_function_or_method"
	}
	return name
}

// translate gives a Starlark error message Python's class and words.
func translate(msg string) (*Class, string) {
	for _, rule := range starlarkErrors() {
		if m := rule.re.FindStringSubmatch(msg); m != nil {
			return rule.class, rule.rewrite(m)
		}
	}
	return classify(msg), msg
}
