package py

import (
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// codecName folds the spellings Python accepts for one codec.
func codecName(v starlark.Value) (string, error) {
	if v == nil || v == starlark.None {
		return "utf-8", nil
	}
	s, ok := v.(starlark.String)
	if !ok {
		return "", Errorf(TypeError, "encoding must be str, not %s", TypeOf(v).Name())
	}
	name := string(s)
	switch name {
	case "utf-8", "ascii", "latin-1":
		return name, nil // as most programs spell them: no folding
	}
	name = strings.ToLower(strings.ReplaceAll(name, "_", "-"))
	switch name {
	case "utf-8", "utf8", "u8", "utf":
		return "utf-8", nil
	case "ascii", "us-ascii", "646":
		return "ascii", nil
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "8859", "cp819", "latin":
		return "latin-1", nil
	}
	return "", Errorf(LookupError, "unknown encoding: %s", string(s))
}

func errorsMode(v starlark.Value) (string, error) {
	if v == nil || v == starlark.None {
		return "strict", nil
	}
	s, ok := v.(starlark.String)
	if !ok {
		return "", Errorf(TypeError, "errors must be str, not %s", TypeOf(v).Name())
	}
	switch string(s) {
	case "strict", "ignore", "replace", "backslashreplace", "surrogateescape":
		return string(s), nil
	}
	return "", Errorf(LookupError, "unknown error handler name '%s'", string(s))
}

// Encode is str.encode(encoding, errors).
func Encode(s string, encoding, errorsArg starlark.Value) (starlark.Value, error) {
	codec, err := codecName(encoding)
	if err != nil {
		return nil, err
	}
	mode, err := errorsMode(errorsArg)
	if err != nil {
		return nil, err
	}
	if codec == "utf-8" || isASCII(s) {
		return starlark.Bytes(s), nil
	}
	limit := rune(0x7f)
	if codec == "latin-1" {
		limit = 0xff
	}
	var out []byte
	pos := 0
	for i, r := range s {
		if r <= limit {
			out = append(out, byte(r))
		} else {
			switch mode {
			case "ignore":
			case "replace":
				out = append(out, '?')
			case "backslashreplace":
				out = append(out, []byte(strings.Trim(asciiOnly(QuoteStr(string(r))), "'"))...)
			default:
				return nil, Errorf(UnicodeEncodeError, "'%s' codec can't encode character %s in position %d: ordinal not in range(%d)",
					codecDisplay(codec), asciiOnly(QuoteStr(string(r))), pos, limit+1)
			}
		}
		_ = i
		pos++
	}
	return starlark.Bytes(out), nil
}

func codecDisplay(codec string) string {
	if codec == "latin-1" {
		return "latin-1"
	}
	return codec
}

// Decode is bytes.decode(encoding, errors).
func Decode(b string, encoding, errorsArg starlark.Value) (starlark.Value, error) {
	codec, err := codecName(encoding)
	if err != nil {
		return nil, err
	}
	mode, err := errorsMode(errorsArg)
	if err != nil {
		return nil, err
	}
	if codec != "utf-8" && isASCII(b) {
		// ASCII text is the same bytes in all three codecs.
		return starlark.String(b), nil
	}
	var sb strings.Builder
	switch codec {
	case "latin-1":
		for i := 0; i < len(b); i++ {
			sb.WriteRune(rune(b[i]))
		}
		return starlark.String(sb.String()), nil
	case "ascii":
		for i := 0; i < len(b); i++ {
			if b[i] < 0x80 {
				sb.WriteByte(b[i])
				continue
			}
			if err := badByte(&sb, mode, "ascii", b, i, "ordinal not in range(128)"); err != nil {
				return nil, err
			}
		}
		return starlark.String(sb.String()), nil
	}
	if utf8.ValidString(b) {
		return starlark.String(b), nil
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRuneInString(b[i:])
		if r != utf8.RuneError || size > 1 {
			sb.WriteString(b[i : i+size])
			i += size
			continue
		}
		n, reason := invalidUTF8(b[i:])
		if err := badBytes(&sb, mode, b, i, i+n, reason); err != nil {
			return nil, err
		}
		i += n
	}
	return starlark.String(sb.String()), nil
}

// invalidUTF8 measures the invalid sequence at the start of b as CPython
// does: the start byte and the continuation bytes that fit it, and why it fails.
func invalidUTF8(b string) (int, string) {
	c := b[0]
	var need int
	lo, hi := byte(0x80), byte(0xbf) // allowed range of the second byte
	switch {
	case c >= 0xc2 && c <= 0xdf:
		need = 1
	case c >= 0xe0 && c <= 0xef:
		need = 2
		if c == 0xe0 {
			lo = 0xa0
		} else if c == 0xed {
			hi = 0x9f
		}
	case c >= 0xf0 && c <= 0xf4:
		need = 3
		if c == 0xf0 {
			lo = 0x90
		} else if c == 0xf4 {
			hi = 0x8f
		}
	default:
		return 1, "invalid start byte"
	}
	n := 1
	for k := 0; k < need; k++ {
		if n >= len(b) {
			return n, "unexpected end of data"
		}
		x := b[n]
		if k == 0 && (x < lo || x > hi) || k > 0 && (x < 0x80 || x > 0xbf) {
			return n, "invalid continuation byte"
		}
		n++
	}
	return n, "invalid continuation byte"
}

// badBytes applies the error handler to the invalid bytes b[i:j].
func badBytes(sb *strings.Builder, mode, b string, i, j int, reason string) error {
	if mode == "strict" {
		if j-i == 1 {
			return Errorf(UnicodeDecodeError, "'utf-8' codec can't decode byte 0x%02x in position %d: %s", b[i], i, reason)
		}
		return Errorf(UnicodeDecodeError, "'utf-8' codec can't decode bytes in position %d-%d: %s", i, j-1, reason)
	}
	if mode == "replace" {
		sb.WriteRune('\uFFFD')
		return nil
	}
	for k := i; k < j; k++ {
		if err := badByte(sb, mode, "utf-8", b, k, reason); err != nil {
			return err
		}
	}
	return nil
}

func badByte(sb *strings.Builder, mode, codec, b string, i int, reason string) error {
	switch mode {
	case "ignore":
	case "replace":
		sb.WriteRune('\uFFFD')
	case "backslashreplace":
		sb.WriteString(strings.TrimSuffix(strings.TrimPrefix(QuoteBytes(b[i:i+1]), "b'"), "'"))
	case "surrogateescape":
		sb.WriteByte(b[i])
	default:
		return Errorf(UnicodeDecodeError, "'%s' codec can't decode byte 0x%02x in position %d: %s", codec, b[i], i, reason)
	}
	return nil
}
