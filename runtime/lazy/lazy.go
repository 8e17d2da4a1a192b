// Package lazy holds package-level values made on first use.
//
// Start-up time counts: every package-level variable whose value is not
// static data is set by an init function at every start of sockstar, which
// runs and brings in its pages of code and data whether or not the run ever
// uses the value. sync.OnceValue(f) is such a call; a Value literal is
// static data.
package lazy

import "sync"

// Value is the value Make returns, made by the first Get:
//
//	var table = lazy.Value[map[string]int]{Make: buildTable}
type Value[T any] struct {
	Make func() T
	once sync.Once
	v    T
}

// Get returns the value, making it on the first call; safe for concurrent use.
func (l *Value[T]) Get() T {
	l.once.Do(func() { l.v = l.Make() })
	return l.v
}
