package minijson

import (
	"encoding/base64"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Marshal writes v as json.Marshal writes it, for the kinds the
// playground's messages are made of: structs (their json tags, omitempty),
// pointers, strings, bools, integers, floats, slices ([]byte as base64)
// and maps with string keys; a value with a MarshalJSON method writes
// itself. It follows the structs' fields as they change, as encoding/json
// does, with none of its caches and code.
func Marshal(v any) []byte {
	return appendValue(nil, reflect.ValueOf(v))
}

type marshaler interface{ MarshalJSON() ([]byte, error) }

func appendValue(b []byte, v reflect.Value) []byte {
	if !v.IsValid() {
		return append(b, "null"...)
	}
	if v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface && v.CanInterface() {
		if m, ok := v.Interface().(marshaler); ok {
			if out, err := m.MarshalJSON(); err == nil {
				return append(b, out...)
			}
			return append(b, "null"...)
		}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(b, "null"...)
		}
		return appendValue(b, v.Elem())
	case reflect.String:
		return AppendString(b, v.String(), true)
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.AppendUint(b, v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return AppendFloat(b, v.Float())
	case reflect.Slice:
		if v.IsNil() {
			return append(b, "null"...)
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			b = append(b, '"')
			b = base64.StdEncoding.AppendEncode(b, v.Bytes())
			return append(b, '"')
		}
		fallthrough
	case reflect.Array:
		b = append(b, '[')
		for i := range v.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendValue(b, v.Index(i))
		}
		return append(b, ']')
	case reflect.Map:
		if v.IsNil() {
			return append(b, "null"...)
		}
		if v.Type().Key() != reflect.TypeFor[string]() {
			return append(b, "null"...) // no such map in sockstar's messages
		}
		keys := make([]string, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			keys = append(keys, it.Key().String())
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendString(b, k, true)
			b = append(b, ':')
			b = appendValue(b, v.MapIndex(reflect.ValueOf(k)))
		}
		return append(b, '}')
	case reflect.Struct:
		b = append(b, '{')
		n := 0
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, omit, ok := fieldName(f)
			if !ok || omit && empty(v.Field(i)) {
				continue
			}
			if n > 0 {
				b = append(b, ',')
			}
			n++
			b = AppendString(b, name, true)
			b = append(b, ':')
			b = appendValue(b, v.Field(i))
		}
		return append(b, '}')
	}
	return append(b, "null"...) // no such field in sockstar's messages
}

// fieldName is a struct field's JSON name and whether it is omitempty;
// ok is false for a field JSON leaves out.
func fieldName(f reflect.StructField) (name string, omit, ok bool) {
	if !f.IsExported() {
		return "", false, false
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false, false
	}
	name, opts, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		omit = omit || o == "omitempty"
	}
	return name, omit, true
}

// empty is omitempty's test.
func empty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

// Unmarshal reads data into the value v points to as json.Unmarshal does,
// for the kinds Marshal writes: an object's members go to the fields their
// names match (exactly, else in any case), unknown members are ignored and
// null leaves a value as it is.
func Unmarshal(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errors.New("json: Unmarshal(non-pointer)")
	}
	tree, err := Parse(data)
	if err != nil {
		return err
	}
	return assign(rv.Elem(), tree, rv.Elem().Type().String())
}

func assign(dst reflect.Value, src any, where string) error {
	if src == nil {
		return nil
	}
	mismatch := func() error {
		return errors.New("json: cannot unmarshal " + kind(src) + " into Go value of type " + dst.Type().String() + " (" + where + ")")
	}
	switch dst.Kind() {
	case reflect.Pointer:
		if dst.IsNil() {
			dst.Set(reflect.New(dst.Type().Elem()))
		}
		return assign(dst.Elem(), src, where)
	case reflect.String:
		s, ok := src.(string)
		if !ok {
			return mismatch()
		}
		dst.SetString(s)
	case reflect.Bool:
		x, ok := src.(bool)
		if !ok {
			return mismatch()
		}
		dst.SetBool(x)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := src.(Number)
		if !ok {
			return mismatch()
		}
		x, err := strconv.ParseInt(string(n), 10, dst.Type().Bits())
		if err != nil {
			return mismatch()
		}
		dst.SetInt(x)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, ok := src.(Number)
		if !ok {
			return mismatch()
		}
		x, err := strconv.ParseUint(string(n), 10, dst.Type().Bits())
		if err != nil {
			return mismatch()
		}
		dst.SetUint(x)
	case reflect.Float32, reflect.Float64:
		n, ok := src.(Number)
		if !ok {
			return mismatch()
		}
		x, err := strconv.ParseFloat(string(n), dst.Type().Bits())
		if err != nil {
			return mismatch()
		}
		dst.SetFloat(x)
	case reflect.Slice:
		a, ok := src.([]any)
		if !ok {
			return mismatch()
		}
		s := reflect.MakeSlice(dst.Type(), len(a), len(a))
		for i, e := range a {
			if err := assign(s.Index(i), e, where); err != nil {
				return err
			}
		}
		dst.Set(s)
	case reflect.Map:
		m, ok := src.(map[string]any)
		if !ok || dst.Type().Key() != reflect.TypeFor[string]() {
			return mismatch()
		}
		if dst.IsNil() {
			dst.Set(reflect.MakeMapWithSize(dst.Type(), len(m)))
		}
		for k, e := range m {
			ev := reflect.New(dst.Type().Elem()).Elem()
			if err := assign(ev, e, where); err != nil {
				return err
			}
			dst.SetMapIndex(reflect.ValueOf(k), ev)
		}
	case reflect.Struct:
		m, ok := src.(map[string]any)
		if !ok {
			return mismatch()
		}
		t := dst.Type()
		for k, e := range m {
			match := -1
			for i := range t.NumField() {
				name, _, ok := fieldName(t.Field(i))
				if ok && name == k {
					match = i
					break
				}
				if ok && match < 0 && strings.EqualFold(name, k) {
					match = i
				}
			}
			if match < 0 {
				continue
			}
			if err := assign(dst.Field(match), e, t.Name()+"."+k); err != nil {
				return err
			}
		}
	default:
		return mismatch()
	}
	return nil
}

// kind is how encoding/json names a JSON value in its errors.
func kind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case Number:
		return "number"
	case bool:
		return "bool"
	}
	return "null"
}
