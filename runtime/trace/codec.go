package trace

import "encoding/binary"

// An event is kept as its fields in order: numbers as varints, strings and
// data as a length and their bytes. Only the recorder reads it back.

func (e *Event) strings() [17]*string {
	return [17]*string{&e.Role, &e.Host, &e.Thread, &e.Kind, &e.Call, &e.Args, &e.Result,
		&e.Exc, &e.Msg, &e.File, &e.Proto, &e.Local, &e.Peer, &e.KLocal, &e.KPeer, &e.TCPFlags, nil}
}

func (e *Event) ints() [8]*int64 {
	seq, errno, n, line, fd := int64(e.Seq), int64(e.Errno), int64(e.N), int64(e.Line), int64(e.FD)
	return [8]*int64{&seq, &e.T, &errno, &n, &line, &fd, &e.Dur, &e.TCPSeq}
}

// encodedSize bounds the bytes appendTo adds.
func (e *Event) encodedSize() int {
	n := 9*binary.MaxVarintLen64 + 1 + len(e.Data) + binary.MaxVarintLen64
	for _, p := range e.strings() {
		if p != nil {
			n += len(*p) + binary.MaxVarintLen64
		}
	}
	return n
}

func (e *Event) appendTo(b []byte) []byte {
	for _, p := range e.ints() {
		b = binary.AppendVarint(b, *p)
	}
	for _, p := range e.strings() {
		if p != nil {
			b = binary.AppendUvarint(b, uint64(len(*p)))
			b = append(b, *p...)
		}
	}
	if e.Data == nil {
		b = binary.AppendVarint(b, -1)
	} else {
		b = binary.AppendVarint(b, int64(len(e.Data)))
		b = append(b, e.Data...)
	}
	if e.Trunc {
		return append(b, 1)
	}
	return append(b, 0)
}

// decode reads an event from b and returns what follows it.
func (e *Event) decode(b []byte) []byte {
	var v [8]int64
	for i := range v {
		x, k := binary.Varint(b)
		v[i], b = x, b[k:]
	}
	e.Seq, e.T, e.Errno, e.N, e.Line, e.FD, e.Dur, e.TCPSeq = int(v[0]), v[1], int(v[2]), int(v[3]), int(v[4]), int(v[5]), v[6], v[7]
	for _, p := range e.strings() {
		if p != nil {
			n, k := binary.Uvarint(b)
			*p, b = string(b[k:k+int(n)]), b[k+int(n):]
		}
	}
	n, k := binary.Varint(b)
	b = b[k:]
	if n >= 0 {
		e.Data, b = append([]byte(nil), b[:n]...), b[n:]
	}
	e.Trunc, b = b[0] == 1, b[1:]
	return b
}
