package py

import (
	"encoding/hex"
	"strings"

	"go.starlark.net/starlark"
)

// Python's bytes methods. Starlark's bytes has none but elems(); the ones
// str also has share its implementation (methods_str.go), with ASCII rules
// for case and whitespace.

func bytesMethods() map[string]Method {
	m := sharedTextMethods()
	m["decode"] = bytesDecode
	m["hex"] = bytesHex
	return bindAll(textBytes, m)
}

func bytesDecode(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 && len(kwargs) == 0 && isStr(args[0]) {
		return Decode(s, args[0], nil) // decode("latin-1"): no argument list to build
	}
	a, err := kwArgs(name, args, kwargs, "encoding", "errors")
	if err != nil {
		return nil, err
	}
	if a[0] != nil {
		if _, ok := a[0].(starlark.String); !ok {
			return nil, Errorf(TypeError, "decode() argument 'encoding' must be str, not %s", TypeOf(a[0]).Name())
		}
	}
	if a[1] != nil {
		if _, ok := a[1].(starlark.String); !ok {
			return nil, Errorf(TypeError, "decode() argument 'errors' must be str, not %s", TypeOf(a[1]).Name())
		}
	}
	return Decode(s, a[0], a[1])
}

// bytesHex is bytes.hex(sep=None, bytes_per_sep=1): a negative count groups
// from the left, a positive one from the right.
func bytesHex(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := kwArgs(name, args, kwargs, "sep", "bytes_per_sep")
	if err != nil {
		return nil, err
	}
	h := hex.EncodeToString([]byte(s))
	if a[0] == nil || a[0] == starlark.None {
		return starlark.String(h), nil
	}
	var sep string
	switch v := a[0].(type) {
	case starlark.String:
		sep = string(v)
	case starlark.Bytes:
		sep = string(v)
	default:
		if _, ok := v.(starlark.Sequence); !ok {
			return nil, Errorf(TypeError, "object of type '%s' has no len()", TypeOf(v).Name())
		}
		return nil, Errorf(TypeError, "sep must be str or bytes.")
	}
	if len(sep) != 1 {
		return nil, Errorf(ValueError, "sep must be length 1.")
	}
	if sep[0] >= 0x80 {
		return nil, Errorf(ValueError, "sep must be ASCII.")
	}
	per := 1
	if a[1] != nil {
		if per, err = asIndex(a[1]); err != nil {
			return nil, err
		}
	}
	if per == 0 || len(s) == 0 {
		return starlark.String(h), nil
	}
	n := per
	if n < 0 {
		n = -n
	}
	var groups []string
	if per > 0 {
		// Count from the right: the first group may be short.
		first := len(s) % n
		if first > 0 {
			groups = append(groups, h[:2*first])
		}
		for i := first; i < len(s); i += n {
			groups = append(groups, h[2*i:2*(i+n)])
		}
	} else {
		for i := 0; i < len(s); i += n {
			end := i + n
			if end > len(s) {
				end = len(s)
			}
			groups = append(groups, h[2*i:2*end])
		}
	}
	return starlark.String(strings.Join(groups, sep)), nil
}

// bytesFromHex is bytes.fromhex(string): pairs of hex digits, spaces between
// pairs allowed.
func bytesFromHex(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs("fromhex", args, kwargs, 1, 1)
	if err != nil {
		return nil, err
	}
	s, ok := a[0].(starlark.String)
	if !ok {
		return nil, Errorf(TypeError, "fromhex() argument must be str, not %s", TypeOf(a[0]).Name())
	}
	var out []byte
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			i++
			continue
		}
		hi, ok := unhex(c)
		if !ok {
			return nil, Errorf(ValueError, "non-hexadecimal number found in fromhex() arg at position %d", i)
		}
		if i+1 >= len(s) {
			return nil, Errorf(ValueError, "non-hexadecimal number found in fromhex() arg at position %d", i+1)
		}
		lo, ok := unhex(s[i+1])
		if !ok {
			return nil, Errorf(ValueError, "non-hexadecimal number found in fromhex() arg at position %d", i+1)
		}
		out = append(out, hi<<4|lo)
		i += 2
	}
	return starlark.Bytes(out), nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
