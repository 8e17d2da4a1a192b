package tempfile

import (
	"fmt"
	"os"
	"unsafe"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/hostfs"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
)

// TemporaryDirectoryClass is tempfile.TemporaryDirectory.
var TemporaryDirectoryClass = py.DeclareClass("tempfile", "TemporaryDirectory", &py.Object, newTempDir)

// fileWrapperClass is the class of what NamedTemporaryFile returns.
var fileWrapperClass = py.DeclareClass("tempfile", "_TemporaryFileWrapper", &py.Object, nil)

// TempDir is a TemporaryDirectory: removed, with all it holds, by
// cleanup(), the end of a with statement, or the end of the run.
type TempDir struct {
	name         starlark.Value
	path         string
	ignoreErrors bool
	p            *host.Process
	// detached is set once cleanup has run: the finalizer CPython detaches.
	detached bool
}

var (
	_ starlark.HasAttrs = (*TempDir)(nil)
	_ py.Typed          = (*TempDir)(nil)
	_ host.Resource     = (*TempDir)(nil)
)

func newTempDir(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var suffix, prefix, dir starlark.Value = starlark.None, starlark.None, starlark.None
	var ignore bool
	if err := starlark.UnpackArgs("TemporaryDirectory", args, kwargs, "suffix?", &suffix, "prefix?", &prefix, "dir?", &dir,
		"ignore_cleanup_errors?", &ignore); err != nil {
		return nil, err
	}
	p := host.Of(thread)
	path, isBytes, err := makeDir(p, suffix, prefix, dir)
	if err != nil {
		return nil, err
	}
	d := &TempDir{name: typed(path, isBytes), path: path, ignoreErrors: ignore, p: p}
	if !p.Track(d) {
		d.Close()
		return nil, p.Cause()
	}
	return d, nil
}

func (d *TempDir) String() string        { return fmt.Sprintf("<TemporaryDirectory %s>", py.Repr(d.name)) }
func (d *TempDir) Type() string          { return "TemporaryDirectory" }
func (d *TempDir) Freeze()               {}
func (d *TempDir) Truth() starlark.Bool  { return true }
func (d *TempDir) PyClass() *py.Class    { return TemporaryDirectoryClass }
func (d *TempDir) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(d)) >> 4), nil }

// Interrupt has nothing to wake.
func (d *TempDir) Interrupt() {}

// Close is the cleanup CPython's finalizer does at exit; its errors are
// ignored, as a finalizer's would be unseen (its ResourceWarning is
// filtered out by default too).
func (d *TempDir) Close() error {
	if !d.detached {
		d.detached = true
		removeTree(d.p, d.path)
	}
	return nil
}

// cleanup removes the tree, the first time or whenever it exists again.
func (d *TempDir) cleanup() error {
	if d.detached && !exists(d.p, d.path) {
		return nil
	}
	d.detached = true
	d.p.Untrack(d)
	err := removeTree(d.p, d.path)
	if err == nil || d.ignoreErrors {
		return nil
	}
	return err
}

func exists(p *host.Process, path string) bool {
	path, err := p.FilePath(path, false, true)
	if err != nil {
		return false
	}
	_, err = hostfs.Stat(path)
	return err == nil
}

// removeTree is TemporaryDirectory._rmtree: shutil.rmtree, where a part
// that is gone already is no error and one it may not remove is made
// writable and tried again.
func removeTree(p *host.Process, path string) error {
	real, err := p.FilePath(path, true, false)
	if err != nil {
		exc := py.FromErrno(linux.EACCES)
		exc.Filename = starlark.String(path)
		return exc
	}
	path = real
	err = os.RemoveAll(path)
	if err == nil {
		return nil
	}
	if errno, ok := linux.ErrnoOf(err); ok && (errno == linux.EACCES || errno == linux.EPERM) {
		chmodTree(path)
		err = os.RemoveAll(path)
	}
	if pe, ok := err.(*os.PathError); ok {
		if errno, ok := linux.ErrnoOf(pe.Err); ok {
			exc := py.FromErrno(errno)
			exc.Filename = starlark.String(pe.Path)
			return exc
		}
	}
	return err
}

// chmodTree makes every directory under path writable and searchable by
// its user, so that what it holds can be removed.
func chmodTree(path string) {
	if st, err := hostfs.Lstat(path); err != nil || !st.IsDir() {
		return
	}
	hostfs.Chmod(path, 0o700)
	dir, err := os.Open(path)
	if err != nil {
		return
	}
	names, _ := dir.Readdirnames(-1)
	dir.Close()
	for _, n := range names {
		chmodTree(path + "/" + n)
	}
}

func (d *TempDir) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return d.name, nil
	case "cleanup":
		return d.method("cleanup", 0, func() (starlark.Value, error) { return starlark.None, d.cleanup() }), nil
	case "__enter__":
		return d.method("__enter__", 0, func() (starlark.Value, error) { return d.name, nil }), nil
	case "__exit__":
		return d.method("__exit__", 3, func() (starlark.Value, error) { return starlark.None, d.cleanup() }), nil
	}
	return nil, nil
}

// method is d.name(...) taking n positional arguments.
func (d *TempDir) method(name string, n int, fn func() (starlark.Value, error)) starlark.Value {
	return starlark.NewBuiltin("TemporaryDirectory."+name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(kwargs) > 0 || len(args) != n {
			return nil, py.Errorf(py.TypeError, "%s() takes %d positional argument%s but %d were given", b.Name(), n+1, plural(n+1), len(args)+1)
		}
		return fn()
	}).BindReceiver(d)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (d *TempDir) AttrNames() []string { return []string{"cleanup", "name"} }

// FileWrapper is NamedTemporaryFile's _TemporaryFileWrapper: the file, its
// name, and its removal when it is closed.
type FileWrapper struct {
	file        *py.File
	name        starlark.Value
	path        string
	delete      bool
	p           *host.Process
	closeCalled bool
}

var (
	_ starlark.HasAttrs = (*FileWrapper)(nil)
	_ py.Typed          = (*FileWrapper)(nil)
	_ py.Closer         = (*FileWrapper)(nil)
	_ py.Stepper        = (*FileWrapper)(nil)
	_ host.Resource     = (*FileWrapper)(nil)
)

func (w *FileWrapper) String() string {
	return fmt.Sprintf("<tempfile._TemporaryFileWrapper object at %#x>", uintptr(unsafe.Pointer(w)))
}
func (w *FileWrapper) Type() string          { return "_TemporaryFileWrapper" }
func (w *FileWrapper) Freeze()               {}
func (w *FileWrapper) Truth() starlark.Bool  { return true }
func (w *FileWrapper) PyClass() *py.Class    { return fileWrapperClass }
func (w *FileWrapper) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(w)) >> 4), nil }

// Interrupt has nothing to wake.
func (w *FileWrapper) Interrupt() {}

// Close is the closer's __del__ at exit: close, and remove when delete.
func (w *FileWrapper) Close() error {
	w.close()
	return nil
}

// close is _TemporaryFileCloser.close: once; the file's error first, else
// the unlink's (a file the script removed itself is FileNotFoundError).
func (w *FileWrapper) close() error {
	if w.closeCalled {
		return nil
	}
	w.closeCalled = true
	w.p.Untrack(w)
	err := w.file.CloseFor(nil)
	if w.delete {
		if uerr := unlink(w.p, w.path); uerr != nil && err == nil {
			err = pathError(uerr, w.path, isBytes(w.name))
		}
	}
	return err
}

func isBytes(v starlark.Value) bool {
	_, ok := v.(starlark.Bytes)
	return ok
}

// CloseFor is the end of a with statement: the file's __exit__, then close.
func (w *FileWrapper) CloseFor(*starlark.Thread) error { return w.close() }

func (w *FileWrapper) Step(thread *starlark.Thread) (starlark.Value, bool, error) {
	return w.file.Step(thread)
}
func (w *FileWrapper) Iterate() starlark.Iterator { return w.file.Iterate() }
func (w *FileWrapper) TakeIterError() error       { return w.file.TakeIterError() }
func (w *FileWrapper) IterCheck() error           { return w.file.IterCheck() }

func (w *FileWrapper) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return w.name, nil
	case "file":
		return w.file, nil
	case "delete":
		return starlark.Bool(w.delete), nil
	case "close":
		return starlark.NewBuiltin("_TemporaryFileWrapper.close", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			return starlark.None, w.close()
		}).BindReceiver(w), nil
	}
	// The rest is the file's, as __getattr__ hands it on.
	v, err := w.file.Attr(name)
	if err != nil || v != nil {
		return v, err
	}
	return nil, py.Errorf(py.AttributeError, "'%s' object has no attribute '%s'", w.file.PyClass().QualName(), name)
}

func (w *FileWrapper) AttrNames() []string {
	return append([]string{"delete", "file"}, w.file.AttrNames()...)
}
