#!/usr/bin/env bash
# Writes cmd/sockstar/default.pgo, the CPU profile Go's compiler uses to
# optimise sockstar (profile-guided optimisation: `go build` picks up a
# main package's default.pgo by itself). The profile is of the workloads
# sockstar is measured on: the compute rows, the protocol server and
# client, and the TCP and UDP ping-pongs, each run once under a
# `-tags cpuprofile` build, merged into one.
#
#   bash bench/pgo.sh    # after changes to the interpreter's hot paths
#
# Each workload runs ROUNDS times [5]: one run of a compute row is a fifth
# of a second, some twenty samples, and profiles that thin differ from one
# make to the next in what they say is hot (and so in what is inlined).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tmp=$(mktemp -d)
spid=""
cleanup() {
	[[ -z $spid ]] || kill "$spid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# Profiled without the current profile, so one build's choices do not feed
# the next; static, as bench/run.sh and README's Install build it (a cgo
# build's profile made the static build's dict and list row 20% slower).
CGO_ENABLED=0 go build -pgo=off -tags cpuprofile -o "$tmp/sockstar" ./cmd/sockstar
ROUNDS=${ROUNDS:-5}
for round in $(seq "$ROUNDS"); do
	for f in bench/compute/*.py; do
		SOCKSTAR_CPUPROFILE="$tmp/compute-$(basename "$f" .py)-$round.prof" timeout 120 "$tmp/sockstar" run "$f" >/dev/null
	done
done

# pair DIR SERVER CLIENT: a server on 127.0.0.1 port 0 (its first line is
# the port) and its client, both profiled.
pair() {
	local dir=$1 server=$2 client=$3
	mkfifo "$tmp/port"
	SOCKSTAR_CPUPROFILE="$tmp/$dir-server-$round.prof" timeout 120 "$tmp/sockstar" run "bench/$dir/$server" 127.0.0.1 0 >"$tmp/port" &
	spid=$!
	read -r -t 30 port <"$tmp/port"
	SOCKSTAR_CPUPROFILE="$tmp/$dir-client-$round.prof" timeout 120 "$tmp/sockstar" run "bench/$dir/$client" 127.0.0.1 "$port" >/dev/null
	wait "$spid"
	spid=""
	rm -f "$tmp/port"
}
for round in $(seq "$ROUNDS"); do
	pair protocol server.py client.py
	pair echo server.star client.star
	pair udp server.star client.star
done

go tool pprof -proto "$tmp"/*.prof >cmd/sockstar/default.pgo
echo "wrote cmd/sockstar/default.pgo ($(wc -c <cmd/sockstar/default.pgo) bytes)"
