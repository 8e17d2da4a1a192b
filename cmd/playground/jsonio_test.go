package playground

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/minijson"
)

// The module (cmd/sockstar-wasm) reads requests and writes answers with
// minijson, to keep encoding/json out of it: they must be what
// encoding/json reads and writes.

const odd = "a\"b\\c\x00\x1f\b\f\n\r\t<>&\u2028\u2029 é 😀 \xff("

// fillAll sets every field of the value v points to, so a field added later
// is compared too.
func fillAll(v reflect.Value, n int) {
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillAll(v.Elem(), n)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillAll(v.Field(i), n+i)
			}
		}
	case reflect.String:
		v.SetString(odd[:n%len(odd)])
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(-n) << 40)
	case reflect.Uint64:
		v.SetUint(1<<64 - 1 - uint64(n))
	case reflect.Float64:
		v.SetFloat(float64(n) / 3)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		fillAll(s.Index(0), n)
		fillAll(s.Index(1), n+1)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for _, k := range []string{"b", odd, "a"} {
			e := reflect.New(v.Type().Elem()).Elem()
			fillAll(e, n+len(k))
			m.SetMapIndex(reflect.ValueOf(k), e)
		}
		v.Set(m)
	default:
		panic("fillAll: add " + v.Kind().String())
	}
}

func TestMessagesAsEncodingJSON(t *testing.T) {
	var full Response
	fillAll(reflect.ValueOf(&full).Elem(), 1)
	var event Event
	fillAll(reflect.ValueOf(&event).Elem(), 2)
	var req Request
	fillAll(reflect.ValueOf(&req).Elem(), 3)
	for _, v := range []any{&Response{}, &Response{Roles: []RoleOut{{}}, Trace: &TraceOuts{}, Names: []string{}},
		&full, Event{}, event, &req, Request{}} {
		want, err := json.Marshal(v)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(minijson.Marshal(v)), "%T", v)
	}

	// A request, as the page sends it, reads back as it was.
	text, err := json.Marshal(req)
	require.NoError(t, err)
	var got Request
	require.NoError(t, minijson.Unmarshal(text, &got))
	var want Request
	require.NoError(t, json.Unmarshal(text, &want))
	assert.Equal(t, want, got)
}

// Unmarshal reads what json.Unmarshal reads, and refuses what it refuses.
func TestRequestAsEncodingJSON(t *testing.T) {
	for _, text := range []string{
		`{}`, `null`, ` {"files": {"scenario.star": "x\n", "a.py": "\u00e9\ud83d\ude00\ud800x\\\/\"\b\f\t", "n": null}} `,
		`{"name": "w", "scenario": "s", "seed": 18446744073709551615, "links": ["a", null], "faults": [], "roles": {"r": "a.py"}, "other": [1, {"x": true}, false, -0.5e+3]}`,
		`{"Seed": 3, "FILES": {}, "seed": null}`,
		"{\"name\": \"\xff\xfe\"}",
	} {
		var want, got Request
		require.NoError(t, json.Unmarshal([]byte(text), &want), text)
		require.NoError(t, minijson.Unmarshal([]byte(text), &got), text)
		assert.Equal(t, want, got, text)
	}
	for _, text := range []string{
		``, `{`, `[]`, `"x"`, `{"seed": -1}`, `{"seed": 1.5}`, `{"seed": "1"}`, `{"files": []}`,
		`{"files": {"a": 1}}`, `{"links": "a"}`, `{"links": [1]}`, `{"name": 1}`, `{"a" 1}`, `{"a": 1,}`,
		`{"a": 01}`, `{"a": "\x01"}`, `{"a": "\q"}`, `{"a": "\u12"}`, `{} x`, `{"a": tru}`, `{"a": 1.}`, `{"a": 1e}`,
	} {
		var want, got Request
		require.Error(t, json.Unmarshal([]byte(text), &want), text)
		assert.Error(t, minijson.Unmarshal([]byte(text), &got), text)
	}
}
