package py

import (
	"bytes"
	"fmt"
	"strings"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// ByteArrayType is bytearray.
var ByteArrayType = &Class{name: "bytearray", module: "builtins", base: Object}

// ByteArray is a bytearray: bytes that can change in place.
type ByteArray struct{ b []byte }

var (
	_ starlark.Indexable   = (*ByteArray)(nil)
	_ starlark.Sliceable   = (*ByteArray)(nil)
	_ starlark.HasSetIndex = (*ByteArray)(nil)
	_ starlark.Iterable    = (*ByteArray)(nil)
	_ starlark.Container   = (*ByteArray)(nil)
	_ starlark.HasBinary   = (*ByteArray)(nil)
	_ starlark.Comparable  = (*ByteArray)(nil)
	_ starlark.HasAttrs    = (*ByteArray)(nil)
	_ BytesLike            = (*ByteArray)(nil)
	_ Typed                = (*ByteArray)(nil)
	_ Reprer               = (*ByteArray)(nil)
)

// NewByteArray makes a bytearray holding a copy of b.
func NewByteArray(b []byte) *ByteArray { return &ByteArray{b: append([]byte{}, b...)} }

// Bytes is the bytearray's contents, which the caller must not keep.
func (a *ByteArray) Bytes() []byte { return a.b }

func newByteArray(thread *starlark.Thread, _ *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, encoding, errorsArg starlark.Value
	if err := starlark.UnpackArgs("bytearray", args, kwargs, "source?", &src, "encoding?", &encoding, "errors?", &errorsArg); err != nil {
		return nil, err
	}
	switch s := src.(type) {
	case starlark.String, starlark.Int, starlark.Bytes, BytesLike, nil:
		v, err := newBytes(thread, BytesType, args, kwargs)
		if err != nil {
			return nil, err
		}
		return NewByteArray([]byte(v.(starlark.Bytes))), nil
	case starlark.Iterable:
		if encoding != nil {
			return nil, Errorf(TypeError, "encoding without a string argument")
		}
		a := &ByteArray{}
		if err := a.extendFrom(s); err != nil {
			return nil, err
		}
		return a, nil
	}
	return nil, Errorf(TypeError, "cannot convert '%s' object to bytearray", TypeOf(src).Name())
}

// byteValue reads an int in range(256), as bytearray's item setters do.
func byteValue(v starlark.Value) (byte, error) {
	n, err := intArg(v)
	if err != nil {
		return 0, err
	}
	if !n.IsInt64() || n.Int64() < 0 || n.Int64() > 255 {
		return 0, Errorf(ValueError, "byte must be in range(0, 256)")
	}
	return byte(n.Int64()), nil
}

// extendFrom appends a bytes-like object's bytes or an iterable's ints.
func (a *ByteArray) extendFrom(v starlark.Value) error {
	if s, err := AsBytes(v); err == nil {
		a.b = append(a.b, s...)
		return nil
	}
	if _, isStr := v.(starlark.String); !isStr {
		if _, ok := v.(starlark.Iterable); !ok {
			return Errorf(TypeError, "can't extend bytearray with %s", TypeOf(v).Name())
		}
	}
	var out []byte
	err := iterate(v, func(x starlark.Value) error {
		c, err := byteValue(x)
		out = append(out, c)
		return err
	})
	if err != nil {
		return err
	}
	a.b = append(a.b, out...)
	return nil
}

func (a *ByteArray) String() string       { return a.PyRepr() }
func (a *ByteArray) PyRepr() string       { return "bytearray(" + QuoteBytes(string(a.b)) + ")" }
func (a *ByteArray) Type() string         { return "bytearray" }
func (a *ByteArray) Freeze()              {}
func (a *ByteArray) Truth() starlark.Bool { return len(a.b) > 0 }
func (a *ByteArray) Hash() (uint32, error) {
	return 0, Errorf(TypeError, "unhashable type: 'bytearray'")
}
func (a *ByteArray) PyClass() *Class            { return ByteArrayType }
func (a *ByteArray) PyBytes() string            { return string(a.b) }
func (a *ByteArray) Len() int                   { return len(a.b) }
func (a *ByteArray) Index(i int) starlark.Value { return starlark.MakeInt(int(a.b[i])) }

func (a *ByteArray) Slice(start, end, step int) starlark.Value {
	return &ByteArray{b: sliceBytes(a.b, start, end, step)}
}

// sliceBytes is b[start:end:step] with indices Starlark has resolved.
func sliceBytes(b []byte, start, end, step int) []byte {
	if step == 1 {
		if start >= end {
			return []byte{}
		}
		return append([]byte{}, b[start:end]...)
	}
	out := []byte{}
	if step > 0 {
		for i := start; i < end; i += step {
			out = append(out, b[i])
		}
	} else {
		for i := start; i > end; i += step {
			out = append(out, b[i])
		}
	}
	return out
}

func (a *ByteArray) SetIndex(i int, v starlark.Value) error {
	c, err := byteValue(v)
	if err != nil {
		return err
	}
	a.b[i] = c
	return nil
}

func (a *ByteArray) Iterate() starlark.Iterator { return &byteArrayIter{a: a} }

type byteArrayIter struct {
	a *ByteArray
	i int
}

// Next reads by index, so the bytearray may change while a loop walks it.
func (it *byteArrayIter) Next(p *starlark.Value) bool {
	if it.i >= len(it.a.b) {
		return false
	}
	*p = starlark.MakeInt(int(it.a.b[it.i]))
	it.i++
	return true
}

func (it *byteArrayIter) Done() {}

// Has is `x in a`: a byte value or a bytes-like substring.
func (a *ByteArray) Has(x starlark.Value) (bool, error) { return bytesHas(a.b, x) }

func bytesHas(b []byte, x starlark.Value) (bool, error) {
	switch x.(type) {
	case starlark.Int, starlark.Bool:
		c, err := byteValue(x)
		if err != nil {
			return false, err
		}
		return bytes.IndexByte(b, c) >= 0, nil
	}
	s, err := AsBytes(x)
	if err != nil {
		return false, err
	}
	return bytes.Contains(b, []byte(s)), nil
}

// Binary is + with a bytes-like object and * with an int; bytes + a
// bytearray gives bytes, as in CPython.
func (a *ByteArray) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch op {
	case syntax.PLUS:
		s, err := AsBytes(y)
		if err != nil {
			if side == starlark.Left {
				return nil, Errorf(TypeError, "can't concat %s to bytearray", TypeOf(y).Name())
			}
			return nil, nil
		}
		if side == starlark.Left {
			return &ByteArray{b: append(append([]byte{}, a.b...), s...)}, nil
		}
		if _, isBytes := y.(starlark.Bytes); isBytes {
			return starlark.Bytes(s + string(a.b)), nil
		}
		return &ByteArray{b: append([]byte(s), a.b...)}, nil
	case syntax.STAR:
		n, err := asIndex(y)
		if err != nil {
			return nil, nil
		}
		if n < 0 {
			n = 0
		}
		return &ByteArray{b: bytes.Repeat(a.b, n)}, nil
	}
	return nil, nil
}

func (a *ByteArray) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return compareStrings(op, string(a.b), string(y.(*ByteArray).b)), nil
}

func compareStrings(op syntax.Token, x, y string) bool {
	return Threeway(op, strings.Compare(x, y))
}

// Threeway answers the comparison op from a -1, 0 or 1 result.
func Threeway(op syntax.Token, c int) bool {
	switch op {
	case syntax.EQL:
		return c == 0
	case syntax.NEQ:
		return c != 0
	case syntax.LT:
		return c < 0
	case syntax.LE:
		return c <= 0
	case syntax.GT:
		return c > 0
	}
	return c >= 0
}

type byteArrayMethod = func(a *ByteArray, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// byteArrayMethods are the methods that change a bytearray; the others are
// bytes's, with bytes results made bytearrays.
var byteArrayMethods = Table[string, byteArrayMethod]{Build: func() map[string]byteArrayMethod {
	return map[string]byteArrayMethod{
		"append": func(a *ByteArray, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs("bytearray.append", args, kwargs, 1, &v); err != nil {
				return nil, err
			}
			c, err := byteValue(v)
			if err != nil {
				return nil, err
			}
			a.b = append(a.b, c)
			return starlark.None, nil
		},
		"extend": func(a *ByteArray, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs("bytearray.extend", args, kwargs, 1, &v); err != nil {
				return nil, err
			}
			return starlark.None, a.extendFrom(v)
		},
		"insert": func(a *ByteArray, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var iv, v starlark.Value
			if err := starlark.UnpackPositionalArgs("bytearray.insert", args, kwargs, 2, &iv, &v); err != nil {
				return nil, err
			}
			i, err := asIndex(iv)
			if err != nil {
				return nil, err
			}
			c, err := byteValue(v)
			if err != nil {
				return nil, err
			}
			if i < 0 {
				i = max(i+len(a.b), 0)
			}
			i = min(i, len(a.b))
			a.b = append(a.b[:i], append([]byte{c}, a.b[i:]...)...)
			return starlark.None, nil
		},
		"pop": func(a *ByteArray, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var iv starlark.Value = starlark.MakeInt(-1)
			if err := starlark.UnpackPositionalArgs("bytearray.pop", args, kwargs, 0, &iv); err != nil {
				return nil, err
			}
			i, err := asIndex(iv)
			if err != nil {
				return nil, err
			}
			if len(a.b) == 0 {
				return nil, Errorf(IndexError, "pop from empty bytearray")
			}
			if i < 0 {
				i += len(a.b)
			}
			if i < 0 || i >= len(a.b) {
				return nil, Errorf(IndexError, "pop index out of range")
			}
			c := a.b[i]
			a.b = append(a.b[:i], a.b[i+1:]...)
			return starlark.MakeInt(int(c)), nil
		},
		"remove": func(a *ByteArray, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs("bytearray.remove", args, kwargs, 1, &v); err != nil {
				return nil, err
			}
			c, err := byteValue(v)
			if err != nil {
				return nil, err
			}
			i := bytes.IndexByte(a.b, c)
			if i < 0 {
				return nil, Errorf(ValueError, "value not found in bytearray")
			}
			a.b = append(a.b[:i], a.b[i+1:]...)
			return starlark.None, nil
		},
		"clear": func(a *ByteArray, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("bytearray.clear", args, kwargs, 0); err != nil {
				return nil, err
			}
			a.b = a.b[:0]
			return starlark.None, nil
		},
		"copy": func(a *ByteArray, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("bytearray.copy", args, kwargs, 0); err != nil {
				return nil, err
			}
			return NewByteArray(a.b), nil
		},
		"reverse": func(a *ByteArray, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("bytearray.reverse", args, kwargs, 0); err != nil {
				return nil, err
			}
			for i, j := 0, len(a.b)-1; i < j; i, j = i+1, j-1 {
				a.b[i], a.b[j] = a.b[j], a.b[i]
			}
			return starlark.None, nil
		},
	}
}}

func (a *ByteArray) Attr(name string) (starlark.Value, error) {
	if m, ok := byteArrayMethods.Map()[name]; ok {
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return m(a, name, args, kwargs)
		}).BindReceiver(a), nil
	}
	m, ok := methodsOf("bytes")[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		v, err := m(thread, name, a, args, kwargs)
		if err != nil {
			return nil, err
		}
		return asByteArrays(v), nil
	}).BindReceiver(a), nil
}

// asByteArrays makes the bytes in a bytes method's result bytearrays, as
// bytearray's own methods return them.
func asByteArrays(v starlark.Value) starlark.Value {
	switch v := v.(type) {
	case starlark.Bytes:
		return &ByteArray{b: []byte(v)}
	case *starlark.List:
		out := make([]starlark.Value, v.Len())
		for i := range out {
			out[i] = asByteArrays(v.Index(i))
		}
		return starlark.NewList(out)
	case starlark.Tuple:
		out := make(starlark.Tuple, len(v))
		for i, x := range v {
			out[i] = asByteArrays(x)
		}
		return out
	}
	return v
}

func (a *ByteArray) AttrNames() []string {
	var names []string
	for name := range byteArrayMethods.Map() {
		names = append(names, name)
	}
	for name := range methodsOf("bytes") {
		names = append(names, name)
	}
	return SortedKeys(names)
}

func byteArrayFromHex(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	v, err := bytesFromHex(thread, b, args, kwargs)
	if err != nil {
		return nil, err
	}
	return asByteArrays(v), nil
}

// MemoryViewType is memoryview.
var MemoryViewType = &Class{name: "memoryview", module: "builtins", base: Object}

// MemoryView is a memoryview of bytes or a bytearray, format 'B': the
// items start, start+step, ... (n of them) of what it views. A view of a
// bytearray sees the bytearray change; one that has shrunk under it
// reads as far as it still reaches.
type MemoryView struct {
	obj      starlark.Value // starlark.Bytes or *ByteArray
	start    int
	step     int
	n        int
	released bool
}

var (
	_ starlark.Indexable   = (*MemoryView)(nil)
	_ starlark.Sliceable   = (*MemoryView)(nil)
	_ starlark.HasSetIndex = (*MemoryView)(nil)
	_ starlark.Iterable    = (*MemoryView)(nil)
	_ starlark.HasAttrs    = (*MemoryView)(nil)
	_ starlark.Comparable  = (*MemoryView)(nil)
	_ BytesLike            = (*MemoryView)(nil)
	_ Typed                = (*MemoryView)(nil)
	_ Reprer               = (*MemoryView)(nil)
	_ Closer               = (*MemoryView)(nil)
)

func newMemoryView(_ *starlark.Thread, _ *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var obj starlark.Value
	if err := starlark.UnpackArgs("memoryview", args, kwargs, "object", &obj); err != nil {
		return nil, err
	}
	switch o := obj.(type) {
	case starlark.Bytes:
		return &MemoryView{obj: o, step: 1, n: len(o)}, nil
	case *ByteArray:
		return &MemoryView{obj: o, step: 1, n: len(o.b)}, nil
	case *MemoryView:
		if o.released {
			return nil, errReleased()
		}
		v := *o
		return &v, nil
	}
	return nil, Errorf(TypeError, "memoryview: a bytes-like object is required, not '%s'", TypeOf(obj).Name())
}

func errReleased() error {
	return Errorf(ValueError, "operation forbidden on released memoryview object")
}

// data is the bytes viewed, as they are now.
func (m *MemoryView) data() []byte {
	switch o := m.obj.(type) {
	case starlark.Bytes:
		return unsafe.Slice(unsafe.StringData(string(o)), len(o))
	case *ByteArray:
		return o.b
	}
	return nil
}

// Len is the number of items the view still reaches.
func (m *MemoryView) Len() int {
	if m.released {
		return 0
	}
	d := len(m.data())
	n := m.n
	for n > 0 && (m.start+(n-1)*m.step >= d || m.start+(n-1)*m.step < 0) {
		n--
	}
	return n
}

func (m *MemoryView) Index(i int) starlark.Value {
	return starlark.MakeInt(int(m.data()[m.start+i*m.step]))
}

func (m *MemoryView) Slice(start, end, step int) starlark.Value {
	n := 0
	if step > 0 && end > start {
		n = (end - start + step - 1) / step
	} else if step < 0 && start > end {
		n = (start - end - step - 1) / -step
	}
	return &MemoryView{obj: m.obj, start: m.start + start*m.step, step: m.step * step, n: n}
}

// tobytes is the viewed bytes in a new string.
func (m *MemoryView) tobytes() []byte {
	d, n := m.data(), m.Len()
	out := make([]byte, n)
	for i := range out {
		out[i] = d[m.start+i*m.step]
	}
	return out
}

func (m *MemoryView) PyBytes() string { return string(m.tobytes()) }

func (m *MemoryView) SetIndex(i int, v starlark.Value) error {
	if m.released {
		return errReleased()
	}
	if _, ok := m.obj.(*ByteArray); !ok {
		return Errorf(TypeError, "cannot modify read-only memory")
	}
	switch v.(type) {
	case starlark.Int, starlark.Bool:
	default:
		return Errorf(TypeError, "memoryview: invalid type for format 'B'")
	}
	c, err := byteValue(v)
	if err != nil {
		return Errorf(ValueError, "memoryview: invalid value for format 'B'")
	}
	m.data()[m.start+i*m.step] = c
	return nil
}

// getItem is m[y]: index errors worded as CPython's memoryview words them.
func (m *MemoryView) getItem(y starlark.Value) (starlark.Value, error) {
	if m.released {
		return nil, errReleased()
	}
	if s, ok := y.(*Slice); ok {
		return sliceItems(m, s)
	}
	switch y.(type) {
	case starlark.Int, starlark.Bool:
	default:
		return nil, Errorf(TypeError, "memoryview: invalid slice key")
	}
	i, err := index(y, m.Len(), "index out of bounds on dimension 1", "memoryview")
	if err != nil {
		return nil, err
	}
	return m.Index(i), nil
}

func (m *MemoryView) Iterate() starlark.Iterator {
	return &listIter{items: bytesToInts(m.tobytes())}
}

func bytesToInts(b []byte) []starlark.Value {
	out := make([]starlark.Value, len(b))
	for i, c := range b {
		out[i] = starlark.MakeInt(int(c))
	}
	return out
}

type listIter struct {
	items []starlark.Value
	i     int
}

func (it *listIter) Next(p *starlark.Value) bool {
	if it.i >= len(it.items) {
		return false
	}
	*p = it.items[it.i]
	it.i++
	return true
}

func (it *listIter) Done() {}

func (m *MemoryView) String() string { return m.PyRepr() }
func (m *MemoryView) PyRepr() string {
	if m.released {
		return fmt.Sprintf("<released memory at %#x>", uintptr(unsafe.Pointer(m)))
	}
	return fmt.Sprintf("<memory at %#x>", uintptr(unsafe.Pointer(m)))
}
func (m *MemoryView) Type() string         { return "memoryview" }
func (m *MemoryView) Freeze()              {}
func (m *MemoryView) Truth() starlark.Bool { return true }
func (m *MemoryView) PyClass() *Class      { return MemoryViewType }

// Hash is the hash of the bytes of a read-only view, as in CPython.
func (m *MemoryView) Hash() (uint32, error) {
	if m.released {
		return 0, Errorf(ValueError, "cannot hash released memoryview object")
	}
	if _, ok := m.obj.(*ByteArray); ok {
		return 0, Errorf(ValueError, "cannot hash writable memoryview object")
	}
	return starlark.Bytes(m.tobytes()).Hash()
}

// CompareSameType: views are equal when their bytes are; they have no order.
func (m *MemoryView) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	switch op {
	case syntax.EQL, syntax.NEQ:
		return compareStrings(op, m.PyBytes(), y.(*MemoryView).PyBytes()), nil
	}
	return false, Errorf(TypeError, "'%s' not supported between instances of 'memoryview' and 'memoryview'", op)
}

// CloseFor releases the view at the end of a with statement.
func (m *MemoryView) CloseFor(*starlark.Thread) error {
	m.released = true
	return nil
}

func (m *MemoryView) AttrNames() []string {
	return []string{"format", "hex", "itemsize", "nbytes", "ndim", "obj", "readonly", "release", "shape", "tobytes", "tolist"}
}

func (m *MemoryView) Attr(name string) (starlark.Value, error) {
	if m.released && name != "release" {
		return nil, errReleased()
	}
	method := func(fn func() (starlark.Value, error)) (starlark.Value, error) {
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if name != "hex" {
				if err := starlark.UnpackPositionalArgs("memoryview."+name, args, kwargs, 0); err != nil {
					return nil, err
				}
			}
			if m.released && name != "release" {
				return nil, errReleased()
			}
			if name == "hex" {
				return bytesHex(textBytes, name, m.PyBytes(), args, kwargs)
			}
			return fn()
		}).BindReceiver(m), nil
	}
	switch name {
	case "tobytes":
		return method(func() (starlark.Value, error) { return starlark.Bytes(m.tobytes()), nil })
	case "tolist":
		return method(func() (starlark.Value, error) { return starlark.NewList(bytesToInts(m.tobytes())), nil })
	case "hex":
		return method(nil)
	case "release":
		return method(func() (starlark.Value, error) { m.released = true; return starlark.None, nil })
	case "nbytes":
		return starlark.MakeInt(m.Len()), nil
	case "readonly":
		_, writable := m.obj.(*ByteArray)
		return starlark.Bool(!writable), nil
	case "format":
		return starlark.String("B"), nil
	case "itemsize", "ndim":
		return starlark.MakeInt(1), nil
	case "shape":
		return starlark.Tuple{starlark.MakeInt(m.Len())}, nil
	case "obj":
		return m.obj, nil
	}
	return nil, nil
}

// WritableBytes is the memory a read-write bytes-like object lends to a
// call that fills it in place (socket.recv_into): a bytearray's, or a
// contiguous view's of one; ok is false for anything else (bytes, a
// view of bytes, a strided or released view). The slice is good only
// until the script next runs: the bytearray may be resized then.
func WritableBytes(v starlark.Value) (b []byte, ok bool) {
	switch o := v.(type) {
	case *ByteArray:
		return o.b, true
	case *MemoryView:
		ba, isBA := o.obj.(*ByteArray)
		if !isBA || o.released || o.step != 1 {
			return nil, false
		}
		n := o.Len()
		if n == 0 {
			return nil, true
		}
		return ba.b[o.start : o.start+n], true
	}
	return nil, false
}
