// Package collections is Python's collections module: the containers
// CPython 3.11 gives, with its reprs, errors and equalities.
//
//	namedtuple(typename, field_names, *, rename=False, defaults=None, module=None)
//	        a tuple class with named fields: p.x, p[0], unpacking, len, ==
//	        with tuples, hashing, _fields, _field_defaults, _make, _asdict,
//	        _replace, repr Point(x=1, y=2); a class statement may derive from it
//	deque(iterable=(), maxlen=None)
//	        append, appendleft, pop, popleft, extend, extendleft, rotate,
//	        insert, remove, index, count, reverse, clear, copy, maxlen,
//	        d[i], del d[i], in, len, iteration ("deque mutated during
//	        iteration"), +, *, +=, comparisons, repr deque([1, 2], maxlen=3)
//	defaultdict(default_factory=None, ...)
//	        a dict whose missing keys get default_factory(); default_factory,
//	        __missing__, repr defaultdict(<class 'int'>, {...})
//	OrderedDict(...)
//	        a dict with move_to_end(key, last=True), popitem(last=True),
//	        order-sensitive == between two of them, repr OrderedDict([...])
//	Counter(iterable_or_mapping=None, **kwds)
//	        a dict of counts: missing keys count 0, most_common(n), elements(),
//	        update and subtract (adding and taking counts), total(), +, -, &, |,
//	        unary + and -, repr Counter({'a': 2, 'b': 1})
//
// The dicts are dicts to isinstance and to == with a dict. Inside another
// container (a list, a dict's keys) Starlark's own equality compares them,
// which tells a namedtuple from a tuple and a defaultdict from a dict.
package collections

import (
	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// Module is the collections module.
var Module = &py.Module{
	Name: "collections",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"deque":       DequeClass,
			"namedtuple":  starlark.NewBuiltin("namedtuple", namedtuple),
			"defaultdict": DefaultDictClass.Get(),
			"OrderedDict": OrderedDictClass.Get(),
			"Counter":     CounterClass.Get(),
		}
	},
}

// threadOf is the thread to call script code on from a method that has
// none of its own (an operator's): the one that holds the run's lock.
func threadOf(p *host.Process) *starlark.Thread { return py.HolderThread(p) }

// forEach calls fn with each item of any iterable, as a for loop takes
// them (a str's characters, an iterator's items, a script's __iter__).
func forEach(thread *starlark.Thread, iterable starlark.Value, fn func(v starlark.Value) error) error {
	it, err := py.GetIter(thread, iterable)
	if err != nil {
		return err
	}
	for {
		v, ok, err := py.Next(thread, it)
		if err != nil || !ok {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
}
