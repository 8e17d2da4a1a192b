package pytime

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/py"
)

// fieldNames are struct_time's nine sequence fields, in order.
var fieldNames = [9]string{"tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst"}

// StructTimeClass is time.struct_time, a tuple subclass in Python.
var StructTimeClass = py.DeclareClass("time", "struct_time", &py.TupleType, newStructTime)

// StructTime is what gmtime and localtime return: a 9-tuple with names,
// plus tm_zone and tm_gmtoff (None when built from a plain sequence).
type StructTime struct {
	fields starlark.Tuple // always 9 values
	zone   starlark.Value
	gmtoff starlark.Value
}

var (
	_ starlark.Indexable  = (*StructTime)(nil)
	_ starlark.Sliceable  = (*StructTime)(nil)
	_ starlark.Iterable   = (*StructTime)(nil)
	_ starlark.HasAttrs   = (*StructTime)(nil)
	_ starlark.Comparable = (*StructTime)(nil)
)

func newStructTime(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var seq starlark.Value
	if err := starlark.UnpackPositionalArgs("struct_time", args, kwargs, 1, &seq); err != nil {
		return nil, err
	}
	var items []starlark.Value
	if s, ok := seq.(*StructTime); ok {
		items = append(items, s.fields...)
	} else {
		it, err := py.Iterable(seq)
		if err != nil {
			return nil, py.Errorf(py.TypeError, "constructor requires a sequence")
		}
		iter := it.(starlark.Iterable).Iterate()
		var x starlark.Value
		for iter.Next(&x) {
			items = append(items, x)
		}
		iter.Done()
	}
	if len(items) < 9 {
		return nil, py.Errorf(py.TypeError, "time.struct_time() takes an at least 9-sequence (%d-sequence given)", len(items))
	}
	if len(items) > 11 {
		return nil, py.Errorf(py.TypeError, "time.struct_time() takes an at most 11-sequence (%d-sequence given)", len(items))
	}
	st := &StructTime{fields: starlark.Tuple(items[:9]), zone: starlark.None, gmtoff: starlark.None}
	if len(items) > 9 {
		st.zone = items[9]
	}
	if len(items) > 10 {
		st.gmtoff = items[10]
	}
	return st, nil
}

// makeStructTime builds a struct_time from C-style fields.
func makeStructTime(t tm) *StructTime {
	return &StructTime{
		fields: starlark.Tuple{
			starlark.MakeInt(t.year), starlark.MakeInt(t.mon + 1), starlark.MakeInt(t.mday),
			starlark.MakeInt(t.hour), starlark.MakeInt(t.min), starlark.MakeInt(t.sec),
			starlark.MakeInt((t.wday + 6) % 7), starlark.MakeInt(t.yday + 1), starlark.MakeInt(t.isdst),
		},
		zone:   starlark.String(t.zone),
		gmtoff: starlark.MakeInt(t.gmtoff),
	}
}

func (s *StructTime) String() string {
	var b strings.Builder
	b.WriteString("time.struct_time(")
	for i, name := range fieldNames {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%s", name, py.Repr(s.fields[i]))
	}
	b.WriteString(")")
	return b.String()
}

func (s *StructTime) PyRepr() string        { return s.String() }
func (s *StructTime) Type() string          { return "struct_time" }
func (s *StructTime) Freeze()               { s.fields.Freeze() }
func (s *StructTime) Truth() starlark.Bool  { return true }
func (s *StructTime) Hash() (uint32, error) { return s.fields.Hash() }
func (s *StructTime) PyClass() *py.Class    { return StructTimeClass }
func (s *StructTime) Len() int              { return len(s.fields) }
func (s *StructTime) Index(i int) starlark.Value {
	return s.fields[i]
}
func (s *StructTime) Slice(start, end, step int) starlark.Value {
	return s.fields.Slice(start, end, step)
}
func (s *StructTime) Iterate() starlark.Iterator { return s.fields.Iterate() }

func (s *StructTime) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, s.fields, y.(*StructTime).fields, depth)
}

func (s *StructTime) Attr(name string) (starlark.Value, error) {
	for i, n := range fieldNames {
		if n == name {
			return s.fields[i], nil
		}
	}
	switch name {
	case "tm_zone":
		return s.zone, nil
	case "tm_gmtoff":
		return s.gmtoff, nil
	case "n_fields":
		return starlark.MakeInt(11), nil
	case "n_sequence_fields":
		return starlark.MakeInt(9), nil
	case "n_unnamed_fields":
		return starlark.MakeInt(0), nil
	}
	return nil, py.Errorf(py.AttributeError, "'time.struct_time' object has no attribute '%s'", name)
}

func (s *StructTime) AttrNames() []string {
	return append(fieldNames[:], "n_fields", "n_sequence_fields", "n_unnamed_fields", "tm_gmtoff", "tm_zone")
}
