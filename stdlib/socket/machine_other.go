//go:build !linux

package socket

import (
	"errors"
	"net/netip"
	"slices"

	"sockstar/runtime/host"
)

// Off Linux the only network is the simulated one: its hosts have the
// interfaces simDevices names (lo is 1, as on Linux) and ::1 on lo, and a
// run without it has no interfaces. Package net is not needed (nor built
// into the browser's module).

// machineResolver is the resolver of a run without a simulated network:
// /etc/hosts alone, since there is no network to reach a name server.
func machineResolver() Resolver { return OfflineResolver() }

// OfflineResolver answers from /etc/hosts and numeric addresses only: it
// can send no query to any name server. Tests use it.
func OfflineResolver() Resolver {
	var t hostsTable
	for _, f := range dbLines("/etc/hosts", "") {
		if a, err := netip.ParseAddr(f[0]); err == nil {
			t = append(t, hostsLine{addr: a.Unmap(), names: f[1:]})
		}
	}
	return t
}

// lookupEAI is getaddrinfo's error code for a resolver's failed lookup.
func lookupEAI(err error) int {
	var temp interface{ Temporary() bool }
	if errors.As(err, &temp) && temp.Temporary() {
		return eaiAgain
	}
	return eaiNoName
}

// ifaceInfo is a network interface's index and name.
type ifaceInfo struct {
	index int
	name  string
}

func interfaces(p *host.Process) ([]ifaceInfo, error) {
	if p.Sim() == nil {
		return nil, nil
	}
	out := make([]ifaceInfo, len(simDevices))
	for i, name := range simDevices {
		out[i] = ifaceInfo{i + 1, name}
	}
	return out, nil
}

func interfaceByName(p *host.Process, name string) (int, bool) {
	i := slices.Index(simDevices, name)
	return i + 1, p.Sim() != nil && i >= 0
}

func interfaceByIndex(p *host.Process, index int) (string, bool) {
	if p.Sim() == nil || index < 1 || index > len(simDevices) {
		return "", false
	}
	return simDevices[index-1], true
}

func hasLoopback6(p *host.Process) bool { return p.Sim() != nil }
