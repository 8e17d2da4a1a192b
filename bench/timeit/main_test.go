package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTimeit(t *testing.T) {
	// A command whose second run fails: only that run's standard error shows.
	marker := filepath.Join(t.TempDir(), "ran")
	secondFails := `if [ -e "$0" ]; then echo second >&2; exit 1; fi; touch "$0"; echo first >&2`
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a regexp
		stderr string // a substring
	}{
		{"median", []string{"3", "sh", "-c", "exit 0"}, 0, `^[0-9]+\.[0-9]\n$`, ""},
		{"failing command", []string{"2", "sh", "-c", "echo oops >&2; exit 3"}, 1, `^$`, "exit status 3\noops\n"},
		{"no count", []string{"0", "sh"}, 2, `^$`, `N must be a positive count, not "0"`},
		{"no command", []string{"5"}, 2, `^$`, "usage: timeit N COMMAND"},
		{"second run fails", []string{"3", "sh", "-c", secondFails, marker}, 1, `^$`, "exit status 1\nsecond\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, tt.code, run(tt.args, &stdout, &stderr))
			assert.Regexp(t, tt.stdout, stdout.String())
			assert.True(t, strings.Contains(stderr.String(), tt.stderr), "stderr: %q", stderr.String())
			assert.NotContains(t, stderr.String(), "first")
		})
	}
}
