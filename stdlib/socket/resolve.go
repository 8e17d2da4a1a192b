package socket

import (
	"context"
	"net/netip"
	"strings"

	"sockstar/runtime/lazy"
)

// Resolver looks names up: the machine's (*net.Resolver on Linux) or a
// hosts table.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
	LookupAddr(ctx context.Context, addr string) ([]string, error)
	LookupCNAME(ctx context.Context, host string) (string, error)
}

// hostsTable answers from its lines alone, as a machine with no name
// server does: a name it does not hold does not exist.
type hostsTable []hostsLine

// simHosts is the simulated network's table: Debian's /etc/hosts for a
// machine named localhost. Made on first use: parsed in the declaration,
// the addresses would be parsed by an init function at every start.
var simHosts = lazy.Value[hostsTable]{Make: func() hostsTable {
	return hostsTable{
		{addr: netip.MustParseAddr("127.0.0.1"), names: []string{"localhost"}},
		{addr: netip.MustParseAddr("::1"), names: []string{"localhost", "ip6-localhost", "ip6-loopback"}},
		{addr: netip.MustParseAddr("ff02::1"), names: []string{"ip6-allnodes"}},
		{addr: netip.MustParseAddr("ff02::2"), names: []string{"ip6-allrouters"}},
	}
}}

// notFoundError is a hosts table's answer for a name it does not hold,
// worded as Go's resolver words it.
type notFoundError struct{ name string }

func (e *notFoundError) Error() string { return "lookup " + e.name + ": no such host" }

func notFound(name string) error { return &notFoundError{name} }

func (t hostsTable) LookupNetIP(_ context.Context, network, name string) ([]netip.Addr, error) {
	var out []netip.Addr
	for _, line := range t {
		if network == "ip4" && !line.addr.Is4() || network == "ip6" && !line.addr.Is6() {
			continue
		}
		for _, n := range line.names {
			if strings.EqualFold(n, name) {
				out = append(out, line.addr)
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, notFound(name)
	}
	return out, nil
}

func (t hostsTable) LookupAddr(_ context.Context, addr string) ([]string, error) {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return nil, notFound(addr)
	}
	for _, line := range t {
		if line.addr == a.Unmap() {
			return append([]string(nil), line.names...), nil
		}
	}
	return nil, notFound(addr)
}

func (t hostsTable) LookupCNAME(_ context.Context, name string) (string, error) {
	return "", notFound(name)
}
