package pyos

import (
	"os"
	"strings"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/hostfs"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
)

// Directories and descriptors: os.mkdir, makedirs, rmdir, listdir, rename,
// replace, and the descriptors a script holds as numbers (os.open,
// tempfile.mkstemp) with os.read, os.write, os.close and os.fdopen.

// fsPath reads a path argument of a system call as CPython's path_converter
// does: str or bytes, without a NUL; kinds names what else it would take.
func fsPath(fn, param string, v starlark.Value, kinds string) (string, bool, error) {
	s, isBytes, ok := pathArg(v)
	if !ok {
		return "", false, py.Errorf(py.TypeError, "%s: %s should be %s, not %s", fn, param, kinds, py.TypeOf(v).Name())
	}
	if strings.IndexByte(s, 0) >= 0 {
		if isBytes {
			return "", false, py.Errorf(py.ValueError, "%s: embedded null character in %s", fn, param)
		}
		return "", false, py.Errorf(py.ValueError, "embedded null byte")
	}
	return s, isBytes, nil
}

const pathKinds = "string, bytes or os.PathLike"

// osError is the OSError of a failed call on the path the script named.
func osError(err error, filename starlark.Value) error {
	errno, ok := linux.ErrnoOf(err)
	if !ok {
		return err
	}
	exc := py.FromErrno(errno)
	exc.Filename = filename
	return exc
}

// intArg is an int argument where Python takes any __index__.
func intArg(v starlark.Value) (int64, error) {
	switch n := v.(type) {
	case starlark.Int:
		i, ok := n.Int64()
		if !ok {
			return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C int")
		}
		return i, nil
	case starlark.Bool:
		if n {
			return 1, nil
		}
		return 0, nil
	}
	return 0, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
}

func mkdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pathV starlark.Value
	var modeV starlark.Value = starlark.MakeInt(0o777)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "path", &pathV, "mode?", &modeV); err != nil {
		return nil, err
	}
	path, _, err := fsPath("mkdir", "path", pathV, pathKinds)
	if err != nil {
		return nil, err
	}
	mode, err := intArg(modeV)
	if err != nil {
		return nil, err
	}
	if path, err = host.Of(thread).FilePath(path, true, false); err != nil {
		return nil, osError(err, pathV)
	}
	return starlark.None, osError(hostfs.Mkdir(path, uint32(mode)), pathV)
}

// makedirs is os.makedirs(name, mode=0o777, exist_ok=False), step for
// step as os.py does it, so that its errors (and their frames) are the same.
func makedirs(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name starlark.Value
	var modeV starlark.Value = starlark.MakeInt(0o777)
	var existOK bool
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name", &name, "mode?", &modeV, "exist_ok?", &existOK); err != nil {
		return nil, err
	}
	return starlark.None, makedirsAt(host.Of(thread), name, modeV, existOK)
}

func makedirsAt(proc *host.Process, name, modeV starlark.Value, existOK bool) error {
	p, isBytes, ok := pathArg(name)
	if !ok {
		err := py.Errorf(py.TypeError, "expected str, bytes or os.PathLike object, not %s", py.TypeOf(name).Name())
		return inFrozen(err, frame{"os", "makedirs", 210}, frame{"posixpath", "split", 103})
	}
	head, tail := splitPath(p)
	if tail == "" {
		head, tail = splitPath(head)
	}
	if head != "" && tail != "" && !statOK(proc, head, false) {
		// The parents are made with the default mode, as os.py makes them.
		err := makedirsAt(proc, same(head, isBytes), starlark.MakeInt(0o777), existOK)
		if exc, ok := err.(*py.Exception); ok && !exc.Class.IsSubclass(py.FileExistsError) {
			return inFrozen(err, frame{"os", "makedirs", 215})
		}
		if tail == "." {
			return nil
		}
	}
	path, _, err := fsPath("mkdir", "path", name, pathKinds)
	if err == nil {
		var mode int64
		if mode, err = intArg(modeV); err == nil {
			var real string
			if real, err = proc.FilePath(path, true, false); err == nil {
				err = hostfs.Mkdir(real, uint32(mode))
			}
			err = osError(err, name)
		}
	}
	if exc, ok := err.(*py.Exception); ok && exc.Class.IsSubclass(py.OSError) && existOK && statOK(proc, path, true) {
		return nil
	}
	return inFrozen(err, frame{"os", "makedirs", 225})
}

// statOK is whether path exists (and, with dir, is a directory), as
// os.path.exists and isdir answer.
func statOK(p *host.Process, path string, dir bool) bool {
	if strings.IndexByte(path, 0) >= 0 {
		return false
	}
	path, err := p.FilePath(path, false, true)
	if err != nil {
		return false
	}
	st, err := hostfs.Stat(path)
	return err == nil && (!dir || st.IsDir())
}

func rmdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pathV starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "path", &pathV); err != nil {
		return nil, err
	}
	path, _, err := fsPath("rmdir", "path", pathV, pathKinds)
	if err != nil {
		return nil, err
	}
	if path, err = host.Of(thread).FilePath(path, true, false); err != nil {
		return nil, osError(err, pathV)
	}
	return starlark.None, osError(hostfs.Rmdir(path), pathV)
}

// listdir gives the names in the kernel's order, as CPython's readdir loop
// does (Go's os.ReadDir would sort them).
func listdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pathV starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "path?", &pathV); err != nil {
		return nil, err
	}
	path, isBytes := ".", false
	if pathV != starlark.None {
		if _, ok := pathV.(starlark.Int); ok {
			return nil, py.Errorf(py.OSError, "sockstar: os.listdir() of a file descriptor is not supported")
		}
		var err error
		if path, isBytes, err = fsPath("listdir", "path", pathV, "string, bytes, os.PathLike, integer or None"); err != nil {
			return nil, err
		}
	}
	filename := pathV
	if filename == starlark.None {
		filename = starlark.String(".")
	}
	path, err := host.Of(thread).FilePath(path, false, true)
	if err != nil {
		return nil, osError(err, filename)
	}
	dir, err := os.Open(path)
	if err != nil {
		return nil, osError(underlying(err), filename)
	}
	defer dir.Close()
	names, err := dir.Readdirnames(-1)
	if err != nil {
		return nil, osError(underlying(err), filename)
	}
	out := make([]starlark.Value, len(names))
	for i, n := range names {
		out[i] = same(n, isBytes)
	}
	return starlark.NewList(out), nil
}

// underlying is the errno inside an error of Go's os package.
func underlying(err error) error {
	switch e := err.(type) {
	case *os.PathError:
		return e.Err
	case *os.SyscallError:
		return e.Err
	}
	return err
}

// rename is os.rename and os.replace: rename(2), which replaces dst on Linux.
func rename(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var srcV, dstV starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "src", &srcV, "dst", &dstV); err != nil {
		return nil, err
	}
	src, srcBytes, err := fsPath(b.Name(), "src", srcV, pathKinds)
	if err != nil {
		return nil, err
	}
	dst, dstBytes, err := fsPath(b.Name(), "dst", dstV, pathKinds)
	if err != nil {
		return nil, err
	}
	if srcBytes != dstBytes {
		return nil, py.Errorf(py.TypeError, "%s: src and dst must be the same type", b.Name())
	}
	p := host.Of(thread)
	if src, err = p.FilePath(src, true, false); err == nil {
		dst, err = p.FilePath(dst, true, false)
	}
	if err == nil {
		err = hostfs.Rename(src, dst)
	}
	if err != nil {
		if errno, ok := linux.ErrnoOf(err); ok {
			exc := py.FromErrno(errno)
			exc.Filename, exc.Filename2 = srcV, dstV
			return nil, exc
		}
		return nil, err
	}
	return starlark.None, nil
}

// osOpen is os.open(path, flags, mode=0o777): a descriptor the script
// holds as a number, closed with the run if the script does not close it.
func osOpen(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pathV, flagsV starlark.Value
	var modeV starlark.Value = starlark.MakeInt(0o777)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "path", &pathV, "flags", &flagsV, "mode?", &modeV); err != nil {
		return nil, err
	}
	path, _, err := fsPath("open", "path", pathV, pathKinds)
	if err != nil {
		return nil, err
	}
	flags, err := intArg(flagsV)
	if err != nil {
		return nil, err
	}
	mode, err := intArg(modeV)
	if err != nil {
		return nil, err
	}
	p := host.Of(thread)
	write := flags&(linux.O_WRONLY|linux.O_RDWR|linux.O_CREAT|linux.O_TRUNC|linux.O_APPEND) != 0
	if path, err = p.FilePath(path, write, flags&linux.O_NOFOLLOW == 0); err != nil {
		return nil, osError(err, pathV)
	}
	var fd int
	for {
		// Close-on-exec, as every descriptor CPython opens is (PEP 446).
		fd, err = hostfs.Open(path, int(flags)|linux.O_CLOEXEC, uint32(mode))
		if err != linux.EINTR {
			break
		}
	}
	if err != nil {
		return nil, osError(err, pathV)
	}
	if err := py.AdoptFD(p, fd); err != nil {
		return nil, err
	}
	return starlark.MakeInt(fd), nil
}

func osClose(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fdV starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "fd", &fdV); err != nil {
		return nil, err
	}
	p := host.Of(thread)
	fd, err := py.OwnedFD(p, fdV)
	if err != nil {
		return nil, err
	}
	return starlark.None, py.CloseFD(p, fd)
}

func osRead(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fdV, nV starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &fdV, &nV); err != nil {
		return nil, err
	}
	if _, err := intArg(fdV); err != nil {
		return nil, err
	}
	n, err := intArg(nV)
	if err != nil {
		return nil, err
	}
	p := host.Of(thread)
	fd, err := py.OwnedFD(p, fdV)
	if err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, py.Errorf(py.ValueError, "negative count")
	}
	if n > 1<<30 {
		n = 1 << 30 // a larger read is cut short by the kernel anyway
	}
	buf := make([]byte, n)
	for {
		k, err := hostfs.Read(fd, buf)
		if err == linux.EINTR {
			continue
		}
		if err != nil {
			return nil, osError(err, nil)
		}
		return starlark.Bytes(buf[:k]), nil
	}
}

func osWrite(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fdV, dataV starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &fdV, &dataV); err != nil {
		return nil, err
	}
	if _, err := intArg(fdV); err != nil {
		return nil, err
	}
	data, err := py.AsBytes(dataV)
	if err != nil {
		return nil, err
	}
	p := host.Of(thread)
	fd, err := py.OwnedFD(p, fdV)
	if err != nil {
		return nil, err
	}
	for {
		k, err := hostfs.Write(fd, []byte(data))
		if err == linux.EINTR {
			continue
		}
		if err != nil {
			return nil, osError(err, nil)
		}
		return starlark.MakeInt(k), nil
	}
}

// fdopen is os.fdopen(fd, mode='r', buffering=-1, ...): open(fd, ...).
func fdopen(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		// fd by keyword: open() calls it file.
		rest := make([]starlark.Tuple, 0, len(kwargs))
		for _, kv := range kwargs {
			if kv[0] == starlark.String("fd") {
				args = starlark.Tuple{kv[1]}
			} else {
				rest = append(rest, kv)
			}
		}
		kwargs = rest
	}
	if len(args) == 0 {
		return nil, py.Errorf(py.TypeError, "fdopen() missing 1 required positional argument: 'fd'")
	}
	if _, ok := args[0].(starlark.Int); !ok {
		err := py.Errorf(py.TypeError, "invalid fd type (%s, expected integer)", py.TypeOf(args[0]).String())
		return nil, inFrozen(err, frame{"os", "fdopen", 1027})
	}
	if _, err := py.OwnedFD(host.Of(thread), args[0]); err != nil {
		return nil, inFrozen(err, frame{"os", "fdopen", 1031})
	}
	open, _ := py.Builtin("open")
	f, err := starlark.Call(thread, open, args, kwargs)
	return f, inFrozen(err, frame{"os", "fdopen", 1031})
}
