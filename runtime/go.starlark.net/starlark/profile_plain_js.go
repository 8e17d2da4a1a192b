package starlark

import "io"

// newProfileWriter writes the profile uncompressed in a browser, where the
// size of compress/flate in the module matters more (pprof reads both).
func newProfileWriter(w io.Writer) io.WriteCloser { return nopCloser{w} }

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
