// Package hashlib is Python's hashlib module, for the hashes below (sockstar's
// own, in stdlib/internal/digest, checked against Go's crypto packages).
//
//	md5, sha1, sha224, sha256, sha384, sha512, sha3_224, sha3_256, sha3_384,
//	sha3_512 (string=b'', *, usedforsecurity=True)
//	new(name, data=b'', **kwargs)           the name in any case
//	    .update(data), .digest(), .hexdigest(), .copy(), .name,
//	    .digest_size, .block_size
//	algorithms_guaranteed, algorithms_available   the names above
//
// Not there: blake2b, blake2s, shake_128 and shake_256 (new() refuses
// them as an unsupported hash type), pbkdf2_hmac, scrypt, file_digest.
package hashlib

import (
	"encoding/hex"
	"fmt"
	"strings"
	"unsafe"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
	"sockstar/stdlib/internal/digest"
)

// algorithm is one hash: its name and CPython's block size.
type algorithm struct {
	name      string
	blockSize int
}

func (a algorithm) new() digest.Hash { return digest.New(a.name) }

// names are the algorithms, sorted.
var names = [...]string{"md5", "sha1", "sha224", "sha256", "sha384", "sha3_224", "sha3_256", "sha3_384", "sha3_512", "sha512"}

// lookup is an algorithm by its name; a switch, so that start-up builds
// no table.
func lookup(name string) (algorithm, bool) {
	switch name {
	case "md5", "sha1", "sha224", "sha256":
		return algorithm{name, 64}, true
	case "sha384", "sha512":
		return algorithm{name, 128}, true
	case "sha3_224":
		return algorithm{name, 144}, true
	case "sha3_256":
		return algorithm{name, 136}, true
	case "sha3_384":
		return algorithm{name, 104}, true
	case "sha3_512":
		return algorithm{name, 72}, true
	}
	return algorithm{}, false
}

// Module is the hashlib module.
var Module = &py.Module{
	Name: "hashlib",
	Build: func() starlark.StringDict {
		m := starlark.StringDict{"new": starlark.NewBuiltin("__hash_new", newHash)}
		for _, name := range names {
			m[name] = starlark.NewBuiltin("openssl_"+name, constructor(name))
		}
		set := new(starlark.Set)
		for _, n := range names {
			set.Insert(starlark.String(n))
		}
		set.Freeze()
		m["algorithms_guaranteed"] = set
		m["algorithms_available"] = set
		return m
	},
}

// HashClass is _hashlib.HASH, the class of every hash object.
var HashClass = py.DeclareClass("_hashlib", "HASH", &py.Object, nil)

// Hash is a hash object: the running state of one algorithm.
type Hash struct {
	name string
	algo algorithm
	h    digest.Hash
}

var (
	_ starlark.HasAttrs = (*Hash)(nil)
	_ py.Typed          = (*Hash)(nil)
)

func (h *Hash) String() string {
	return fmt.Sprintf("<%s _hashlib.HASH object @ %#x>", h.name, uintptr(unsafe.Pointer(h)))
}
func (h *Hash) Type() string          { return "_hashlib.HASH" }
func (h *Hash) Freeze()               {}
func (h *Hash) Truth() starlark.Bool  { return true }
func (h *Hash) PyClass() *py.Class    { return HashClass }
func (h *Hash) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(h)) >> 4), nil }

// data is what update and the constructors hash: bytes-like, never str.
func data(v starlark.Value) ([]byte, error) {
	if _, ok := v.(starlark.String); ok {
		return nil, py.Errorf(py.TypeError, "Strings must be encoded before hashing")
	}
	b, err := py.AsBytes(v)
	if err != nil {
		return nil, py.Errorf(py.TypeError, "object supporting the buffer API required")
	}
	return []byte(b), nil
}

func (h *Hash) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(h.name), nil
	case "digest_size":
		return starlark.MakeInt(h.h.Size()), nil
	case "block_size":
		return starlark.MakeInt(h.algo.blockSize), nil
	case "update":
		return h.method(name, func(args starlark.Tuple) (starlark.Value, error) {
			if len(args) != 1 {
				return nil, py.Errorf(py.TypeError, "HASH.update() takes exactly one argument (%d given)", len(args))
			}
			b, err := data(args[0])
			if err != nil {
				return nil, err
			}
			h.h.Write(b)
			return starlark.None, nil
		}), nil
	case "digest":
		return h.method(name, func(args starlark.Tuple) (starlark.Value, error) {
			if len(args) != 0 {
				return nil, py.Errorf(py.TypeError, "HASH.digest() takes no arguments (%d given)", len(args))
			}
			return starlark.Bytes(h.h.Sum(nil)), nil
		}), nil
	case "hexdigest":
		return h.method(name, func(args starlark.Tuple) (starlark.Value, error) {
			if len(args) != 0 {
				return nil, py.Errorf(py.TypeError, "HASH.hexdigest() takes no arguments (%d given)", len(args))
			}
			return starlark.String(hex.EncodeToString(h.h.Sum(nil))), nil
		}), nil
	case "copy":
		return h.method(name, func(args starlark.Tuple) (starlark.Value, error) {
			if len(args) != 0 {
				return nil, py.Errorf(py.TypeError, "HASH.copy() takes no arguments (%d given)", len(args))
			}
			return h.copy()
		}), nil
	}
	return nil, nil
}

// copy is a hash with the same state, to go on from separately.
func (h *Hash) copy() (starlark.Value, error) {
	return &Hash{name: h.name, algo: h.algo, h: h.h.Clone()}, nil
}

func (h *Hash) method(name string, fn func(args starlark.Tuple) (starlark.Value, error)) starlark.Value {
	return starlark.NewBuiltin("HASH."+name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(kwargs) > 0 {
			return nil, py.Errorf(py.TypeError, "%s() takes no keyword arguments", b.Name())
		}
		return fn(args)
	}).BindReceiver(h)
}

func (h *Hash) AttrNames() []string {
	return []string{"block_size", "copy", "digest", "digest_size", "hexdigest", "name", "update"}
}

// start makes a hash of name that has taken initial (nil: nothing).
func start(name string, initial starlark.Value) (starlark.Value, error) {
	algo, _ := lookup(name)
	h := &Hash{name: name, algo: algo, h: algo.new()}
	if initial != nil {
		b, err := data(initial)
		if err != nil {
			return nil, err
		}
		h.h.Write(b)
	}
	return h, nil
}

// constructor is hashlib.md5 and the others: (string=b”, *, usedforsecurity=True).
func constructor(name string) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) > 1 {
			return nil, py.Errorf(py.TypeError, "%s() takes at most 1 positional argument (%d given)", b.Name(), len(args))
		}
		var initial starlark.Value
		if len(args) == 1 {
			initial = args[0]
		}
		for _, kv := range kwargs {
			switch kv[0].(starlark.String) {
			case "string":
				if initial != nil {
					return nil, py.Errorf(py.TypeError, "argument for %s() given by name ('string') and position (1)", b.Name())
				}
				initial = kv[1]
			case "usedforsecurity":
			default:
				return nil, py.Errorf(py.TypeError, "'%s' is an invalid keyword argument for %s()", string(kv[0].(starlark.String)), b.Name())
			}
		}
		return start(name, initial)
	}
}

// newHash is hashlib.new(name, data=b”, **kwargs).
func newHash(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nameV, initial starlark.Value
	var rest []starlark.Tuple
	for _, kv := range kwargs {
		switch kv[0].(starlark.String) {
		case "name":
			nameV = kv[1]
		case "data", "string":
			initial = kv[1]
		default:
			rest = append(rest, kv) // usedforsecurity and the like
		}
	}
	switch len(args) {
	case 2:
		initial = args[1]
		fallthrough
	case 1:
		nameV = args[0]
	case 0:
	default:
		return nil, py.Errorf(py.TypeError, "__hash_new() takes from 1 to 2 positional arguments but %d were given", len(args))
	}
	_ = rest
	if nameV == nil {
		return nil, py.Errorf(py.TypeError, "__hash_new() missing 1 required positional argument: 'name'")
	}
	name, ok := nameV.(starlark.String)
	if !ok {
		return nil, py.Errorf(py.TypeError, "name must be a string")
	}
	lower := strings.ToLower(string(name))
	if _, known := lookup(lower); !known {
		return nil, py.Errorf(py.ValueError, "unsupported hash type %s", string(name))
	}
	return start(lower, initial)
}
