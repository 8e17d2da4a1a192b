package pyos

import (
	"strings"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/hostfs"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
)

func pathOrError(v starlark.Value) (string, bool, error) {
	s, isBytes, ok := pathArg(v)
	if !ok {
		return "", false, py.Errorf(py.TypeError, "expected str, bytes or os.PathLike object, not %s", py.TypeOf(v).Name())
	}
	return s, isBytes, nil
}

// onePath is the one path argument of a posixpath function; a wrong type
// is raised from the function's frame at line.
func onePath(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, line int32) (string, bool, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return "", false, err
	}
	s, isBytes, err := pathOrError(v)
	return s, isBytes, inFrozen(err, frame{"posixpath", b.Name(), line})
}

func exists(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	if n, ok := v.(starlark.Int); ok {
		fd, ok := n.Int64()
		if !ok || fd < 0 || fd > 1<<31-1 {
			return starlark.False, nil
		}
		_, err := hostfs.Fstat(int(fd))
		return starlark.Bool(err == nil), nil
	}
	path, _, ok := pathArg(v)
	if !ok {
		err := py.Errorf(py.TypeError, "stat: path should be string, bytes, os.PathLike or integer, not %s", py.TypeOf(v).Name())
		return nil, inFrozen(err, frame{"genericpath", "exists", 19})
	}
	if strings.IndexByte(path, 0) >= 0 {
		return starlark.False, nil
	}
	path, err := host.Of(thread).FilePath(path, false, true)
	if err != nil {
		return starlark.False, nil
	}
	_, err = hostfs.Stat(path)
	return starlark.Bool(err == nil), nil
}

func join(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, py.Errorf(py.TypeError, "join() got an unexpected keyword argument '%s'", kwargs[0][0])
	}
	if len(args) == 0 {
		return nil, py.Errorf(py.TypeError, "join() missing 1 required positional argument: 'a'")
	}
	var out string
	var wantBytes bool
	for i, a := range args {
		s, isBytes, ok := pathArg(a)
		if !ok && i == 0 {
			return nil, py.Errorf(py.TypeError, "expected str, bytes or os.PathLike object, not %s", py.TypeOf(a).Name())
		}
		if !ok {
			return nil, py.Errorf(py.TypeError, "join() argument must be str, bytes, or os.PathLike object, not '%s'", py.TypeOf(a).Name())
		}
		if i == 0 {
			wantBytes = isBytes
		} else if isBytes != wantBytes {
			return nil, py.Errorf(py.TypeError, "Can't mix strings and bytes in path components")
		}
		switch {
		case i == 0 || strings.HasPrefix(s, "/"):
			out = s
		case out == "" || strings.HasSuffix(out, "/"):
			out += s
		default:
			out += "/" + s
		}
	}
	return same(out, wantBytes), nil
}

// splitPath is posixpath.split: head keeps a leading run of slashes only.
func splitPath(p string) (head, tail string) {
	i := strings.LastIndexByte(p, '/') + 1
	head, tail = p[:i], p[i:]
	if trimmed := strings.TrimRight(head, "/"); trimmed != "" {
		head = trimmed
	}
	return head, tail
}

func basename(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, isBytes, err := onePath(b, args, kwargs, 142)
	if err != nil {
		return nil, err
	}
	_, tail := splitPath(p)
	return same(tail, isBytes), nil
}

func dirname(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, isBytes, err := onePath(b, args, kwargs, 152)
	if err != nil {
		return nil, err
	}
	head, _ := splitPath(p)
	return same(head, isBytes), nil
}

func split(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, isBytes, err := onePath(b, args, kwargs, 103)
	if err != nil {
		return nil, err
	}
	head, tail := splitPath(p)
	return starlark.Tuple{same(head, isBytes), same(tail, isBytes)}, nil
}

func splitext(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, isBytes, err := onePath(b, args, kwargs, 118)
	if err != nil {
		return nil, err
	}
	root, ext := p, ""
	sep := strings.LastIndexByte(p, '/')
	dot := strings.LastIndexByte(p, '.')
	if dot > sep {
		// A leading run of dots in the file name is not an extension.
		start := sep + 1
		for start < dot && p[start] == '.' {
			start++
		}
		if start < dot {
			root, ext = p[:dot], p[dot:]
		}
	}
	return starlark.Tuple{same(root, isBytes), same(ext, isBytes)}, nil
}

func isabs(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, _, err := onePath(b, args, kwargs, 62)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(strings.HasPrefix(p, "/")), nil
}

// stat is os.stat (or, with link, os.lstat) of a path or, for stat, a
// descriptor, as genericpath's functions call it.
func stat(p *host.Process, v starlark.Value, link bool) (hostfs.Info, error) {
	if n, ok := v.(starlark.Int); ok && !link {
		fd, ok := n.Int64()
		if !ok || fd < -1<<31 || fd > 1<<31-1 {
			return hostfs.Info{}, py.Errorf(py.OverflowError, "fd is greater than maximum")
		}
		st, err := hostfs.Fstat(int(fd))
		return st, osError(err, nil)
	}
	fn, kinds := "stat", "string, bytes, os.PathLike or integer"
	if link {
		fn, kinds = "lstat", pathKinds
	}
	path, _, err := fsPath(fn, "path", v, kinds)
	if err != nil {
		return hostfs.Info{}, err
	}
	if path, err = p.FilePath(path, false, !link); err != nil {
		return hostfs.Info{}, osError(err, v)
	}
	var st hostfs.Info
	if link {
		st, err = hostfs.Lstat(path)
	} else {
		st, err = hostfs.Stat(path)
	}
	return st, osError(err, v)
}

// statKind is isdir, isfile and islink: whether the path is of a kind;
// any OSError or ValueError of the stat is no, as genericpath has it.
func statKind(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, link bool, kind uint32, fr frame) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	st, err := stat(host.Of(thread), v, link)
	if exc, ok := err.(*py.Exception); ok {
		if exc.Class.IsSubclass(py.OSError) || exc.Class.IsSubclass(py.ValueError) {
			return starlark.False, nil
		}
		return nil, inFrozen(err, fr)
	}
	return starlark.Bool(st.Mode&linux.S_IFMT == kind), nil
}

func isdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return statKind(thread, b, args, kwargs, false, linux.S_IFDIR, frame{"genericpath", "isdir", 42})
}

func isfile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return statKind(thread, b, args, kwargs, false, linux.S_IFREG, frame{"genericpath", "isfile", 30})
}

func islink(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return statKind(thread, b, args, kwargs, true, linux.S_IFLNK, frame{"posixpath", "islink", 167})
}

func getsize(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	st, err := stat(host.Of(thread), v, false)
	if err != nil {
		return nil, inFrozen(err, frame{"genericpath", "getsize", 50})
	}
	return starlark.MakeInt64(st.Size), nil
}

// normPath is posixpath.normpath: . and empty parts dropped, .. taking
// the part before it, two leading slashes (not three) kept.
func normPath(p string) string {
	if p == "" {
		return "."
	}
	slashes := 0
	if strings.HasPrefix(p, "/") {
		slashes = 1
		if strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///") {
			slashes = 2
		}
	}
	var parts []string
	for _, c := range strings.Split(p, "/") {
		switch {
		case c == "" || c == ".":
		case c != ".." || (slashes == 0 && len(parts) == 0) || (len(parts) > 0 && parts[len(parts)-1] == ".."):
			parts = append(parts, c)
		case len(parts) > 0:
			parts = parts[:len(parts)-1]
		}
	}
	out := strings.Repeat("/", slashes) + strings.Join(parts, "/")
	if out == "" {
		return "."
	}
	return out
}

func normpath(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, isBytes, err := onePath(b, args, kwargs, 391)
	if err != nil {
		return nil, err
	}
	return same(normPath(p), isBytes), nil
}

func abspath(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, isBytes, err := onePath(b, args, kwargs, 399)
	if err != nil {
		return nil, err
	}
	abs, err := AbsPath(host.Of(thread), p)
	if err != nil {
		return nil, inFrozen(err, frame{"posixpath", "abspath", 401})
	}
	return same(abs, isBytes), nil
}

// AbsPath is os.path.abspath of a path that is not a bytes value.
func AbsPath(proc *host.Process, p string) (string, error) {
	if !strings.HasPrefix(p, "/") {
		cwd, err := proc.Getwd()
		if err != nil {
			return "", osError(err, nil)
		}
		if p == "" {
			p = cwd
		} else {
			p = strings.TrimSuffix(cwd, "/") + "/" + p
		}
	}
	return normPath(p), nil
}
