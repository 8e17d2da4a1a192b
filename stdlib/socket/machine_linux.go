package socket

import (
	"context"
	"errors"
	"net"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// The machine's resolver and interfaces come through package net on Linux
// alone: off Linux there is no kernel network to ask (machine_other.go),
// and the browser's module is smaller without net.

// machineResolver is the machine's resolver.
func machineResolver() Resolver { return net.DefaultResolver }

// OfflineResolver answers from /etc/hosts and numeric addresses only: it
// can send no query to any name server. Tests use it.
func OfflineResolver() Resolver {
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
			return nil, errors.New("name servers are not used")
		},
	}
}

// lookupEAI is getaddrinfo's error code for a resolver's failed lookup.
func lookupEAI(err error) int {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return eaiNoName
	}
	if errors.As(err, &dnsErr) && dnsErr.IsTemporary {
		return eaiAgain
	}
	return eaiNoName
}

// ifaceInfo is a network interface's index and name.
type ifaceInfo struct {
	index int
	name  string
}

// interfaces lists the machine's interfaces.
func interfaces(p *host.Process) ([]ifaceInfo, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, py.Errorf(py.OSError, "%v", err)
	}
	out := make([]ifaceInfo, len(ifs))
	for i, ifc := range ifs {
		out[i] = ifaceInfo{ifc.Index, ifc.Name}
	}
	return out, nil
}

// interfaceByName is the index of the machine's interface name.
func interfaceByName(p *host.Process, name string) (int, bool) {
	ifc, err := net.InterfaceByName(name)
	if err != nil {
		return 0, false
	}
	return ifc.Index, true
}

// interfaceByIndex is the name of the machine's interface index.
func interfaceByIndex(p *host.Process, index int) (string, bool) {
	ifc, err := net.InterfaceByIndex(index)
	if err != nil {
		return "", false
	}
	return ifc.Name, true
}

// hasLoopback6 reports whether the machine has ::1 on an interface.
func hasLoopback6(p *host.Process) bool {
	local, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, la := range local {
		if ipn, ok := la.(*net.IPNet); ok && ipn.IP.Equal(net.IPv6loopback) {
			return true
		}
	}
	return false
}
