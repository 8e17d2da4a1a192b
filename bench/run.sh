#!/usr/bin/env bash
# Echo benchmark: CPython 3 against sockstar running the same programs.
#
#   bash bench/run.sh            # N=20000 round trips, 3 runs each
#   N=50000 RUNS=5 bash bench/run.sh
#
# For each implementation, server and client run as two processes on
# 127.0.0.1; the server binds port 0 and prints the port the kernel gave it
# as its first line, which this script waits for (no sleeps). Runs alternate
# between implementations so a slow patch of the machine hits both.
# Prints the median round trips/s per implementation and sockstar/CPython.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-20000}
RUNS=${RUNS:-3}
PYTHON=${PYTHON:-python3}
LIMIT=${LIMIT:-300} # seconds any one process may run

tmp=$(mktemp -d)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "building sockstar..." >&2
(cd "$root" && go build -o "$tmp/sockstar" ./cmd/sockstar)

# run_once IMPL: one server and one client; sets RATE to the client's round
# trips/s. It runs in this shell, not a subshell, so the trap sees its pids.
run_once() {
	local impl=$1 ext run
	case $impl in
	CPython)
		ext=py
		run=("$PYTHON")
		;;
	sockstar)
		ext=star
		run=("$tmp/sockstar" run)
		;;
	esac
	local fifo=$tmp/port.$$.$RANDOM
	mkfifo "$fifo"
	timeout "$LIMIT" "${run[@]}" "$root/bench/echo/server.$ext" 127.0.0.1 0 >"$fifo" 2>"$tmp/server.err" &
	local spid=$!
	pids+=("$spid")
	local port=""
	if ! read -r -t 30 port <"$fifo" || [[ ! $port =~ ^[0-9]+$ ]]; then
		echo "$impl server did not print its port:" >&2
		cat "$tmp/server.err" >&2
		exit 1
	fi
	rm -f "$fifo"
	local out
	if ! out=$(timeout "$LIMIT" "${run[@]}" "$root/bench/echo/client.$ext" 127.0.0.1 "$port" "$N" 2>"$tmp/client.err"); then
		echo "$impl client failed:" >&2
		cat "$tmp/client.err" >&2
		exit 1
	fi
	# The server ends by itself once the client has closed.
	if ! wait "$spid"; then
		echo "$impl server failed:" >&2
		cat "$tmp/server.err" >&2
		exit 1
	fi
	local rate=${out#round trips/s: }
	if [[ ! $rate =~ ^[0-9]+$ ]]; then
		echo "$impl client printed an unexpected line: $out" >&2
		exit 1
	fi
	RATE=$rate
}

median() {
	printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}

declare -A rates
impls=(CPython sockstar)
for ((r = 1; r <= RUNS; r++)); do
	for impl in "${impls[@]}"; do
		run_once "$impl"
		echo "run $r/$RUNS $impl: $RATE round trips/s" >&2
		rates[$impl]+="${rates[$impl]:+ }$RATE"
	done
done

# shellcheck disable=SC2086 # the runs are a space-separated list
cpy=$(median ${rates[CPython]})
# shellcheck disable=SC2086
star=$(median ${rates[sockstar]})
echo
echo "echo, 64-byte round trips on one TCP connection over 127.0.0.1, N=$N, median of $RUNS runs"
printf '%-14s %18s %12s   %s\n' implementation "round trips/s" "vs CPython" runs
printf '%-14s %18s %12s   %s\n' CPython "$cpy" 1.00 "${rates[CPython]}"
printf '%-14s %18s %12s   %s\n' sockstar "$star" "$(awk -v a="$star" -v b="$cpy" 'BEGIN {printf "%.2f", a / b}')" "${rates[sockstar]}"
