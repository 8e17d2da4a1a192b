//go:build !linux

package host

// ReserveLowFDs does nothing off Linux: there are no kernel sockets whose
// numbers Go's poller could shift, and a simulated network numbers its own.
func ReserveLowFDs() {}
