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
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) < 2 {
		fmt.Fprintln(stderr, "usage: timeit N COMMAND [ARG...]")
		return 2
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 1 {
		fmt.Fprintf(stderr, "timeit: N must be a positive count, not %q\n", args[0])
		return 2
	}
	// A file, not a pipe: a pipe would need a goroutine copying it in each run.
	errFile, err := os.CreateTemp("", "timeit")
	if err != nil {
		fmt.Fprintln(stderr, "timeit:", err)
		return 1
	}
	defer os.Remove(errFile.Name())
	defer errFile.Close()
	runs := make([]time.Duration, 0, n)
	for range n {
		// Only the failing run's standard error is shown.
		if err := errFile.Truncate(0); err != nil {
			fmt.Fprintln(stderr, "timeit:", err)
			return 1
		}
		errFile.Seek(0, 0)
		cmd := exec.Command(args[1], args[2:]...)
		cmd.Stderr = errFile
		began := time.Now()
		err := cmd.Run()
		took := time.Since(began)
		if err != nil {
			msg, _ := os.ReadFile(errFile.Name())
			fmt.Fprintf(stderr, "timeit: %s: %v\n%s", args[1], err, msg)
			return 1
		}
		runs = append(runs, took)
	}
	slices.Sort(runs)
	fmt.Fprintf(stdout, "%.1f\n", float64(runs[(n-1)/2])/float64(time.Millisecond))
	return 0
}
