// Command timeit runs a command N times and prints the median wall time of
// one run, in milliseconds: start-up figures without a shell's fork and exec
// in each of them.
//
//	timeit N COMMAND [ARG...]
//
// The command's output is discarded; the first run that fails stops timeit
// with the command's standard error and status 1.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"time"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: timeit N COMMAND [ARG...]")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[1])
	if err != nil || n < 1 {
		fmt.Fprintf(os.Stderr, "timeit: N must be a positive count, not %q\n", os.Args[1])
		os.Exit(2)
	}
	// A file, not a pipe: a pipe would need a goroutine copying it in each run.
	stderr, err := os.CreateTemp("", "timeit")
	if err != nil {
		fmt.Fprintln(os.Stderr, "timeit:", err)
		os.Exit(1)
	}
	defer os.Remove(stderr.Name())
	runs := make([]time.Duration, 0, n)
	for range n {
		cmd := exec.Command(os.Args[2], os.Args[3:]...)
		cmd.Stderr = stderr
		began := time.Now()
		err := cmd.Run()
		took := time.Since(began)
		if err != nil {
			msg, _ := os.ReadFile(stderr.Name())
			fmt.Fprintf(os.Stderr, "timeit: %s: %v\n%s", os.Args[2], err, msg)
			os.Remove(stderr.Name())
			os.Exit(1)
		}
		runs = append(runs, took)
	}
	slices.Sort(runs)
	fmt.Printf("%.1f\n", float64(runs[(n-1)/2])/float64(time.Millisecond))
}
