package pyos

import (
	"strings"
	"syscall"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

func pathOrError(v starlark.Value) (string, bool, error) {
	s, isBytes, ok := pathArg(v)
	if !ok {
		return "", false, py.Errorf(py.TypeError, "expected str, bytes or os.PathLike object, not %s", py.TypeOf(v).Name())
	}
	return s, isBytes, nil
}

func onePath(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (string, bool, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return "", false, err
	}
	return pathOrError(v)
}

func exists(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	var st syscall.Stat_t
	if n, ok := v.(starlark.Int); ok {
		fd, ok := n.Int64()
		return starlark.Bool(ok && fd >= 0 && fd <= 1<<31-1 && syscall.Fstat(int(fd), &st) == nil), nil
	}
	path, _, ok := pathArg(v)
	if !ok {
		return nil, py.Errorf(py.TypeError, "stat: path should be string, bytes, os.PathLike or integer, not %s", py.TypeOf(v).Name())
	}
	if strings.IndexByte(path, 0) >= 0 {
		return starlark.False, nil
	}
	return starlark.Bool(syscall.Stat(path, &st) == nil), nil
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
	p, isBytes, err := onePath(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	_, tail := splitPath(p)
	return same(tail, isBytes), nil
}

func dirname(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, isBytes, err := onePath(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	head, _ := splitPath(p)
	return same(head, isBytes), nil
}

func split(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, isBytes, err := onePath(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	head, tail := splitPath(p)
	return starlark.Tuple{same(head, isBytes), same(tail, isBytes)}, nil
}

func splitext(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, isBytes, err := onePath(b, args, kwargs)
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
	p, _, err := onePath(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(strings.HasPrefix(p, "/")), nil
}
