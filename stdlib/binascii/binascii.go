// Package binascii is Python's binascii module: hex, base64 and CRCs, with
// CPython's results and messages.
//
//	binascii.hexlify(data, sep=None, bytes_per_sep=1)   bytes of lowercase hex digits; sep
//	                                                    (one-character str or bytes) goes
//	                                                    every bytes_per_sep bytes, counted
//	                                                    from the right (left when negative)
//	binascii.b2a_hex(data, sep=None, bytes_per_sep=1)   the same
//	binascii.unhexlify(hexstr)                          bytes; hexstr is bytes or an ASCII str
//	binascii.a2b_hex(hexstr)                            the same
//	binascii.b2a_base64(data, *, newline=True)          bytes of base64, ending in b'\n'
//	binascii.a2b_base64(data, *, strict_mode=False)     bytes; without strict_mode, characters
//	                                                    outside the alphabet are skipped
//	binascii.crc32(data, crc=0)                         unsigned int, continuing from crc
//	binascii.crc_hqx(data, crc)                         CRC-CCITT (XMODEM), as a 16-bit int
//	binascii.Error                                      ValueError subclass for bad input
//	binascii.Incomplete                                 Exception subclass (never raised here)
package binascii

import (
	"encoding/base64"
	"hash/crc32"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

var (
	// Error is binascii.Error.
	Error = py.DeclareClass("binascii", "Error", &py.ValueError, nil)
	// Incomplete is binascii.Incomplete.
	Incomplete = py.DeclareClass("binascii", "Incomplete", &py.Exception_, nil)
)

// Module is the binascii module.
var Module = &py.Module{
	Name: "binascii",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"hexlify":    starlark.NewBuiltin("binascii.hexlify", hexlify),
			"b2a_hex":    starlark.NewBuiltin("binascii.b2a_hex", hexlify),
			"unhexlify":  starlark.NewBuiltin("binascii.unhexlify", unhexlify),
			"a2b_hex":    starlark.NewBuiltin("binascii.a2b_hex", unhexlify),
			"b2a_base64": starlark.NewBuiltin("binascii.b2a_base64", b2aBase64),
			"a2b_base64": starlark.NewBuiltin("binascii.a2b_base64", a2bBase64),
			"crc32":      starlark.NewBuiltin("binascii.crc32", crc32Fn),
			"crc_hqx":    starlark.NewBuiltin("binascii.crc_hqx", crcHqx),
			"Error":      Error,
			"Incomplete": Incomplete,
		}
	},
}

// asciiData reads the argument of the a2b functions: bytes, or a str of
// ASCII characters only.
func asciiData(v starlark.Value) (string, error) {
	if s, ok := v.(starlark.String); ok {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return "", py.Errorf(py.ValueError, "string argument should contain only ASCII characters")
			}
		}
		return string(s), nil
	}
	if b, err := py.AsBytes(v); err == nil {
		return b, nil
	}
	return "", py.Errorf(py.TypeError, "argument should be bytes, buffer or ASCII string, not '%s'", py.TypeOf(v).Name())
}

// cInt reads an argument CPython converts to a C int.
func cInt(v starlark.Value) (int, error) {
	switch x := v.(type) {
	case starlark.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case starlark.Int:
		n, ok := x.Int64()
		if !ok || n > 1<<31-1 || n < -1<<31 {
			return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C int")
		}
		return int(n), nil
	}
	return 0, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
}

// maskedUint32 is CPython's unsigned-int-with-mask conversion: any int,
// taken modulo 2**32.
func maskedUint32(v starlark.Value) (uint32, error) {
	switch x := v.(type) {
	case starlark.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case starlark.Int:
		b := x.BigInt()
		words := b.Bits()
		var low uint32
		if len(words) > 0 {
			low = uint32(words[0])
		}
		if b.Sign() < 0 {
			low = -low // two's complement of the magnitude's low word
		}
		return low, nil
	}
	return 0, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
}

func hexlify(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data, sep, perSep starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "data", &data, "sep?", &sep, "bytes_per_sep?", &perSep); err != nil {
		return nil, err
	}
	buf, err := py.AsBytes(data)
	if err != nil {
		return nil, err
	}
	var sepByte byte
	if sep != nil {
		if sepByte, err = separator(sep); err != nil {
			return nil, err
		}
	}
	group := 1
	if perSep != nil {
		if group, err = cInt(perSep); err != nil {
			return nil, err
		}
	}
	return starlark.Bytes(hexGroups(buf, sep != nil, sepByte, group)), nil
}

// separator is hexlify's sep: one character of a str (up to U+00FF, taken
// as that byte, as CPython does) or one byte.
func separator(v starlark.Value) (byte, error) {
	switch s := v.(type) {
	case starlark.String:
		if utf8.RuneCountInString(string(s)) != 1 {
			return 0, py.Errorf(py.ValueError, "sep must be length 1.")
		}
		r, _ := utf8.DecodeRuneInString(string(s))
		if r > 0xff {
			return 0, py.Errorf(py.ValueError, "sep must be ASCII.")
		}
		return byte(r), nil
	}
	if _, ok := v.(interface{ Len() int }); !ok {
		if _, isBytes := v.(py.BytesLike); !isBytes {
			return 0, py.Errorf(py.TypeError, "object of type '%s' has no len()", py.TypeOf(v).Name())
		}
	}
	bs, err := py.AsBytes(v)
	if err != nil || len(bs) != 1 {
		return 0, py.Errorf(py.ValueError, "sep must be length 1.")
	}
	return bs[0], nil
}

// hexGroups writes data in hex with sep between groups of group bytes,
// the short group at the start when group > 0, at the end when < 0.
func hexGroups(data string, hasSep bool, sep byte, group int) []byte {
	const digits = "0123456789abcdef"
	abs := group
	if abs < 0 {
		abs = -abs
	}
	if !hasSep || abs == 0 || abs >= len(data) {
		hasSep = false
	}
	out := make([]byte, 0, 2*len(data)+len(data))
	for i := 0; i < len(data); i++ {
		if hasSep && i > 0 {
			var boundary bool
			if group > 0 {
				boundary = (len(data)-i)%abs == 0
			} else {
				boundary = i%abs == 0
			}
			if boundary {
				out = append(out, sep)
			}
		}
		out = append(out, digits[data[i]>>4], digits[data[i]&15])
	}
	return out
}

func unhexlify(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, py.Errorf(py.TypeError, "%s() takes no keyword arguments", b.Name())
	}
	if len(args) != 1 {
		return nil, py.Errorf(py.TypeError, "%s() takes exactly one argument (%d given)", b.Name(), len(args))
	}
	s, err := asciiData(args[0])
	if err != nil {
		return nil, err
	}
	if len(s)%2 != 0 {
		return nil, py.Errorf(Error, "Odd-length string")
	}
	out := make([]byte, len(s)/2)
	for i := range out {
		hi, lo := hexDigit(s[2*i]), hexDigit(s[2*i+1])
		if hi < 0 || lo < 0 {
			return nil, py.Errorf(Error, "Non-hexadecimal digit found")
		}
		out[i] = byte(hi<<4 | lo)
	}
	return starlark.Bytes(out), nil
}

func hexDigit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func b2aBase64(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 1 {
		return nil, py.Errorf(py.TypeError, "b2a_base64() takes exactly 1 positional argument (%d given)", len(args))
	}
	var data starlark.Value
	newline := true
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "data", &data, "newline?", &newline); err != nil {
		return nil, err
	}
	buf, err := py.AsBytes(data)
	if err != nil {
		return nil, err
	}
	out := base64.StdEncoding.EncodeToString([]byte(buf))
	if newline {
		out += "\n"
	}
	return starlark.Bytes(out), nil
}

// base64Value is the value of a base64 character, or -1.
func base64Value(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	}
	return -1
}

func a2bBase64(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 1 {
		return nil, py.Errorf(py.TypeError, "a2b_base64() takes exactly 1 positional argument (%d given)", len(args))
	}
	var data starlark.Value
	strict := false
	if err := starlark.UnpackPositionalArgs(b.Name(), args, nil, 1, &data); err != nil {
		return nil, err
	}
	if err := starlark.UnpackArgs(b.Name(), nil, kwargs, "strict_mode?", &strict); err != nil {
		return nil, err
	}
	s, err := asciiData(data)
	if err != nil {
		return nil, err
	}
	out, err := decodeBase64(s, strict)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(out), nil
}

// decodeBase64 is CPython's decoder, step for step: a quad ends at enough
// padding, and without strict mode anything outside the alphabet is skipped.
func decodeBase64(s string, strict bool) ([]byte, error) {
	if strict && len(s) > 0 && s[0] == '=' {
		return nil, py.Errorf(Error, "Leading padding not allowed")
	}
	out := make([]byte, 0, len(s)/4*3+3)
	quadPos, pads, left := 0, 0, 0
	paddingStarted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			paddingStarted = true
			if quadPos >= 2 {
				pads++
				if quadPos+pads >= 4 {
					if strict && i+1 < len(s) {
						return nil, py.Errorf(Error, "Excess data after padding")
					}
					return out, nil
				}
			}
			continue
		}
		v := base64Value(c)
		if v < 0 {
			if strict {
				return nil, py.Errorf(Error, "Only base64 data is allowed")
			}
			continue
		}
		if strict && paddingStarted {
			return nil, py.Errorf(Error, "Discontinuous padding not allowed")
		}
		pads = 0
		switch quadPos {
		case 0:
			left = v
		case 1:
			out = append(out, byte(left<<2|v>>4))
			left = v & 0x0f
		case 2:
			out = append(out, byte(left<<4|v>>2))
			left = v & 0x03
		case 3:
			out = append(out, byte(left<<6|v))
		}
		quadPos = (quadPos + 1) % 4
	}
	switch quadPos {
	case 0:
		return out, nil
	case 1:
		return nil, py.Errorf(Error, "Invalid base64-encoded string: number of data characters (%d) cannot be 1 more than a multiple of 4", len(out)/3*4+1)
	}
	return nil, py.Errorf(Error, "Incorrect padding")
}

func crc32Fn(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, py.Errorf(py.TypeError, "%s() takes no keyword arguments", b.Name())
	}
	if len(args) < 1 {
		return nil, py.Errorf(py.TypeError, "crc32 expected at least 1 argument, got 0")
	}
	if len(args) > 2 {
		return nil, py.Errorf(py.TypeError, "crc32 expected at most 2 arguments, got %d", len(args))
	}
	data, err := py.AsBytes(args[0])
	if err != nil {
		return nil, err
	}
	var crc uint32
	if len(args) == 2 {
		if crc, err = maskedUint32(args[1]); err != nil {
			return nil, err
		}
	}
	return starlark.MakeUint64(uint64(crc32.Update(crc, crc32.IEEETable, []byte(data)))), nil
}

func crcHqx(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, py.Errorf(py.TypeError, "%s() takes no keyword arguments", b.Name())
	}
	if len(args) != 2 {
		return nil, py.Errorf(py.TypeError, "crc_hqx expected 2 arguments, got %d", len(args))
	}
	data, err := py.AsBytes(args[0])
	if err != nil {
		return nil, err
	}
	start, err := maskedUint32(args[1])
	if err != nil {
		return nil, err
	}
	// CRC-CCITT, polynomial 0x1021, most significant bit first.
	crc := uint16(start)
	for i := 0; i < len(data); i++ {
		crc ^= uint16(data[i]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return starlark.MakeInt(int(crc)), nil
}
