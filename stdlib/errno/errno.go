// Package errno is Python's errno module with Linux's values.
//
//	errno.EPERM, errno.ENOENT, ... errno.ECONNREFUSED, ...   every E* name CPython has, as int
//	errno.errorcode                                        dict: int -> name (EAGAIN for 11, as CPython)
package errno

//go:generate sh -c "python3 gen.py > errno_table.go && gofmt -w errno_table.go"

import (
	"sort"

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

func members() starlark.StringDict {
	d := make(starlark.StringDict, len(names))
	for name, v := range names {
		d[name] = starlark.MakeInt(v)
	}
	return d
}

func errorcode() *starlark.Dict {
	values := make([]int, 0, len(codes))
	for v := range codes {
		values = append(values, v)
	}
	sort.Ints(values)
	d := starlark.NewDict(len(values))
	for _, v := range values {
		d.SetKey(starlark.MakeInt(v), starlark.String(codes[v]))
	}
	return d
}
