// Package tempfile is Python's tempfile module: temporary files and
// directories, named and made as CPython 3.11 makes them.
//
//	tempfile.gettempdir(), gettempdirb()    $TMPDIR, $TEMP, $TMP (of the run's
//	                                        os.environ), /tmp, /var/tmp, /usr/tmp,
//	                                        the working directory: the first
//	                                        one a file can be made in
//	tempfile.gettempprefix(), gettempprefixb(), template, TMP_MAX
//	tempfile.mkdtemp(suffix=None, prefix=None, dir=None)
//	tempfile.mkstemp(suffix=None, prefix=None, dir=None, text=False)
//	                                        (fd, absolute path); the fd is for
//	                                        os.write, os.read, os.close, os.fdopen
//	tempfile.TemporaryDirectory(suffix=None, prefix=None, dir=None,
//	        ignore_cleanup_errors=False)    .name, .cleanup(), with-statement
//	                                        (gives the name, removes the tree)
//	tempfile.NamedTemporaryFile(mode='w+b', buffering=-1, encoding=None,
//	        newline=None, suffix=None, prefix=None, dir=None, delete=True, *,
//	        errors=None)                    .name, .file, .delete, .close() (removes
//	                                        it when delete), with-statement, and
//	                                        every attribute of the file it wraps
//	tempfile.TemporaryFile(...)             an open() file with no name (O_TMPFILE)
//
// Names are "tmp" and 8 random characters of [a-z0-9_], made anew when
// one is taken. A TemporaryDirectory the script does not clean up, and a
// NamedTemporaryFile it does not close, are removed when the run ends, as
// CPython's finalizers remove them at exit; mkdtemp's and mkstemp's stay.
package tempfile

import (
	"math/rand/v2"
	"strings"
	"sync"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/hostfs"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
	pyos "sockstar/stdlib/os"
)

// Module is the tempfile module.
var Module = &py.Module{
	Name: "tempfile",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"gettempdir":         starlark.NewBuiltin("gettempdir", gettempdir),
			"gettempdirb":        starlark.NewBuiltin("gettempdirb", gettempdir),
			"gettempprefix":      starlark.NewBuiltin("gettempprefix", gettempprefix),
			"gettempprefixb":     starlark.NewBuiltin("gettempprefixb", gettempprefix),
			"mkdtemp":            starlark.NewBuiltin("mkdtemp", mkdtemp),
			"mkstemp":            starlark.NewBuiltin("mkstemp", mkstemp),
			"TemporaryDirectory": TemporaryDirectoryClass,
			"NamedTemporaryFile": starlark.NewBuiltin("NamedTemporaryFile", namedTemporaryFile),
			"TemporaryFile":      starlark.NewBuiltin("TemporaryFile", temporaryFile),
			"TMP_MAX":            starlark.MakeInt(tmpMax),
			"template":           starlark.String(template),
		}
	},
}

const (
	template = "tmp"
	// tmpMax is how many names are tried before giving up, as os.TMP_MAX on Linux.
	tmpMax = 238328
	// binFlags are the flags of a new temporary file: made here and now,
	// never through a symbolic link another user left.
	binFlags = linux.O_RDWR | linux.O_CREAT | linux.O_EXCL | linux.O_NOFOLLOW | linux.O_CLOEXEC
)

// randomName is one name of CPython's _RandomNameSequence: 8 characters.
func randomName() string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789_"
	var b [8]byte
	for i := range b {
		b[i] = chars[rand.IntN(len(chars))]
	}
	return string(b[:])
}

// state is the run's tempfile.tempdir, found on first use.
type state struct {
	mu  sync.Mutex
	dir string
}

func stateOf(p *host.Process) *state {
	return p.Once("tempfile:state", func() any { return &state{} }).(*state)
}

// tempDir is gettempdir(): found once per run, as CPython caches it in
// tempfile.tempdir; a failure is tried again on the next call.
func tempDir(p *host.Process) (string, error) {
	st := stateOf(p)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.dir != "" {
		return st.dir, nil
	}
	var candidates []string
	for _, env := range []string{"TMPDIR", "TEMP", "TMP"} {
		if v, ok := pyos.Getenv(p, env); ok && v != "" {
			candidates = append(candidates, v)
		}
	}
	candidates = append(candidates, "/tmp", "/var/tmp", "/usr/tmp")
	if cwd, err := p.Getwd(); err == nil {
		candidates = append(candidates, cwd)
	} else {
		candidates = append(candidates, ".")
	}
	for _, dir := range candidates {
		if dir != "." {
			abs, err := pyos.AbsPath(p, dir)
			if err != nil {
				return "", err
			}
			dir = abs
		}
		if usable(p, dir) {
			st.dir = dir
			return dir, nil
		}
	}
	list := make([]starlark.Value, len(candidates))
	for i, c := range candidates {
		list[i] = starlark.String(c)
	}
	return "", py.New(py.FileNotFoundError, starlark.MakeInt(int(linux.ENOENT)),
		starlark.String("No usable temporary directory found in "+py.Repr(starlark.NewList(list))))
}

// usable is whether a file can be made, written and removed in dir, tried
// under a few names in case some are taken.
func usable(p *host.Process, dir string) bool {
	for range 100 {
		name, err := p.FilePath(join(dir, randomName()), true, false)
		if err != nil {
			return false
		}
		fd, err := hostfs.Open(name, binFlags, 0o600)
		if err == linux.EEXIST {
			continue
		}
		if err != nil {
			return false
		}
		_, werr := hostfs.Write(fd, []byte("blat"))
		hostfs.Close(fd)
		hostfs.Unlink(name)
		return werr == nil
	}
	return false
}

// join is posixpath.join of two parts.
func join(dir, name string) string {
	switch {
	case strings.HasPrefix(name, "/"):
		return name
	case dir == "" || strings.HasSuffix(dir, "/"):
		return dir + name
	}
	return dir + "/" + name
}

func gettempdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	dir, err := tempDir(host.Of(thread))
	if err != nil {
		return nil, err
	}
	return typed(dir, b.Name() == "gettempdirb"), nil
}

func gettempprefix(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	return typed(template, b.Name() == "gettempprefixb"), nil
}

// typed is s as a str, or as bytes.
func typed(s string, isBytes bool) starlark.Value {
	if isBytes {
		return starlark.Bytes(s)
	}
	return starlark.String(s)
}

// params are prefix, suffix and dir as _sanitize_params leaves them: all
// str or all bytes, the defaults filled in.
type params struct {
	prefix, suffix, dir string
	isBytes             bool
}

func sanitize(p *host.Process, prefix, suffix, dir starlark.Value) (params, error) {
	var out params
	kind := 0 // 0 none yet, 1 str, 2 bytes
	for _, v := range []starlark.Value{prefix, suffix, dir} {
		if v == starlark.None {
			continue
		}
		k := 1
		if _, ok := v.(starlark.Bytes); ok {
			k = 2
		}
		if kind != 0 && kind != k {
			return out, py.Errorf(py.TypeError, "Can't mix bytes and non-bytes in path components.")
		}
		kind = k
	}
	out.isBytes = kind == 2
	text := func(v starlark.Value, dflt string, what string) (string, error) {
		switch v := v.(type) {
		case starlark.NoneType:
			return dflt, nil
		case starlark.String:
			return string(v), nil
		case starlark.Bytes:
			return string(v), nil
		}
		// What CPython's concatenation or join of the parts says.
		switch what {
		case "prefix":
			return "", py.Errorf(py.TypeError, "unsupported operand type(s) for +: '%s' and 'str'", py.TypeOf(v).Name())
		case "suffix":
			return "", py.Errorf(py.TypeError, "can only concatenate str (not \"%s\") to str", py.TypeOf(v).Name())
		}
		return "", py.Errorf(py.TypeError, "expected str, bytes or os.PathLike object, not %s", py.TypeOf(v).Name())
	}
	var err error
	if out.suffix, err = text(suffix, "", "suffix"); err != nil {
		return out, err
	}
	if out.prefix, err = text(prefix, template, "prefix"); err != nil {
		return out, err
	}
	if dir == starlark.None {
		out.dir, err = tempDir(p)
	} else {
		out.dir, err = text(dir, "", "dir")
	}
	return out, err
}

// pathError is the OSError of a call on path, named as the script's type.
func pathError(err error, path string, isBytes bool) error {
	errno, ok := linux.ErrnoOf(err)
	if !ok {
		return err
	}
	exc := py.FromErrno(errno)
	exc.Filename = typed(path, isBytes)
	return exc
}

func mkdtemp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var suffix, prefix, dir starlark.Value = starlark.None, starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "suffix?", &suffix, "prefix?", &prefix, "dir?", &dir); err != nil {
		return nil, err
	}
	name, isBytes, err := makeDir(host.Of(thread), suffix, prefix, dir)
	if err != nil {
		return nil, err
	}
	return typed(name, isBytes), nil
}

// makeDir is mkdtemp: a new directory only its user can enter, its path
// as dir and the name make it (not made absolute, as in CPython 3.11).
func makeDir(p *host.Process, suffix, prefix, dir starlark.Value) (string, bool, error) {
	ps, err := sanitize(p, prefix, suffix, dir)
	if err != nil {
		return "", false, err
	}
	if strings.IndexByte(ps.dir+ps.prefix+ps.suffix, 0) >= 0 {
		return "", false, py.Errorf(py.ValueError, "embedded null byte")
	}
	for range tmpMax {
		name := join(ps.dir, ps.prefix+randomName()+ps.suffix)
		real, err := p.FilePath(name, true, false)
		if err == nil {
			err = hostfs.Mkdir(real, 0o700)
		}
		if err == linux.EEXIST {
			continue
		}
		if err != nil {
			return "", false, pathError(err, name, ps.isBytes)
		}
		return name, ps.isBytes, nil
	}
	return "", false, py.New(py.FileExistsError, starlark.MakeInt(int(linux.EEXIST)), starlark.String("No usable temporary directory name found"))
}

// makeFile is _mkstemp_inner: a new file only its user can read, opened
// with flags, and its absolute path.
func makeFile(p *host.Process, ps params, flags int) (int, string, error) {
	dir, err := pyos.AbsPath(p, ps.dir)
	if err != nil {
		return -1, "", err
	}
	if strings.IndexByte(dir+ps.prefix+ps.suffix, 0) >= 0 {
		return -1, "", py.Errorf(py.ValueError, "embedded null byte")
	}
	for range tmpMax {
		name := join(dir, ps.prefix+randomName()+ps.suffix)
		real, err := p.FilePath(name, true, false)
		fd := -1
		if err == nil {
			fd, err = hostfs.Open(real, flags, 0o600)
		}
		if err == linux.EEXIST || err == linux.EINTR {
			continue
		}
		if err != nil {
			return -1, "", pathError(err, name, ps.isBytes)
		}
		return fd, name, nil
	}
	return -1, "", py.New(py.FileExistsError, starlark.MakeInt(int(linux.EEXIST)), starlark.String("No usable temporary file name found"))
}

func mkstemp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var suffix, prefix, dir starlark.Value = starlark.None, starlark.None, starlark.None
	var text bool
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "suffix?", &suffix, "prefix?", &prefix, "dir?", &dir, "text?", &text); err != nil {
		return nil, err
	}
	p := host.Of(thread)
	ps, err := sanitize(p, prefix, suffix, dir)
	if err != nil {
		return nil, err
	}
	// text changes nothing on POSIX: no O_BINARY to leave out.
	fd, name, err := makeFile(p, ps, binFlags)
	if err != nil {
		return nil, err
	}
	if err := py.AdoptFD(p, fd); err != nil {
		unlink(p, name)
		return nil, err
	}
	return starlark.Tuple{starlark.MakeInt(fd), typed(name, ps.isBytes)}, nil
}

// fileArgs are the arguments NamedTemporaryFile and TemporaryFile pass on to open().
type fileArgs struct {
	mode                                   starlark.Value
	buffering                              starlark.Value
	encoding, newline, suffix, prefix, dir starlark.Value
	errors                                 starlark.Value
	delete                                 bool
}

func unpackFileArgs(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, named bool) (fileArgs, error) {
	a := fileArgs{mode: starlark.String("w+b"), buffering: starlark.MakeInt(-1), encoding: starlark.None,
		newline: starlark.None, suffix: starlark.None, prefix: starlark.None, dir: starlark.None,
		errors: starlark.None, delete: true}
	// errors is keyword-only: it is never taken by position.
	var rest []starlark.Tuple
	for _, kv := range kwargs {
		if kv[0] == starlark.String("errors") {
			a.errors = kv[1]
		} else {
			rest = append(rest, kv)
		}
	}
	spec := []any{"mode?", &a.mode, "buffering?", &a.buffering, "encoding?", &a.encoding, "newline?", &a.newline,
		"suffix?", &a.suffix, "prefix?", &a.prefix, "dir?", &a.dir}
	if named {
		spec = append(spec, "delete?", &a.delete)
	}
	return a, starlark.UnpackArgs(b.Name(), args, rest, spec...)
}

// openFD is io.open(fd, mode, ...) of a descriptor just made; on an error
// the descriptor is closed.
func openFD(thread *starlark.Thread, fd int, a fileArgs) (*py.File, error) {
	p := host.Of(thread)
	if err := py.AdoptFD(p, fd); err != nil {
		return nil, err
	}
	open, _ := py.Builtin("open")
	v, err := starlark.Call(thread, open, starlark.Tuple{starlark.MakeInt(fd), a.mode}, []starlark.Tuple{
		{starlark.String("buffering"), a.buffering},
		{starlark.String("newline"), a.newline},
		{starlark.String("encoding"), a.encoding},
		{starlark.String("errors"), a.errors},
	})
	if err != nil {
		// Refused before open() took it (a bad mode): close it here.
		py.CloseFD(p, fd)
		return nil, err
	}
	return v.(*py.File), nil
}

func namedTemporaryFile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := unpackFileArgs(b, args, kwargs, true)
	if err != nil {
		return nil, err
	}
	if err := checkMode(a.mode); err != nil {
		return nil, err
	}
	p := host.Of(thread)
	ps, err := sanitize(p, a.prefix, a.suffix, a.dir)
	if err != nil {
		return nil, err
	}
	fd, name, err := makeFile(p, ps, binFlags)
	if err != nil {
		return nil, err
	}
	f, err := openFD(thread, fd, a)
	if err != nil {
		unlink(p, name)
		return nil, err
	}
	f.SetName(typed(name, ps.isBytes))
	w := &FileWrapper{file: f, name: typed(name, ps.isBytes), path: name, delete: a.delete, p: p}
	if !p.Track(w) {
		w.Close()
		return nil, p.Cause()
	}
	return w, nil
}

// checkMode refuses a mode that is not a str before any file is made, as
// CPython's open() does before it calls the opener that makes it.
func checkMode(mode starlark.Value) error {
	if _, ok := mode.(starlark.String); !ok {
		return py.Errorf(py.TypeError, "open() argument 'mode' must be str, not %s", py.TypeOf(mode).Name())
	}
	return nil
}

func temporaryFile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := unpackFileArgs(b, args, kwargs, false)
	if err != nil {
		return nil, err
	}
	if err := checkMode(a.mode); err != nil {
		return nil, err
	}
	p := host.Of(thread)
	ps, err := sanitize(p, a.prefix, a.suffix, a.dir)
	if err != nil {
		return nil, err
	}
	// A file with no name at all, where the file system allows it.
	fd := -1
	dir, err := p.FilePath(ps.dir, true, true)
	if err == nil {
		fd, err = hostfs.Open(dir, (binFlags|linux.O_TMPFILE)&^linux.O_CREAT, 0o600)
	}
	if err != nil {
		var name string
		if fd, name, err = makeFile(p, ps, binFlags); err != nil {
			return nil, err
		}
		if err := unlink(p, name); err != nil {
			hostfs.Close(fd)
			return nil, pathError(err, name, ps.isBytes)
		}
	}
	return openFD(thread, fd, a)
}

// unlink is unlink(2) of a file the script names, in its file view.
func unlink(p *host.Process, name string) error {
	real, err := p.FilePath(name, true, false)
	if err != nil {
		return err
	}
	return hostfs.Unlink(real)
}
