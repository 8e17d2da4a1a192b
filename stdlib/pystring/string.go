// Package pystring is Python's string module.
//
//	ascii_letters, ascii_lowercase, ascii_uppercase, digits, hexdigits,
//	octdigits, punctuation, printable, whitespace
//	capwords(s, sep=None)
//	Template(template)      .substitute(mapping={}, /, **kws),
//	                        .safe_substitute(mapping={}, /, **kws), .template;
//	                        $name, ${name} and $$, CPython's errors
package pystring

import (
	"fmt"
	"strings"
	"unicode"
	"unsafe"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

const (
	lowercase   = "abcdefghijklmnopqrstuvwxyz"
	uppercase   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits      = "0123456789"
	punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
	whitespace  = " \t\n\r\x0b\x0c"
)

// Module is the string module.
var Module = &py.Module{
	Name: "string",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"ascii_lowercase": starlark.String(lowercase),
			"ascii_uppercase": starlark.String(uppercase),
			"ascii_letters":   starlark.String(lowercase + uppercase),
			"digits":          starlark.String(digits),
			"hexdigits":       starlark.String(digits + "abcdefABCDEF"),
			"octdigits":       starlark.String("01234567"),
			"punctuation":     starlark.String(punctuation),
			"whitespace":      starlark.String(whitespace),
			"printable":       starlark.String(digits + lowercase + uppercase + punctuation + whitespace),
			"capwords":        starlark.NewBuiltin("capwords", capwords),
			"Template":        TemplateClass,
		}
	},
}

// capitalize is str.capitalize: the first character upper case, the rest lower.
func capitalize(s string) string {
	for i, r := range s {
		return string(unicode.ToTitle(r)) + strings.ToLower(s[i+len(string(r)):])
	}
	return s
}

func capwords(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sV, sepV starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs("capwords", args, kwargs, "s", &sV, "sep?", &sepV); err != nil {
		return nil, err
	}
	s, ok := sV.(starlark.String)
	if !ok {
		return nil, py.Errorf(py.AttributeError, "'%s' object has no attribute 'split'", py.TypeOf(sV).Name())
	}
	var words []string
	joiner := " "
	if sep, isStr := sepV.(starlark.String); isStr {
		words = strings.Split(string(s), string(sep))
		if sep != "" {
			joiner = string(sep)
		}
	} else if sepV != starlark.None {
		return nil, py.Errorf(py.TypeError, "must be str or None, not %s", py.TypeOf(sepV).Name())
	} else {
		words = strings.Fields(string(s))
	}
	for i, w := range words {
		words[i] = capitalize(w)
	}
	return starlark.String(strings.Join(words, joiner)), nil
}

// TemplateClass is string.Template.
var TemplateClass = py.DeclareClass("string", "Template", &py.Object, newTemplate)

// Template is a string.Template: text with $-placeholders.
type Template struct{ text starlark.String }

var (
	_ starlark.HasAttrs = (*Template)(nil)
	_ py.Typed          = (*Template)(nil)
)

func newTemplate(_ *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var text starlark.Value
	if err := starlark.UnpackArgs("Template", args, kwargs, "template", &text); err != nil {
		return nil, err
	}
	s, ok := text.(starlark.String)
	if !ok {
		return nil, py.Errorf(py.TypeError, "expected string or bytes-like object, got '%s'", py.TypeOf(text).Name())
	}
	return &Template{text: s}, nil
}

func (t *Template) String() string {
	return fmt.Sprintf("<string.Template object at %#x>", uintptr(unsafe.Pointer(t)))
}
func (t *Template) Type() string          { return "Template" }
func (t *Template) Freeze()               {}
func (t *Template) Truth() starlark.Bool  { return true }
func (t *Template) PyClass() *py.Class    { return TemplateClass }
func (t *Template) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(t)) >> 4), nil }

func (t *Template) Attr(name string) (starlark.Value, error) {
	switch name {
	case "template":
		return t.text, nil
	case "delimiter":
		return starlark.String("$"), nil
	case "substitute", "safe_substitute":
		safe := name == "safe_substitute"
		return starlark.NewBuiltin("Template."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) > 1 {
				return nil, py.Errorf(py.TypeError, "Template.%s() takes from 1 to 2 positional arguments but %d were given", name, len(args)+1)
			}
			var mapping starlark.Value
			if len(args) == 1 {
				mapping = args[0]
			}
			return t.substitute(mapping, kwargs, safe)
		}).BindReceiver(t), nil
	}
	return nil, nil
}

func (t *Template) AttrNames() []string {
	return []string{"delimiter", "safe_substitute", "substitute", "template"}
}

// idLen is the length of the identifier s starts with: [_a-zA-Z][_a-zA-Z0-9]*.
func idLen(s string) int {
	n := 0
	for n < len(s) {
		c := s[n]
		letter := c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
		if !letter && (n == 0 || c < '0' || c > '9') {
			break
		}
		n++
	}
	return n
}

// lookup is the text for a placeholder: kws first, then the mapping.
func lookup(name string, mapping starlark.Value, kwargs []starlark.Tuple) (starlark.Value, error) {
	for _, kv := range kwargs {
		if string(kv[0].(starlark.String)) == name {
			return kv[1], nil
		}
	}
	if mapping == nil {
		return nil, &py.Exception{Class: py.KeyError, Args: starlark.Tuple{starlark.String(name)}}
	}
	return py.GetItem(mapping, starlark.String(name))
}

// position is the line and column CPython reports for an invalid
// placeholder whose text starts at i (just after the $).
func position(s string, i int) (line, col int) {
	line, start := 1, 0
	for k := 0; k < i; k++ {
		switch s[k] {
		case '\r':
			if k+1 < i && s[k+1] == '\n' {
				k++
			}
			fallthrough
		case '\n', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e':
			if k+1 < i {
				line++
				start = k + 1
			}
		}
	}
	return line, i - start
}

func (t *Template) substitute(mapping starlark.Value, kwargs []starlark.Tuple, safe bool) (starlark.Value, error) {
	s := string(t.text)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			b.WriteByte(s[i])
			continue
		}
		rest := s[i+1:]
		var name, whole string
		switch {
		case strings.HasPrefix(rest, "$"):
			b.WriteByte('$')
			i++
			continue
		case idLen(rest) > 0:
			name = rest[:idLen(rest)]
			whole = "$" + name
		case strings.HasPrefix(rest, "{") && idLen(rest[1:]) > 0 && strings.HasPrefix(rest[1+idLen(rest[1:]):], "}"):
			name = rest[1 : 1+idLen(rest[1:])]
			whole = "${" + name + "}"
		default:
			if safe {
				b.WriteByte('$')
				continue
			}
			line, col := position(s, i+1)
			return nil, py.Errorf(py.ValueError, "Invalid placeholder in string: line %d, col %d", line, col)
		}
		v, err := lookup(name, mapping, kwargs)
		if err != nil {
			if !safe || !py.AsException(err).Class.IsSubclass(py.KeyError) {
				return nil, err
			}
			b.WriteString(whole)
		} else {
			b.WriteString(py.Str(v))
		}
		i += len(whole) - 1
	}
	return starlark.String(b.String()), nil
}
