//go:build !linux

package host

// DefaultMaxMemory is the budget without --max-memory: 1 GiB, a quarter
// of a 4 GiB machine, where the machine's size is not asked (a wasm
// module cannot address more than 4 GiB anyway).
func DefaultMaxMemory() int64 { return 1 << 30 }
