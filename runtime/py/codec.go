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
	name := strings.ToLower(strings.ReplaceAll(string(s), "_", "-"))
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
	if codec == "utf-8" {
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
				out = append(out, []byte(strings.Trim(QuoteStr(string(r)), "'"))...)
			default:
				return nil, Errorf(UnicodeEncodeError, "'%s' codec can't encode character %s in position %d: ordinal not in range(%d)",
					codecDisplay(codec), strings.Trim(QuoteStr(string(r)), "'"), pos, limit+1)
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
		if r == utf8.RuneError && size <= 1 {
			reason := "invalid start byte"
			if b[i] >= 0xc0 {
				reason = "invalid continuation byte"
				if i+1 >= len(b) {
					reason = "unexpected end of data"
				}
			}
			if err := badByte(&sb, mode, "utf-8", b, i, reason); err != nil {
				return nil, err
			}
			i++
			continue
		}
		sb.WriteString(b[i : i+size])
		i += size
	}
	return starlark.String(sb.String()), nil
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
