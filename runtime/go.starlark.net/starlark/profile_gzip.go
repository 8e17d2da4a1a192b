//go:build !js

package starlark

import (
	"compress/gzip"
	"io"
)

// newProfileWriter compresses the profile, as pprof files usually are.
func newProfileWriter(w io.Writer) io.WriteCloser { return gzip.NewWriter(w) }
