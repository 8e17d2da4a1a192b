package trace

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// filled is an event with every field set, so that a field added to Event
// and not to appendJSON fails the test.
func filled(s string) Event {
	var e Event
	v := reflect.ValueOf(&e).Elem()
	for i := range v.NumField() {
		switch f := v.Field(i); f.Kind() {
		case reflect.String:
			f.SetString(s)
		case reflect.Int, reflect.Int64:
			f.SetInt(int64(i) - 100)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			f.SetBytes([]byte(s))
		default:
			panic("filled: add " + f.Kind().String())
		}
	}
	return e
}

// JSONLines writes what json.Encoder writes of each event, byte for byte:
// every field set and none, and strings that need each kind of escape.
func TestJSONLinesIsEncodingJSON(t *testing.T) {
	odd := "a\"b\\c\x00\x01\x1f\b\f\n\r\t<>&\u2028\u2029\x7f é 😀 \xff\xc3("
	events := []Event{
		{},
		{Seq: 1, T: 12, Role: "server", Thread: "MainThread", Kind: "call", Call: "recv"},
		{Seq: -3, T: -5, Role: odd, Host: odd, Thread: odd, Kind: odd, Call: odd, Args: odd, Result: odd,
			Exc: odd, Errno: 104, Msg: odd, N: 7, Data: []byte{0, 1, 2, 0xff, '<'}, Trunc: true, File: odd,
			Line: 9, FD: 3, Proto: "tcp", Local: odd, Peer: odd, KLocal: odd, KPeer: odd, Dur: 1 << 40,
			TCPSeq: -1, TCPFlags: "SYN, ACK"},
		{Data: []byte{}},
		filled(odd),
	}
	var got, want bytes.Buffer
	if err := JSONLines(&got, events); err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(&want)
	for _, e := range events {
		enc.Encode(e)
	}
	if got.String() != want.String() {
		t.Errorf("JSONLines wrote\n%s\nencoding/json writes\n%s", got.String(), want.String())
	}
	for _, s := range []string{odd, "", "plain", "<b>&</b>"} {
		b, _ := json.Marshal(s)
		var w bytes.Buffer
		e := json.NewEncoder(&w)
		e.SetEscapeHTML(false)
		e.Encode(s)
		if q := quoteStr(s); q+"\n" != w.String() {
			t.Errorf("quoteStr(%q) = %s, want %s (json.Marshal: %s)", s, q, w.String(), b)
		}
	}
}
