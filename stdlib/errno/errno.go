// Package errno is Python's errno module with Linux's values.
//
//	errno.EPERM, errno.ENOENT, ... errno.ECONNREFUSED, ...   every E* name CPython has, as int
//	errno.errorcode                                        dict: int -> name (EAGAIN for 11, as CPython)
package errno

//go:generate sh -c "python3 gen.py > errno_table.go && gofmt -w errno_table.go"

import (
	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// Module is the errno module.
var Module = &py.Module{
	Name:         "errno",
	Build:        members,
	DynamicNames: []string{"errorcode"},
	// errorcode is a mutable dict, so each run gets its own.
	PerRun: func(*host.Process) starlark.StringDict {
		return starlark.StringDict{"errorcode": errorcode()}
	},
}

type nameValue struct {
	name  string
	value int
}

func members() starlark.StringDict {
	d := make(starlark.StringDict, len(names))
	for _, n := range names {
		d[n.name] = starlark.MakeInt(n.value)
	}
	return d
}

func errorcode() *starlark.Dict {
	d := starlark.NewDict(len(codes))
	for _, c := range codes {
		d.SetKey(starlark.MakeInt(c.value), starlark.String(c.name))
	}
	return d
}
