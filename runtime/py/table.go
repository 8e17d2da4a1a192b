package py

import "sync"

// Table is a map built on first use: a package-level Table costs package
// init nothing, where a package-level map literal is built at every start.
type Table[K comparable, V any] struct {
	Build func() map[K]V
	once  sync.Once
	m     map[K]V
}

// Map is the table, built the first time it is asked for; it must not be
// changed.
func (t *Table[K, V]) Map() map[K]V {
	t.once.Do(func() { t.m = t.Build() })
	return t.m
}
