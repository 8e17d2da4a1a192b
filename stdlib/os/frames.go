package pyos

import (
	"sockstar/runtime/py"
)

// CPython's os and os.path are Python modules, frozen into the
// interpreter: an error raised inside them shows their frames under the
// script's, as `File "<frozen os>", line 225, in makedirs`, with no source
// line. These give sockstar's errors the same frames (CPython 3.11's lines).

// frame is one such frame.
type frame struct {
	file string // "os", "posixpath", "genericpath"
	name string
	line int32
}

// inFrozen puts the frames, outermost first, under the script's on err
// when it is an exception raised here.
func inFrozen(err error, frames ...frame) error {
	exc, ok := err.(*py.Exception)
	if !ok || err == nil {
		return err
	}
	tb := make([]py.Frame, 0, len(frames)+len(exc.TB))
	for _, f := range frames {
		tb = append(tb, py.Frame{Name: f.name, File: "<frozen " + f.file + ">", Line: f.line})
	}
	exc.TB = append(tb, exc.TB...)
	return exc
}
