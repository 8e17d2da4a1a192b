// Package stdlib gathers the modules a script can import.
package stdlib

import (
	"sockstar/runtime/py"
	"sockstar/stdlib/argparse"
	"sockstar/stdlib/assert"
	"sockstar/stdlib/concurrent"
	"sockstar/stdlib/errno"
	"sockstar/stdlib/logging"
	pyos "sockstar/stdlib/os"
	"sockstar/stdlib/pystruct"
	"sockstar/stdlib/queue"
	pyselect "sockstar/stdlib/select"
	"sockstar/stdlib/selectors"
	"sockstar/stdlib/socket"
	"sockstar/stdlib/sys"
	"sockstar/stdlib/threading"
	pytime "sockstar/stdlib/time"
	"sockstar/stdlib/traceback"
)

// Modules returns every importable module, by name.
func Modules() map[string]*py.Module {
	mods := []*py.Module{
		argparse.Module,
		assert.Module,
		concurrent.Module,
		concurrent.Futures,
		errno.Module,
		logging.Module,
		pyos.Module,
		pystruct.Module,
		pyselect.Module,
		selectors.Module,
		queue.Module,
		socket.Module,
		sys.Module,
		threading.Module,
		threading.ThreadModule,
		pytime.Module,
		traceback.Module,
	}
	out := make(map[string]*py.Module, len(mods))
	for _, m := range mods {
		out[m.Name] = m
	}
	return out
}
