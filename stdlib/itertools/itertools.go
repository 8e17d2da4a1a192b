// Package itertools is Python's itertools module: lazy iterators that
// take items from their sources only as they are asked for theirs.
//
//	count(start=0, step=1), cycle(iterable), repeat(object[, times])
//	chain(*iterables), chain.from_iterable(iterable), islice(iterable, [start,] stop[, step])
//	zip_longest(*iterables, fillvalue=None), starmap(function, iterable)
//	takewhile(predicate, iterable), dropwhile(predicate, iterable)
//	filterfalse(predicate, iterable), compress(data, selectors), pairwise(iterable)
//	accumulate(iterable[, func, *, initial=None])
//	groupby(iterable, key=None), tee(iterable, n=2)
//	product(*iterables, repeat=1), permutations(iterable, r=None),
//	combinations(iterable, r), combinations_with_replacement(iterable, r)
//
// Each is a class, as in CPython (type(chain()) is itertools.chain); count
// and repeat print as count(5) and repeat('x', 3).
package itertools

import (
	"fmt"
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// Module is the itertools module.
var Module = &py.Module{
	Name: "itertools",
	Build: func() starlark.StringDict {
		m := starlark.StringDict{}
		for name, c := range classes() {
			if name[0] != '_' {
				m[name] = c
			}
		}
		return m
	},
}

type constructor = func(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// classes are the module's iterator classes, made once per process.
var classesOnce struct {
	once sync.Once
	m    map[string]*py.Class
}

func classes() map[string]*py.Class {
	classesOnce.once.Do(func() {
		ctors := map[string]constructor{
			"count": count, "cycle": cycle, "repeat": repeat, "chain": chain, "islice": islice,
			"zip_longest": zipLongest, "starmap": starmap, "takewhile": takewhile, "dropwhile": dropwhile,
			"filterfalse": filterfalse, "compress": compress, "pairwise": pairwise, "accumulate": accumulate,
			"groupby": groupby, "tee": tee, "product": product, "permutations": permutations,
			"combinations": combinations, "combinations_with_replacement": combinationsWithReplacement,
			"_grouper": nil, "_tee": nil,
		}
		m := make(map[string]*py.Class, len(ctors))
		for name, fn := range ctors {
			m[name] = py.NewClassWith("itertools", name, py.Object, fn)
		}
		m["chain"].Attrs = starlark.StringDict{"from_iterable": starlark.NewBuiltin("chain.from_iterable", chainFromIterable)}
		classesOnce.m = m
	})
	return classesOnce.m
}

func class(name string) *py.Class { return classes()[name] }

// iterator makes one of the module's iterators.
func iterator(thread *starlark.Thread, name string, next func(thread *starlark.Thread) (starlark.Value, bool, error)) *py.Iterator {
	return py.NewIterator(class(name), host.Of(thread), next)
}

// source is an iterable's iterator, taken as a for loop takes it.
type source struct{ it starlark.Value }

func iterOf(thread *starlark.Thread, v starlark.Value) (*source, error) {
	it, err := py.GetIter(thread, v)
	if err != nil {
		return nil, err
	}
	return &source{it}, nil
}

func (s *source) next(thread *starlark.Thread) (starlark.Value, bool, error) {
	return py.Next(thread, s.it)
}

// items is every item of an iterable, taken now.
func items(thread *starlark.Thread, v starlark.Value) (starlark.Tuple, error) {
	s, err := iterOf(thread, v)
	if err != nil {
		return nil, err
	}
	var out starlark.Tuple
	for {
		x, ok, err := s.next(thread)
		if err != nil || !ok {
			return out, err
		}
		out = append(out, x)
	}
}

// arity checks a positional-only constructor's count as CPython words it.
func arity(name string, args starlark.Tuple, kwargs []starlark.Tuple, min, max int) error {
	if len(kwargs) > 0 {
		return py.Errorf(py.TypeError, "%s() takes no keyword arguments", name)
	}
	switch {
	case min == max && len(args) != min:
		return py.Errorf(py.TypeError, "%s expected %d argument%s, got %d", name, min, plural(min), len(args))
	case len(args) < min:
		return py.Errorf(py.TypeError, "%s expected at least %d argument%s, got %d", name, min, plural(min), len(args))
	case max >= 0 && len(args) > max:
		return py.Errorf(py.TypeError, "%s expected at most %d argument%s, got %d", name, max, plural(max), len(args))
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func isNumber(v starlark.Value) bool {
	switch v.(type) {
	case starlark.Int, starlark.Float, starlark.Bool:
		return true
	}
	return false
}

func add(x, y starlark.Value) (starlark.Value, error) {
	v, err := starlark.Binary(syntax.PLUS, x, y)
	if err != nil {
		return nil, py.AsException(err)
	}
	return v, nil
}

func count(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var start, step starlark.Value = starlark.MakeInt(0), starlark.MakeInt(1)
	if err := starlark.UnpackArgs("count", args, kwargs, "start?", &start, "step?", &step); err != nil {
		return nil, err
	}
	if !isNumber(start) || !isNumber(step) {
		return nil, py.Errorf(py.TypeError, "a number is required")
	}
	cur := start
	it := iterator(thread, "count", func(*starlark.Thread) (starlark.Value, bool, error) {
		v := cur
		next, err := add(cur, step)
		if err != nil {
			return nil, false, err
		}
		cur = next
		return v, true, nil
	})
	it.SetRepr(func() string {
		if n, ok := step.(starlark.Int); ok {
			if one, _ := n.Int64(); one == 1 {
				return "count(" + py.Repr(cur) + ")"
			}
		}
		return "count(" + py.Repr(cur) + ", " + py.Repr(step) + ")"
	})
	return it, nil
}

func cycle(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := arity("cycle", args, kwargs, 1, 1); err != nil {
		return nil, err
	}
	src, err := iterOf(thread, args[0])
	if err != nil {
		return nil, err
	}
	var saved []starlark.Value
	i, exhausted := 0, false
	return iterator(thread, "cycle", func(thread *starlark.Thread) (starlark.Value, bool, error) {
		if !exhausted {
			v, ok, err := src.next(thread)
			if err != nil {
				return nil, false, err
			}
			if ok {
				saved = append(saved, v)
				return v, true, nil
			}
			exhausted = true
		}
		if len(saved) == 0 {
			return nil, false, nil
		}
		v := saved[i%len(saved)]
		i++
		return v, true, nil
	}), nil
}

func repeat(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := py.CheckCArgs("repeat", args, kwargs, 1, "object", "times"); err != nil {
		return nil, err
	}
	var obj, timesV starlark.Value
	if err := starlark.UnpackArgs("repeat", args, kwargs, "object", &obj, "times?", &timesV); err != nil {
		return nil, err
	}
	left := int64(-1)
	if timesV != nil {
		n, ok := timesV.(starlark.Int)
		if !ok {
			return nil, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(timesV).Name())
		}
		left, _ = n.Int64()
		left = max(left, 0)
	}
	it := iterator(thread, "repeat", func(*starlark.Thread) (starlark.Value, bool, error) {
		if left == 0 {
			return nil, false, nil
		}
		if left > 0 {
			left--
		}
		return obj, true, nil
	})
	it.SetRepr(func() string {
		if left < 0 {
			return "repeat(" + py.Repr(obj) + ")"
		}
		return fmt.Sprintf("repeat(%s, %d)", py.Repr(obj), left)
	})
	return it, nil
}

// chained walks the iterables an iterator gives, one after the other.
func chained(thread *starlark.Thread, iterables *source) *py.Iterator {
	var cur *source
	return iterator(thread, "chain", func(thread *starlark.Thread) (starlark.Value, bool, error) {
		for {
			if cur == nil {
				next, ok, err := iterables.next(thread)
				if err != nil || !ok {
					return nil, false, err
				}
				if cur, err = iterOf(thread, next); err != nil {
					return nil, false, err
				}
			}
			v, ok, err := cur.next(thread)
			if err != nil || ok {
				return v, ok, err
			}
			cur = nil
		}
	})
}

func chain(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, py.Errorf(py.TypeError, "chain() takes no keyword arguments")
	}
	src, err := iterOf(thread, append(starlark.Tuple{}, args...))
	if err != nil {
		return nil, err
	}
	return chained(thread, src), nil
}

func chainFromIterable(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var iterable starlark.Value
	if err := starlark.UnpackPositionalArgs("from_iterable", args, kwargs, 1, &iterable); err != nil {
		return nil, err
	}
	src, err := iterOf(thread, iterable)
	if err != nil {
		return nil, err
	}
	return chained(thread, src), nil
}

// sliceIndex is a start, stop or step of islice: None, or an int >= 0.
func sliceIndex(v starlark.Value, dflt int64, msg string) (int64, error) {
	if v == starlark.None {
		return dflt, nil
	}
	if n, ok := v.(starlark.Int); ok {
		if i, fits := n.Int64(); fits && i >= 0 {
			return i, nil
		}
	}
	return 0, py.Errorf(py.ValueError, "%s", msg)
}

func islice(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := arity("islice", args, kwargs, 2, 4); err != nil {
		return nil, err
	}
	const indices = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize."
	var start, stop, step int64 = 0, -1, 1
	var err error
	if len(args) == 2 {
		if stop, err = sliceIndex(args[1], -1, "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize."); err != nil {
			return nil, err
		}
	} else {
		if start, err = sliceIndex(args[1], 0, indices); err != nil {
			return nil, err
		}
		if stop, err = sliceIndex(args[2], -1, indices); err != nil {
			return nil, err
		}
		if len(args) == 4 {
			if step, err = sliceIndex(args[3], 1, "Step for islice() must be a positive integer or None."); err != nil || step == 0 {
				return nil, py.Errorf(py.ValueError, "Step for islice() must be a positive integer or None.")
			}
		}
	}
	src, err := iterOf(thread, args[0])
	if err != nil {
		return nil, err
	}
	// As CPython's: skip to the next index wanted, and take no item past stop.
	cnt, next := int64(0), start
	done := false
	return iterator(thread, "islice", func(thread *starlark.Thread) (starlark.Value, bool, error) {
		if done {
			return nil, false, nil
		}
		for cnt < next {
			_, ok, err := src.next(thread)
			if err != nil || !ok {
				done = true
				return nil, false, err
			}
			cnt++
		}
		if stop != -1 && cnt >= stop {
			done = true
			return nil, false, nil
		}
		v, ok, err := src.next(thread)
		if err != nil || !ok {
			done = true
			return nil, false, err
		}
		cnt++
		old := next
		next += step
		if next < old || (stop != -1 && next > stop) {
			next = stop
		}
		return v, true, nil
	}), nil
}

func zipLongest(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fill starlark.Value = starlark.None
	for _, kv := range kwargs {
		if kv[0] != starlark.String("fillvalue") {
			return nil, py.Errorf(py.TypeError, "zip_longest() got an unexpected keyword argument '%s'", string(kv[0].(starlark.String)))
		}
		fill = kv[1]
	}
	srcs := make([]*source, len(args))
	for i, a := range args {
		s, err := iterOf(thread, a)
		if err != nil {
			return nil, err
		}
		srcs[i] = s
	}
	active := len(srcs)
	return iterator(thread, "zip_longest", func(thread *starlark.Thread) (starlark.Value, bool, error) {
		if active == 0 {
			return nil, false, nil
		}
		out := make(starlark.Tuple, len(srcs))
		for i, s := range srcs {
			if s == nil {
				out[i] = fill
				continue
			}
			v, ok, err := s.next(thread)
			if err != nil {
				active = 0
				return nil, false, err
			}
			if !ok {
				srcs[i] = nil
				active--
				if active == 0 {
					return nil, false, nil
				}
				v = fill
			}
			out[i] = v
		}
		return out, true, nil
	}), nil
}

func starmap(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := arity("starmap", args, kwargs, 2, 2); err != nil {
		return nil, err
	}
	fn := args[0]
	src, err := iterOf(thread, args[1])
	if err != nil {
		return nil, err
	}
	return iterator(thread, "starmap", func(thread *starlark.Thread) (starlark.Value, bool, error) {
		v, ok, err := src.next(thread)
		if err != nil || !ok {
			return nil, false, err
		}
		callArgs, err := items(thread, v)
		if err != nil {
			return nil, false, err
		}
		r, err := starlark.Call(thread, fn, callArgs, nil)
		return r, err == nil, err
	}), nil
}

// predicated is takewhile, dropwhile and filterfalse: items kept by what
// predicate says of them.
func predicated(name string) constructor {
	return func(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := arity(name, args, kwargs, 2, 2); err != nil {
			return nil, err
		}
		pred := args[0]
		src, err := iterOf(thread, args[1])
		if err != nil {
			return nil, err
		}
		test := func(thread *starlark.Thread, v starlark.Value) (bool, error) {
			if pred == starlark.None {
				return bool(v.Truth()), nil
			}
			r, err := starlark.Call(thread, pred, starlark.Tuple{v}, nil)
			if err != nil {
				return false, err
			}
			return bool(r.Truth()), nil
		}
		stopped, dropping := false, true
		return iterator(thread, name, func(thread *starlark.Thread) (starlark.Value, bool, error) {
			for !stopped {
				v, ok, err := src.next(thread)
				if err != nil || !ok {
					return nil, false, err
				}
				switch name {
				case "takewhile":
					keep, err := test(thread, v)
					if err != nil {
						return nil, false, err
					}
					if !keep {
						stopped = true
						return nil, false, nil
					}
					return v, true, nil
				case "dropwhile":
					if dropping {
						drop, err := test(thread, v)
						if err != nil {
							return nil, false, err
						}
						if drop {
							continue
						}
						dropping = false
					}
					return v, true, nil
				default: // filterfalse
					keep, err := test(thread, v)
					if err != nil {
						return nil, false, err
					}
					if !keep {
						return v, true, nil
					}
				}
			}
			return nil, false, nil
		}), nil
	}
}

func takewhile(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return predicated("takewhile")(thread, cls, args, kwargs)
}

func dropwhile(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return predicated("dropwhile")(thread, cls, args, kwargs)
}

func filterfalse(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return predicated("filterfalse")(thread, cls, args, kwargs)
}

func compress(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := py.CheckCArgs("compress", args, kwargs, 2, "data", "selectors"); err != nil {
		return nil, err
	}
	var dataV, selV starlark.Value
	if err := starlark.UnpackArgs("compress", args, kwargs, "data", &dataV, "selectors", &selV); err != nil {
		return nil, err
	}
	data, err := iterOf(thread, dataV)
	if err != nil {
		return nil, err
	}
	sel, err := iterOf(thread, selV)
	if err != nil {
		return nil, err
	}
	return iterator(thread, "compress", func(thread *starlark.Thread) (starlark.Value, bool, error) {
		for {
			v, ok, err := data.next(thread)
			if err != nil || !ok {
				return nil, false, err
			}
			s, ok, err := sel.next(thread)
			if err != nil || !ok {
				return nil, false, err
			}
			if s.Truth() {
				return v, true, nil
			}
		}
	}), nil
}

func pairwise(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := arity("pairwise", args, kwargs, 1, 1); err != nil {
		return nil, err
	}
	src, err := iterOf(thread, args[0])
	if err != nil {
		return nil, err
	}
	var last starlark.Value
	return iterator(thread, "pairwise", func(thread *starlark.Thread) (starlark.Value, bool, error) {
		if last == nil {
			v, ok, err := src.next(thread)
			if err != nil || !ok {
				return nil, false, err
			}
			last = v
		}
		v, ok, err := src.next(thread)
		if err != nil || !ok {
			return nil, false, err
		}
		pair := starlark.Tuple{last, v}
		last = v
		return pair, true, nil
	}), nil
}

func accumulate(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := py.CheckCArgs("accumulate", args, kwargs, 1, "iterable", "func", "initial"); err != nil {
		return nil, err
	}
	var iterable starlark.Value
	var fn, initial starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs("accumulate", args, kwargs, "iterable", &iterable, "func?", &fn, "initial?", &initial); err != nil {
		return nil, err
	}
	src, err := iterOf(thread, iterable)
	if err != nil {
		return nil, err
	}
	var total starlark.Value
	if initial != starlark.None {
		total = initial
	}
	first := total != nil
	return iterator(thread, "accumulate", func(thread *starlark.Thread) (starlark.Value, bool, error) {
		if first {
			first = false
			return total, true, nil
		}
		v, ok, err := src.next(thread)
		if err != nil || !ok {
			return nil, false, err
		}
		switch {
		case total == nil:
			total = v
		case fn == starlark.None:
			if total, err = add(total, v); err != nil {
				return nil, false, err
			}
		default:
			if total, err = starlark.Call(thread, fn, starlark.Tuple{total, v}, nil); err != nil {
				return nil, false, err
			}
		}
		return total, true, nil
	}), nil
}

// sentinel is groupby's "no key yet", equal to nothing else.
type sentinel struct{}

func (sentinel) String() string        { return "<object>" }
func (sentinel) Type() string          { return "object" }
func (sentinel) Freeze()               {}
func (sentinel) Truth() starlark.Bool  { return true }
func (sentinel) Hash() (uint32, error) { return 0, nil }

func groupby(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := py.CheckCArgs("groupby", args, kwargs, 1, "iterable", "key"); err != nil {
		return nil, err
	}
	var iterable starlark.Value
	var keyfn starlark.Value = starlark.None
	if err := starlark.UnpackArgs("groupby", args, kwargs, "iterable", &iterable, "key?", &keyfn); err != nil {
		return nil, err
	}
	src, err := iterOf(thread, iterable)
	if err != nil {
		return nil, err
	}
	// The state CPython's groupby keeps: the key of the group being
	// handed out, the current item and its key, and which grouper is live.
	var none starlark.Value = &sentinel{}
	tgtkey, currkey, currvalue := none, none, starlark.Value(nil)
	id := 0
	same := func(a, b starlark.Value) (bool, error) {
		if a == none || b == none {
			return a == b, nil
		}
		return py.Equal(a, b)
	}
	step := func(thread *starlark.Thread) (bool, error) {
		v, ok, err := src.next(thread)
		if err != nil || !ok {
			return false, err
		}
		currvalue = v
		if keyfn == starlark.None {
			currkey = v
		} else if currkey, err = starlark.Call(thread, keyfn, starlark.Tuple{v}, nil); err != nil {
			return false, err
		}
		return true, nil
	}
	p := host.Of(thread)
	return iterator(thread, "groupby", func(thread *starlark.Thread) (starlark.Value, bool, error) {
		id++
		for {
			eq, err := same(currkey, tgtkey)
			if err != nil {
				return nil, false, err
			}
			if !eq {
				break
			}
			if ok, err := step(thread); err != nil || !ok {
				return nil, false, err
			}
		}
		tgtkey = currkey
		mine, key := id, tgtkey
		first := true
		grouper := py.NewIterator(class("_grouper"), p, func(thread *starlark.Thread) (starlark.Value, bool, error) {
			if id != mine {
				return nil, false, nil
			}
			if !first {
				if ok, err := step(thread); err != nil || !ok {
					return nil, false, err
				}
			}
			first = false
			eq, err := same(currkey, key)
			if err != nil || !eq {
				return nil, false, err
			}
			return currvalue, true, nil
		})
		return starlark.Tuple{key, grouper}, true, nil
	}), nil
}

func tee(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := arity("tee", args, kwargs, 1, 2); err != nil {
		return nil, err
	}
	n := int64(2)
	if len(args) == 2 {
		v, ok := args[1].(starlark.Int)
		if !ok {
			return nil, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(args[1]).Name())
		}
		n, _ = v.Int64()
		if n < 0 {
			return nil, py.Errorf(py.ValueError, "n must be >= 0")
		}
	}
	src, err := iterOf(thread, args[0])
	if err != nil {
		return nil, err
	}
	// One buffer of what the source gave, each copy at its own place in it.
	var buf []starlark.Value
	ended := false
	out := make(starlark.Tuple, n)
	for k := range out {
		pos := 0
		out[k] = py.NewIterator(class("_tee"), host.Of(thread), func(thread *starlark.Thread) (starlark.Value, bool, error) {
			if pos == len(buf) {
				if ended {
					return nil, false, nil
				}
				v, ok, err := src.next(thread)
				if err != nil || !ok {
					ended = true
					return nil, false, err
				}
				buf = append(buf, v)
			}
			pos++
			return buf[pos-1], true, nil
		})
	}
	return out, nil
}

// rArg is the r of permutations and combinations: an int >= 0.
func rArg(v starlark.Value) (int, error) {
	n, ok := v.(starlark.Int)
	if !ok {
		return 0, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
	}
	r, _ := n.Int64()
	if r < 0 {
		return 0, py.Errorf(py.ValueError, "r must be non-negative")
	}
	return int(r), nil
}

// indexed makes an iterator of tuples of pool items picked by indices,
// which advance advances in place (false once there are no more).
func indexed(thread *starlark.Thread, name string, pool starlark.Tuple, indices []int, empty bool, advance func() bool) *py.Iterator {
	started := false
	return iterator(thread, name, func(*starlark.Thread) (starlark.Value, bool, error) {
		if empty {
			return nil, false, nil
		}
		if started && !advance() {
			empty = true
			return nil, false, nil
		}
		started = true
		out := make(starlark.Tuple, len(indices))
		for i, k := range indices {
			out[i] = pool[k]
		}
		return out, true, nil
	})
}

func product(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	times := int64(1)
	for _, kv := range kwargs {
		if kv[0] != starlark.String("repeat") {
			return nil, py.Errorf(py.TypeError, "product() got an unexpected keyword argument '%s'", string(kv[0].(starlark.String)))
		}
		n, ok := kv[1].(starlark.Int)
		if !ok {
			return nil, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(kv[1]).Name())
		}
		times, _ = n.Int64()
		if times < 0 {
			return nil, py.Errorf(py.ValueError, "repeat argument cannot be negative")
		}
	}
	var pools []starlark.Tuple
	for _, a := range args {
		p, err := items(thread, a)
		if err != nil {
			return nil, err
		}
		pools = append(pools, p)
	}
	var all []starlark.Tuple
	for range times {
		all = append(all, pools...)
	}
	indices := make([]int, len(all))
	empty := false
	for _, p := range all {
		empty = empty || len(p) == 0
	}
	started := false
	return iterator(thread, "product", func(*starlark.Thread) (starlark.Value, bool, error) {
		if empty {
			return nil, false, nil
		}
		if started {
			// The odometer: the rightmost index that can turn turns, those after it reset.
			i := len(indices) - 1
			for ; i >= 0; i-- {
				indices[i]++
				if indices[i] < len(all[i]) {
					break
				}
				indices[i] = 0
			}
			if i < 0 {
				empty = true
				return nil, false, nil
			}
		}
		started = true
		out := make(starlark.Tuple, len(all))
		for i, k := range indices {
			out[i] = all[i][k]
		}
		return out, true, nil
	}), nil
}

func permutations(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := py.CheckCArgs("permutations", args, kwargs, 1, "iterable", "r"); err != nil {
		return nil, err
	}
	var iterable starlark.Value
	var rV starlark.Value = starlark.None
	if err := starlark.UnpackArgs("permutations", args, kwargs, "iterable", &iterable, "r?", &rV); err != nil {
		return nil, err
	}
	pool, err := items(thread, iterable)
	if err != nil {
		return nil, err
	}
	n, r := len(pool), len(pool)
	if rV != starlark.None {
		if r, err = rArg(rV); err != nil {
			return nil, err
		}
	}
	// Lexicographic order of index tuples: the next permutation of the
	// chosen indices, the unchosen ones kept sorted after them.
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	indices := make([]int, r)
	copy(indices, perm)
	advance := func() bool {
		// Find the rightmost position among the first r that can take a
		// larger unused index.
		for i := r - 1; i >= 0; i-- {
			used := map[int]bool{}
			for _, k := range indices[:i] {
				used[k] = true
			}
			for k := indices[i] + 1; k < n; k++ {
				if used[k] {
					continue
				}
				indices[i] = k
				used[k] = true
				// The rest take the smallest unused indices, in order.
				j := i + 1
				for m := 0; m < n && j < r; m++ {
					if !used[m] {
						indices[j] = m
						used[m] = true
						j++
					}
				}
				return true
			}
		}
		return false
	}
	return indexed(thread, "permutations", pool, indices, r > n, advance), nil
}

// combined is combinations (repeats false) and combinations_with_replacement.
func combined(name string, repeats bool) constructor {
	return func(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := py.CheckCArgs(name, args, kwargs, 2, "iterable", "r"); err != nil {
			return nil, err
		}
		var iterable, rV starlark.Value
		if err := starlark.UnpackArgs(name, args, kwargs, "iterable", &iterable, "r", &rV); err != nil {
			return nil, err
		}
		pool, err := items(thread, iterable)
		if err != nil {
			return nil, err
		}
		r, err := rArg(rV)
		if err != nil {
			return nil, err
		}
		n := len(pool)
		indices := make([]int, r)
		if !repeats {
			for i := range indices {
				indices[i] = i
			}
		}
		// The largest value index i may take.
		limit := func(i int) int {
			if repeats {
				return n - 1
			}
			return i + n - r
		}
		advance := func() bool {
			i := r - 1
			for ; i >= 0 && indices[i] == limit(i); i-- {
			}
			if i < 0 {
				return false
			}
			indices[i]++
			for j := i + 1; j < r; j++ {
				if repeats {
					indices[j] = indices[i]
				} else {
					indices[j] = indices[j-1] + 1
				}
			}
			return true
		}
		empty := (!repeats && r > n) || (repeats && n == 0 && r > 0)
		return indexed(thread, name, pool, indices, empty, advance), nil
	}
}

func combinations(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return combined("combinations", false)(thread, cls, args, kwargs)
}

func combinationsWithReplacement(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return combined("combinations_with_replacement", true)(thread, cls, args, kwargs)
}
