// Package stdlib gathers the modules a script can import.
package stdlib

import (
	"sockstar/runtime/py"
	"sockstar/stdlib/argparse"
	"sockstar/stdlib/assert"
	"sockstar/stdlib/binascii"
	"sockstar/stdlib/collections"
	"sockstar/stdlib/concurrent"
	"sockstar/stdlib/contextlib"
	"sockstar/stdlib/datetime"
	"sockstar/stdlib/enum"
	"sockstar/stdlib/errno"
	"sockstar/stdlib/functools"
	"sockstar/stdlib/hashlib"
	pyio "sockstar/stdlib/io"
	"sockstar/stdlib/itertools"
	"sockstar/stdlib/json"
	"sockstar/stdlib/logging"
	pyos "sockstar/stdlib/os"
	"sockstar/stdlib/pystring"
	"sockstar/stdlib/pystruct"
	"sockstar/stdlib/queue"
	"sockstar/stdlib/random"
	pyselect "sockstar/stdlib/select"
	"sockstar/stdlib/selectors"
	"sockstar/stdlib/signal"
	"sockstar/stdlib/socket"
	"sockstar/stdlib/socketserver"
	"sockstar/stdlib/sys"
	"sockstar/stdlib/tempfile"
	"sockstar/stdlib/threading"
	pytime "sockstar/stdlib/time"
	"sockstar/stdlib/traceback"
	pytypes "sockstar/stdlib/types"
)

// Modules returns every importable module, by name.
func Modules() map[string]*py.Module {
	mods := []*py.Module{
		argparse.Module,
		assert.Module,
		binascii.Module,
		collections.Module,
		datetime.Module,
		enum.Module,
		concurrent.Module,
		concurrent.Futures,
		contextlib.Module,
		errno.Module,
		functools.Module,
		hashlib.Module,
		pyio.Module,
		itertools.Module,
		json.Module,
		logging.Module,
		pyos.Module,
		pystring.Module,
		pystruct.Module,
		pyselect.Module,
		selectors.Module,
		queue.Module,
		random.Module,
		signal.Module,
		socket.Module,
		socketserver.Module,
		sys.Module,
		tempfile.Module,
		threading.Module,
		threading.ThreadModule,
		pytime.Module,
		traceback.Module,
		pytypes.Module,
	}
	out := make(map[string]*py.Module, len(mods))
	for _, m := range mods {
		out[m.Name] = m
	}
	return out
}
