// Package functools is Python's functools module.
//
//	partial(func, /, *args, **keywords)     .func, .args, .keywords; nested
//	                                        partials flatten, as in CPython
//	reduce(function, iterable[, initial])
//	wraps(wrapped), update_wrapper(wrapper, wrapped)
//	                                        the wrapper takes the wrapped function's
//	                                        __module__, __name__, __qualname__,
//	                                        __doc__ and attributes, and __wrapped__
//	lru_cache(maxsize=128, typed=False), lru_cache(func), cache(func)
//	                                        cache_info() (a CacheInfo namedtuple),
//	                                        cache_clear(), cache_parameters()
//	cmp_to_key(func), total_ordering(cls)
//
// A wrapped or cached function is a value of its own that acts as the
// function: it can be called, it becomes a method in a class body, and it
// takes attributes (wrapper.calls = 0). CPython changes the wrapper
// function itself; Starlark's functions take no attributes.
package functools

import (
	"fmt"
	"strings"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/host"
	"sockstar/runtime/lazy"
	"sockstar/runtime/py"
	"sockstar/stdlib/collections"
)

// Module is the functools module.
var Module = &py.Module{
	Name: "functools",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"partial":        PartialClass,
			"reduce":         starlark.NewBuiltin("reduce", reduce),
			"wraps":          starlark.NewBuiltin("wraps", wraps),
			"update_wrapper": starlark.NewBuiltin("update_wrapper", updateWrapper),
			"lru_cache":      starlark.NewBuiltin("lru_cache", lruCache),
			"cache":          starlark.NewBuiltin("cache", cache),
			"cmp_to_key":     starlark.NewBuiltin("cmp_to_key", cmpToKey),
			"total_ordering": starlark.NewBuiltin("total_ordering", totalOrdering),
			"WRAPPER_ASSIGNMENTS": starlark.Tuple{starlark.String("__module__"), starlark.String("__name__"),
				starlark.String("__qualname__"), starlark.String("__doc__")},
			"WRAPPER_UPDATES": starlark.Tuple{starlark.String("__dict__")},
		}
	},
}

// PartialClass is functools.partial.
var PartialClass = py.DeclareClass("functools", "partial", &py.Object, newPartial)

// Partial is a functools.partial: func with some arguments given ahead.
type Partial struct {
	fn     starlark.Value
	args   starlark.Tuple
	kwargs []starlark.Tuple // in the order given, a later one replacing an earlier
}

var (
	_ starlark.Callable = (*Partial)(nil)
	_ starlark.HasAttrs = (*Partial)(nil)
	_ py.Typed          = (*Partial)(nil)
)

func newPartial(_ *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, py.Errorf(py.TypeError, "type 'partial' takes at least one argument")
	}
	if _, ok := args[0].(starlark.Callable); !ok {
		return nil, py.Errorf(py.TypeError, "the first argument must be callable")
	}
	p := &Partial{fn: args[0], args: append(starlark.Tuple{}, args[1:]...)}
	if inner, ok := args[0].(*Partial); ok {
		// partial(partial(f, 1), 2) is partial(f, 1, 2), as in CPython.
		p.fn = inner.fn
		p.args = append(append(starlark.Tuple{}, inner.args...), p.args...)
		p.kwargs = append(p.kwargs, inner.kwargs...)
	}
	p.kwargs = mergeKwargs(p.kwargs, kwargs)
	return p, nil
}

// mergeKwargs is base with over's values set on top, keys in first-seen order.
func mergeKwargs(base, over []starlark.Tuple) []starlark.Tuple {
	out := append([]starlark.Tuple{}, base...)
	for _, kv := range over {
		replaced := false
		for i, old := range out {
			if old[0] == kv[0] {
				out[i] = starlark.Tuple{kv[0], kv[1]}
				replaced = true
			}
		}
		if !replaced {
			out = append(out, starlark.Tuple{kv[0], kv[1]})
		}
	}
	return out
}

func (p *Partial) Name() string { return "partial" }
func (p *Partial) String() string {
	parts := []string{py.Repr(p.fn)}
	for _, a := range p.args {
		parts = append(parts, py.Repr(a))
	}
	for _, kv := range p.kwargs {
		parts = append(parts, string(kv[0].(starlark.String))+"="+py.Repr(kv[1]))
	}
	return "functools.partial(" + strings.Join(parts, ", ") + ")"
}
func (p *Partial) Type() string          { return "functools.partial" }
func (p *Partial) Freeze()               {}
func (p *Partial) Truth() starlark.Bool  { return true }
func (p *Partial) PyClass() *py.Class    { return PartialClass }
func (p *Partial) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(p)) >> 4), nil }

func (p *Partial) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	all := append(append(starlark.Tuple{}, p.args...), args...)
	return starlark.Call(thread, p.fn, all, mergeKwargs(p.kwargs, kwargs))
}

func (p *Partial) Attr(name string) (starlark.Value, error) {
	switch name {
	case "func":
		return p.fn, nil
	case "args":
		return p.args, nil
	case "keywords":
		d := starlark.NewDict(len(p.kwargs))
		for _, kv := range p.kwargs {
			d.SetKey(kv[0], kv[1])
		}
		return d, nil
	}
	return nil, nil
}

func (p *Partial) AttrNames() []string { return []string{"args", "func", "keywords"} }

func reduce(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, py.Errorf(py.TypeError, "reduce() takes no keyword arguments")
	}
	if len(args) < 2 || len(args) > 3 {
		bound := "at least 2 arguments"
		if len(args) > 3 {
			bound = "at most 3 arguments"
		}
		return nil, py.Errorf(py.TypeError, "reduce expected %s, got %d", bound, len(args))
	}
	fn := args[0]
	it, err := py.GetIter(thread, args[1])
	if err != nil {
		if py.AsException(err).Class == py.TypeError {
			return nil, py.Errorf(py.TypeError, "reduce() arg 2 must support iteration")
		}
		return nil, err
	}
	var acc starlark.Value
	if len(args) == 3 {
		acc = args[2]
	}
	for {
		v, ok, err := py.Next(thread, it)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if acc == nil {
			acc = v
			continue
		}
		if acc, err = starlark.Call(thread, fn, starlark.Tuple{acc, v}, nil); err != nil {
			return nil, err
		}
	}
	if acc == nil {
		return nil, py.Errorf(py.TypeError, "reduce() of empty iterable with no initial value")
	}
	return acc, nil
}

// Wrapper is a function that functools.wraps or update_wrapper has given
// another's name: it calls the wrapper function and carries the wrapped
// one's attributes.
type Wrapper struct {
	fn    starlark.Callable
	attrs *starlark.Dict // __module__, __name__, __qualname__, __doc__, __wrapped__ and the rest
}

var (
	_ py.FunctionLike      = (*Wrapper)(nil)
	_ starlark.HasAttrs    = (*Wrapper)(nil)
	_ starlark.HasSetField = (*Wrapper)(nil)
)

// assigned are the attributes update_wrapper copies, where the wrapped one has them.
var assigned = []string{"__module__", "__name__", "__qualname__", "__doc__"}

// copyAttrs gives attrs the wrapped callable's name, doc and attributes.
func copyAttrs(attrs *starlark.Dict, wrapped starlark.Value) {
	for _, name := range assigned {
		if v, err := py.GetAttr(wrapped, name); err == nil {
			attrs.SetKey(starlark.String(name), v)
		}
	}
	// Its __dict__: what a script set on a wrapper that is wrapped again.
	if w, ok := wrapped.(*Wrapper); ok {
		for _, kv := range w.attrs.Items() {
			if k := string(kv[0].(starlark.String)); !strings.HasPrefix(k, "__") {
				attrs.SetKey(kv[0], kv[1])
			}
		}
	}
	attrs.SetKey(starlark.String("__wrapped__"), wrapped)
}

func newWrapper(fn starlark.Callable, wrapped starlark.Value) *Wrapper {
	w := &Wrapper{fn: fn, attrs: starlark.NewDict(6)}
	copyAttrs(w.attrs, wrapped)
	return w
}

func (w *Wrapper) attr(name string) string {
	if v, found, _ := w.attrs.Get(starlark.String(name)); found {
		if s, ok := v.(starlark.String); ok {
			return string(s)
		}
	}
	return w.fn.Name()
}

func (w *Wrapper) PyFunction()  {}
func (w *Wrapper) Name() string { return w.attr("__name__") }
func (w *Wrapper) String() string {
	return fmt.Sprintf("<function %s at %#x>", w.attr("__qualname__"), uintptr(unsafe.Pointer(w)))
}
func (w *Wrapper) Type() string          { return "function" }
func (w *Wrapper) Freeze()               {}
func (w *Wrapper) Truth() starlark.Bool  { return true }
func (w *Wrapper) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(w)) >> 4), nil }

func (w *Wrapper) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return starlark.Call(thread, w.fn, args, kwargs)
}

func (w *Wrapper) Attr(name string) (starlark.Value, error) {
	if name == "__dict__" {
		d := starlark.NewDict(0)
		for _, kv := range w.attrs.Items() {
			if k := string(kv[0].(starlark.String)); !strings.HasPrefix(k, "__") || k == "__wrapped__" {
				d.SetKey(kv[0], kv[1])
			}
		}
		return d, nil
	}
	if v, found, _ := w.attrs.Get(starlark.String(name)); found {
		return v, nil
	}
	return nil, py.Errorf(py.AttributeError, "'function' object has no attribute '%s'", name)
}

func (w *Wrapper) AttrNames() []string {
	var names []string
	for _, k := range w.attrs.Keys() {
		names = append(names, string(k.(starlark.String)))
	}
	return names
}

func (w *Wrapper) SetField(name string, v starlark.Value) error {
	return w.attrs.SetKey(starlark.String(name), v)
}

// wraps is functools.wraps(wrapped): the decorator that makes a wrapper
// function carry wrapped's name.
func wraps(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var wrapped, assignedV, updatedV starlark.Value
	if err := starlark.UnpackArgs("wraps", args, kwargs, "wrapped", &wrapped, "assigned?", &assignedV, "updated?", &updatedV); err != nil {
		return nil, err
	}
	return starlark.NewBuiltin("wraps.<locals>.decorator", func(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var fn starlark.Value
		if err := starlark.UnpackPositionalArgs("update_wrapper", args, kwargs, 1, &fn); err != nil {
			return nil, err
		}
		return wrap(fn, wrapped)
	}), nil
}

func wrap(fn, wrapped starlark.Value) (starlark.Value, error) {
	switch f := fn.(type) {
	case *Wrapper:
		// Already a wrapper: it takes the new name, as CPython's would.
		copyAttrs(f.attrs, wrapped)
		return f, nil
	case *CacheWrapper:
		copyAttrs(f.attrs, wrapped)
		return f, nil
	case starlark.Callable:
		return newWrapper(f, wrapped), nil
	}
	return nil, py.Errorf(py.AttributeError, "'%s' object has no attribute '__dict__'", py.TypeOf(fn).Name())
}

func updateWrapper(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var wrapper, wrapped, assignedV, updatedV starlark.Value
	if err := starlark.UnpackArgs("update_wrapper", args, kwargs, "wrapper", &wrapper, "wrapped", &wrapped,
		"assigned?", &assignedV, "updated?", &updatedV); err != nil {
		return nil, err
	}
	return wrap(wrapper, wrapped)
}

// cacheInfoClass is functools' CacheInfo namedtuple, made on first use.
var cacheInfoClass = lazy.Value[*py.Class]{Make: func() *py.Class {
	return collections.LibraryNamedTuple("functools", "CacheInfo", "hits", "misses", "maxsize", "currsize")
}}

var lruWrapperClass = py.DeclareClass("functools", "_lru_cache_wrapper", &py.Object, nil)

// CacheWrapper is what lru_cache makes of a function: the function, with
// the results of its calls kept by their arguments, the least recently
// used dropped beyond maxsize.
type CacheWrapper struct {
	fn           starlark.Value
	maxsize      int // -1: no bound
	typed        bool
	cache        *starlark.Dict // key -> result, least recently used first
	hits, misses int
	attrs        *starlark.Dict
	p            *host.Process
}

var (
	_ py.FunctionLike      = (*CacheWrapper)(nil)
	_ starlark.HasAttrs    = (*CacheWrapper)(nil)
	_ starlark.HasSetField = (*CacheWrapper)(nil)
	_ py.Typed             = (*CacheWrapper)(nil)
)

// kwdMark separates a call's positional arguments from its keyword ones
// in a cache key, as CPython's _make_key does.
type mark struct{}

func (mark) String() string        { return "<object>" }
func (mark) Type() string          { return "object" }
func (mark) Freeze()               {}
func (mark) Truth() starlark.Bool  { return true }
func (mark) Hash() (uint32, error) { return 0x6b77, nil }

var kwdMark starlark.Value = mark{}

func (c *CacheWrapper) PyFunction()        {}
func (c *CacheWrapper) PyClass() *py.Class { return lruWrapperClass }
func (c *CacheWrapper) Name() string {
	if v, found, _ := c.attrs.Get(starlark.String("__name__")); found {
		if s, ok := v.(starlark.String); ok {
			return string(s)
		}
	}
	return "_lru_cache_wrapper"
}
func (c *CacheWrapper) String() string {
	return fmt.Sprintf("<functools._lru_cache_wrapper object at %#x>", uintptr(unsafe.Pointer(c)))
}
func (c *CacheWrapper) Type() string          { return "functools._lru_cache_wrapper" }
func (c *CacheWrapper) Freeze()               {}
func (c *CacheWrapper) Truth() starlark.Bool  { return true }
func (c *CacheWrapper) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(c)) >> 4), nil }

// key is the cache key of a call: its arguments, then a mark and the
// keyword arguments; with typed, their types too.
func (c *CacheWrapper) key(args starlark.Tuple, kwargs []starlark.Tuple) starlark.Value {
	key := append(starlark.Tuple{}, args...)
	if len(kwargs) > 0 {
		key = append(key, kwdMark)
		for _, kv := range kwargs {
			key = append(key, kv[0], kv[1])
		}
	}
	if c.typed {
		for _, a := range args {
			key = append(key, py.TypeOf(a))
		}
		for _, kv := range kwargs {
			key = append(key, py.TypeOf(kv[1]))
		}
	}
	return key
}

func (c *CacheWrapper) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if c.maxsize == 0 {
		c.misses++
		return starlark.Call(thread, c.fn, args, kwargs)
	}
	key := c.key(args, kwargs)
	v, found, err := c.cache.Get(key)
	if err != nil {
		return nil, py.AsException(err)
	}
	if found {
		c.hits++
		if c.maxsize > 0 {
			// Now the most recently used.
			c.cache.Delete(key)
			c.cache.SetKey(key, v)
		}
		return v, nil
	}
	c.misses++
	v, err = starlark.Call(thread, c.fn, args, kwargs)
	if err != nil {
		return nil, err
	}
	if _, already, _ := c.cache.Get(key); already {
		// A recursive call stored it meanwhile: keep that one.
		return v, nil
	}
	if c.maxsize > 0 && c.cache.Len() >= c.maxsize {
		c.cache.Delete(c.cache.Keys()[0])
	}
	if err := c.cache.SetKey(key, v); err != nil {
		return nil, py.AsException(err)
	}
	return v, nil
}

func (c *CacheWrapper) Attr(name string) (starlark.Value, error) {
	method := func(fn func() starlark.Value) starlark.Value {
		return starlark.NewBuiltin("_lru_cache_wrapper."+name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			return fn(), nil
		}).BindReceiver(c)
	}
	maxsize := func() starlark.Value {
		if c.maxsize < 0 {
			return starlark.None
		}
		return starlark.MakeInt(c.maxsize)
	}
	switch name {
	case "cache_info":
		return method(func() starlark.Value {
			info := starlark.Tuple{starlark.MakeInt(c.hits), starlark.MakeInt(c.misses), maxsize(), starlark.MakeInt(c.cache.Len())}
			return py.NewInstance(py.HolderThread(c.p), cacheInfoClass.Get(), info)
		}), nil
	case "cache_clear":
		return method(func() starlark.Value {
			c.cache.Clear()
			c.hits, c.misses = 0, 0
			return starlark.None
		}), nil
	case "cache_parameters":
		return method(func() starlark.Value {
			d := starlark.NewDict(2)
			d.SetKey(starlark.String("maxsize"), maxsize())
			d.SetKey(starlark.String("typed"), starlark.Bool(c.typed))
			return d
		}), nil
	}
	if v, found, _ := c.attrs.Get(starlark.String(name)); found {
		return v, nil
	}
	return nil, py.Errorf(py.AttributeError, "'functools._lru_cache_wrapper' object has no attribute '%s'", name)
}

func (c *CacheWrapper) AttrNames() []string {
	names := []string{"cache_clear", "cache_info", "cache_parameters"}
	for _, k := range c.attrs.Keys() {
		names = append(names, string(k.(starlark.String)))
	}
	return names
}

func (c *CacheWrapper) SetField(name string, v starlark.Value) error {
	return c.attrs.SetKey(starlark.String(name), v)
}

func newCacheWrapper(thread *starlark.Thread, fn starlark.Value, maxsize int, typed bool) *CacheWrapper {
	c := &CacheWrapper{fn: fn, maxsize: maxsize, typed: typed, cache: starlark.NewDict(0), attrs: starlark.NewDict(6), p: host.Of(thread)}
	copyAttrs(c.attrs, fn)
	return c
}

func lruCache(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var maxsizeV starlark.Value = starlark.MakeInt(128)
	var typed bool
	if err := starlark.UnpackArgs("lru_cache", args, kwargs, "maxsize?", &maxsizeV, "typed?", &typed); err != nil {
		return nil, err
	}
	maxsize := -1
	switch m := maxsizeV.(type) {
	case starlark.Int:
		n, _ := m.Int64()
		maxsize = int(max(n, 0))
	case starlark.NoneType:
	case starlark.Callable:
		// @lru_cache with no parentheses: the function itself.
		if _, isBool := maxsizeV.(starlark.Bool); !isBool {
			return newCacheWrapper(thread, m, 128, typed), nil
		}
	default:
		return nil, py.Errorf(py.TypeError, "Expected first argument to be an integer, a callable, or None")
	}
	return starlark.NewBuiltin("lru_cache.<locals>.decorating_function", func(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var fn starlark.Value
		if err := starlark.UnpackPositionalArgs("decorating_function", args, kwargs, 1, &fn); err != nil {
			return nil, err
		}
		return newCacheWrapper(thread, fn, maxsize, typed), nil
	}), nil
}

func cache(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn starlark.Value
	if err := starlark.UnpackPositionalArgs("cache", args, kwargs, 1, &fn); err != nil {
		return nil, err
	}
	return newCacheWrapper(thread, fn, -1, false), nil
}

// cmpKeyClass is the class of what cmp_to_key's K makes.
var cmpKeyClass = py.DeclareClass("functools", "KeyWrapper", &py.Object, nil)

// cmpKey is cmp_to_key(cmp)(obj): it orders by cmp(self.obj, other.obj).
type cmpKey struct {
	obj, cmp starlark.Value
	p        *host.Process
}

func (k *cmpKey) String() string {
	return fmt.Sprintf("<functools.KeyWrapper object at %#x>", uintptr(unsafe.Pointer(k)))
}
func (k *cmpKey) Type() string         { return "functools.KeyWrapper" }
func (k *cmpKey) Freeze()              {}
func (k *cmpKey) Truth() starlark.Bool { return true }
func (k *cmpKey) PyClass() *py.Class   { return cmpKeyClass }
func (k *cmpKey) Hash() (uint32, error) {
	return 0, py.Errorf(py.TypeError, "unhashable type: 'functools.KeyWrapper'")
}

func (k *cmpKey) Attr(name string) (starlark.Value, error) {
	if name == "obj" {
		return k.obj, nil
	}
	return nil, nil
}
func (k *cmpKey) AttrNames() []string { return []string{"obj"} }

func (k *cmpKey) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	other := y.(*cmpKey)
	v, err := starlark.Call(py.HolderThread(k.p), k.cmp, starlark.Tuple{k.obj, other.obj}, nil)
	if err != nil {
		return false, err
	}
	return py.Compare(op, v, starlark.MakeInt(0))
}

func cmpToKey(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var cmp starlark.Value
	if err := starlark.UnpackArgs("cmp_to_key", args, kwargs, "mycmp", &cmp); err != nil {
		return nil, err
	}
	p := host.Of(thread)
	return starlark.NewBuiltin("functools.KeyWrapper", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var obj starlark.Value
		if err := starlark.UnpackArgs("K", args, kwargs, "obj", &obj); err != nil {
			return nil, err
		}
		return &cmpKey{obj: obj, cmp: cmp, p: p}, nil
	}), nil
}
