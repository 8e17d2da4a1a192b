package host

import "syscall"

// DefaultMaxMemory is the budget without --max-memory: a quarter of the
// machine's memory, between 256 MiB and 4 GiB.
func DefaultMaxMemory() int64 {
	const lo, hi = 256 << 20, 4 << 30
	var si syscall.Sysinfo_t
	if err := syscall.Sysinfo(&si); err != nil {
		return hi
	}
	return min(max(int64(si.Totalram)*int64(si.Unit)/4, lo), hi)
}
