// Package linux is Linux's ABI numbers (x86-64 and arm64, the generic
// ABI): address families, socket types and options, message flags, poll
// bits and errno values, as the kernel and CPython on Linux spell them.
//
// sockstar shows a script Linux's numbers on every platform, and its
// simulated network speaks them, so nothing that must behave as Linux
// reads syscall's named constants: on darwin and windows those are the
// host's, and on js/wasm and wasip1 they belong to Go's fake network
// (syscall.AF_INET6 is 3 there, and wasip1's errno values are WASI's).
// The errno values are syscall.Errno with Linux's numbers; the
// addresses stay syscall's Sockaddr types, which every platform has.
package linux
