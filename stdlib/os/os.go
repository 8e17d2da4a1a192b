// Package pyos is the part of Python's os module that socket tutorials use;
// nothing else of the machine is reachable from it.
//
//	os.remove(path), os.unlink(path)   FileNotFoundError etc. with errno and filename
//	os.mkdir(path, mode=0o777), os.makedirs(name, mode=0o777, exist_ok=False),
//	os.rmdir(path), os.listdir(path='.'), os.rename(src, dst), os.replace(src, dst)
//	os.open(path, flags, mode=0o777), os.read(fd, n), os.write(fd, data),
//	os.close(fd), os.fdopen(fd, ...), os.O_*: only on the descriptors os.open and
//	                                   tempfile.mkstemp gave the script
//	os.getpid(), os.getcwd()
//	os.environ                         the environment when the run started, dict-like
//	os.getenv(key, default=None)       reads os.environ
//	os.strerror(code)
//	os.fork()                          raises NotImplementedError: a run is one process
//	os.sep, os.linesep, os.name, os.curdir, os.pardir, os.pathsep
//	os.path.exists(path), os.path.join(a, *p), os.path.basename(p), os.path.dirname(p),
//	os.path.split(p), os.path.splitext(p), os.path.isabs(p), os.path.sep,
//	os.path.isdir(p), os.path.isfile(p), os.path.islink(p), os.path.getsize(p),
//	os.path.normpath(p), os.path.abspath(p)
//
// An error raised inside CPython's os or posixpath (makedirs, a wrong type
// given to os.path) shows their frozen modules' frames, as CPython's does.
package pyos

import (
	"os"
	"syscall"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/hostfs"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
)

// Path is os.path (posixpath).
var Path = &py.Module{
	Name: "posixpath",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"exists":   starlark.NewBuiltin("exists", exists),
			"join":     starlark.NewBuiltin("join", join),
			"basename": starlark.NewBuiltin("basename", basename),
			"dirname":  starlark.NewBuiltin("dirname", dirname),
			"split":    starlark.NewBuiltin("split", split),
			"splitext": starlark.NewBuiltin("splitext", splitext),
			"isabs":    starlark.NewBuiltin("isabs", isabs),
			"isdir":    starlark.NewBuiltin("isdir", isdir),
			"isfile":   starlark.NewBuiltin("isfile", isfile),
			"islink":   starlark.NewBuiltin("islink", islink),
			"getsize":  starlark.NewBuiltin("getsize", getsize),
			"normpath": starlark.NewBuiltin("normpath", normpath),
			"abspath":  starlark.NewBuiltin("abspath", abspath),
			"sep":      starlark.String("/"),
		}
	},
}

// Module is the os module.
var Module = &py.Module{
	Name:         "os",
	Build:        members,
	DynamicNames: []string{"environ"},
	PerRun: func(p *host.Process) starlark.StringDict {
		// Not through p.Once: PerRun already runs inside the module's Once.
		return starlark.StringDict{"environ": newEnviron(p)}
	},
}

// self is Module for the functions that read the run's instance of it. A
// reference to Module itself from them would make Module's initializer,
// whose Build reaches them, depend on Module (a cycle Go refuses); through
// an interface it does not, and Module stays static data, where setting
// Build in an init function would run at every start.
var self moduleOf = osModule{}

type moduleOf interface{ module() *py.Module }

type osModule struct{}

func (osModule) module() *py.Module { return Module }

func members() starlark.StringDict {
	return starlark.StringDict{
		"path":       Path,
		"remove":     starlark.NewBuiltin("remove", remove),
		"unlink":     starlark.NewBuiltin("unlink", remove),
		"mkdir":      starlark.NewBuiltin("mkdir", mkdir),
		"makedirs":   starlark.NewBuiltin("makedirs", makedirs),
		"rmdir":      starlark.NewBuiltin("rmdir", rmdir),
		"listdir":    starlark.NewBuiltin("listdir", listdir),
		"rename":     starlark.NewBuiltin("rename", rename),
		"replace":    starlark.NewBuiltin("replace", rename),
		"open":       starlark.NewBuiltin("open", osOpen),
		"close":      starlark.NewBuiltin("close", osClose),
		"read":       starlark.NewBuiltin("read", osRead),
		"write":      starlark.NewBuiltin("write", osWrite),
		"fdopen":     starlark.NewBuiltin("fdopen", fdopen),
		"O_RDONLY":   starlark.MakeInt(linux.O_RDONLY),
		"O_WRONLY":   starlark.MakeInt(linux.O_WRONLY),
		"O_RDWR":     starlark.MakeInt(linux.O_RDWR),
		"O_CREAT":    starlark.MakeInt(linux.O_CREAT),
		"O_EXCL":     starlark.MakeInt(linux.O_EXCL),
		"O_TRUNC":    starlark.MakeInt(linux.O_TRUNC),
		"O_APPEND":   starlark.MakeInt(linux.O_APPEND),
		"O_CLOEXEC":  starlark.MakeInt(linux.O_CLOEXEC),
		"O_NONBLOCK": starlark.MakeInt(linux.O_NONBLOCK),
		"getpid":     starlark.NewBuiltin("getpid", getpid),
		"getcwd":     starlark.NewBuiltin("getcwd", getcwd),
		"strerror":   starlark.NewBuiltin("strerror", strerror),
		"getenv":     starlark.NewBuiltin("getenv", getenv),
		"fork":       starlark.NewBuiltin("fork", fork),
		"sep":        starlark.String("/"),
		"linesep":    starlark.String("\n"),
		"name":       starlark.String("posix"),
		"curdir":     starlark.String("."),
		"pardir":     starlark.String(".."),
		"pathsep":    starlark.String(":"),
		"error":      py.OSError,
	}
}

// pathArg reads a str or bytes path; the text and whether it was bytes.
func pathArg(v starlark.Value) (string, bool, bool) {
	switch v := v.(type) {
	case starlark.String:
		return string(v), false, true
	case starlark.Bytes:
		return string(v), true, true
	}
	return "", false, false
}

// same wraps s in the type of the path it came from.
func same(s string, isBytes bool) starlark.Value {
	if isBytes {
		return starlark.Bytes(s)
	}
	return starlark.String(s)
}

func remove(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "path", &v); err != nil {
		return nil, err
	}
	path, _, err := fsPath(b.Name(), "path", v, pathKinds)
	if err != nil {
		return nil, err
	}
	if path, err = host.Of(thread).FilePath(path, true, false); err != nil {
		return nil, osError(err, v)
	}
	// unlink(2) itself, not os.Remove, which would also remove an empty directory.
	return starlark.None, osError(hostfs.Unlink(path), v)
}

func getpid(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.MakeInt(os.Getpid()), nil
}

func getcwd(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	dir, err := host.Of(thread).Getwd()
	if err != nil {
		return nil, osError(err, nil)
	}
	return starlark.String(dir), nil
}

func strerror(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var code int
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &code); err != nil {
		return nil, err
	}
	return starlark.String(py.Strerror(syscall.Errno(code))), nil
}

func getenv(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var key starlark.Value
	var dflt starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "key", &key, "default?", &dflt); err != nil {
		return nil, err
	}
	if _, ok := key.(starlark.String); !ok {
		return nil, py.Errorf(py.TypeError, "str expected, not %s", py.TypeOf(key).Name())
	}
	environ := self.module().Instance(host.Of(thread)).Members()["environ"].(*Environ)
	v, found, err := environ.d.Get(key)
	if err != nil || !found {
		return dflt, nil
	}
	return v, nil
}

// fork refuses: a run is one process among the others of its sockstar
// (a scenario's roles), whose sockets and threads a child could not share.
// NotImplementedError, not OSError: an `except OSError` around a fork is
// there for a transient failure (EAGAIN) and would carry on as if the
// server could serve; the script is to be ported to threads instead.
func fork(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("posix.fork", args, kwargs, 0); err != nil {
		return nil, err
	}
	return nil, py.Errorf(py.NotImplementedError, "os.fork() is not supported: a sockstar run is a single process; "+
		"serve each client in a thread instead (threading.Thread(target=handle, args=(conn,)).start(), or _thread.start_new_thread)")
}
