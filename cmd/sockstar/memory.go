package main

import (
	"fmt"
	"strconv"
	"strings"

	"sockstar/runtime/host"
)

// parseSize reads --max-memory's SIZE: bytes, or a number with K, M or G
// (powers of 1024; KB, KiB and the like alike).
func parseSize(s string) (int64, error) {
	num := strings.TrimRight(strings.ToUpper(s), "IB")
	mult := int64(1)
	if n := len(num); n > 0 {
		switch num[n-1] {
		case 'K':
			mult, num = 1<<10, num[:n-1]
		case 'M':
			mult, num = 1<<20, num[:n-1]
		case 'G':
			mult, num = 1<<30, num[:n-1]
		}
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v <= 0 || v*float64(mult) > 1<<62 {
		return 0, fmt.Errorf("--max-memory needs a size such as 512M or 2G, not %q", s)
	}
	return int64(v * float64(mult)), nil
}

// parseThreads reads --max-threads's N.
func parseThreads(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("--max-threads needs a number of threads, 1 or more, not %q", s)
	}
	return n, nil
}

// setBudgets sets the memory and thread budgets from --max-memory and
// --max-threads ("" leaves the default).
func setBudgets(memory, threads string) error {
	if memory != "" {
		n, err := parseSize(memory)
		if err != nil {
			return err
		}
		host.SetMaxMemory(n)
	}
	if threads != "" {
		n, err := parseThreads(threads)
		if err != nil {
			return err
		}
		host.SetMaxThreads(n)
	}
	return nil
}
