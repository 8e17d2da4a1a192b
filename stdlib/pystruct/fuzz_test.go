package pystruct

import (
	"testing"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
)

// FuzzFormat: a struct format a script gives compiles to a layout or a
// struct.error; packing values into it and unpacking bytes from it answer
// with a value or an exception, never a Go panic.
func FuzzFormat(f *testing.F) {
	for _, seed := range []string{"!HHI", "<q3sx?", "@iPn", "=e", ">10p", "999999999999s", "2x3c", "", "!", "h h", "0s", "<Q", "bB?"} {
		f.Add(seed, []byte("\x01\x02\x03\x04\x05\x06\x07\x08abcdefgh"))
	}
	host.SetMaxMemory(1 << 20)
	f.Cleanup(func() { host.SetMaxMemory(0) })
	f.Fuzz(func(t *testing.T, format string, data []byte) {
		l, err := compile(starlark.String(format))
		if err != nil {
			return
		}
		if l.nvalues <= 64 {
			values := make(starlark.Tuple, l.nvalues)
			for i := range values {
				values[i] = starlark.MakeInt(i)
			}
			l.pack(values)
		}
		if int64(len(data)) == l.size {
			l.unpack(data)
		}
		l.unpackFrom(starlark.Bytes(data), 0)
	})
}
