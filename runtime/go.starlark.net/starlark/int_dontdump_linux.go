//go:build amd64 || arm64 || mips64x || ppc64 || ppc64le || loong64 || s390x

package starlark

import "golang.org/x/sys/unix"

// dontDump keeps the never-touched small-int region out of core dumps.
func dontDump(b []byte) { _ = unix.Madvise(b, unix.MADV_DONTDUMP) }
