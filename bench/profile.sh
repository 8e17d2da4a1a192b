#!/usr/bin/env bash
# CPU profiles of one workload's sockstar server and client, for pprof.
#
#   bash bench/profile.sh bulk 2048          # DIR, then the client's arguments
#   bash bench/profile.sh concurrent 1000 40
#   go tool pprof -top OUT/bulk-server.prof  # OUT is printed at the end
#
# Both run as in run.sh (127.0.0.1, port 0, the server's first line is its
# port) with SOCKSTAR_CPUPROFILE set. A server that serves until stopped
# (concurrent, churn) gets one SIGINT once its client is done, which ends
# it through KeyboardInterrupt and so writes its profile.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: profile.sh DIR [CLIENT_ARG ...]}
shift
OUT=${OUT:-$root/bench/out}
LIMIT=${LIMIT:-120}
mkdir -p "$OUT"
tmp=$(mktemp -d)
spid=""
cleanup() {
	[[ -z $spid ]] || kill "$spid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

(cd "$root" && go build -tags cpuprofile -o "$OUT/sockstar" ./cmd/sockstar)
mkfifo "$tmp/port"
SOCKSTAR_CPUPROFILE=$OUT/$dir-server.prof timeout "$LIMIT" "$OUT/sockstar" run "$root/bench/$dir/server.star" 127.0.0.1 0 >"$tmp/port" &
spid=$!
read -r -t 30 port <"$tmp/port"
SOCKSTAR_CPUPROFILE=$OUT/$dir-client.prof timeout "$LIMIT" "$OUT/sockstar" run "$root/bench/$dir/client.star" 127.0.0.1 "$port" "$@"
case $dir in
concurrent | churn)
	# timeout's child is sockstar: one SIGINT to it alone (two would skip the profile).
	kill -INT "$(pgrep -P "$spid" | head -1)" 2>/dev/null || true
	;;
esac
wait "$spid" 2>/dev/null || true
spid=""
echo "profiles: $OUT/$dir-server.prof $OUT/$dir-client.prof (binary $OUT/sockstar)"
