#!/usr/bin/env bash
# The benchmark kit: each workload as a CPython tutorial-style program, its
# .star port under sockstar (or, with no .star, sockstar running the .py
# itself), and a native Go program, side by side; prints one table with the
# ratios sockstar/CPython and sockstar/Go and the targets of issue 5. The
# compute rows run one Python file three ways: python3, sockstar run, and
# go.starlark.net alone (bench/starlark) in the Go column.
#
#   bash bench/run.sh                                # everything, about 4 minutes
#   WORKLOADS="pingpong udp" RUNS=5 bash bench/run.sh
#
# Options (environment variables, defaults in brackets):
#   WORKLOADS  which rows [pingpong pingtry pingtrace roles protocol concurrent bulk udp churn
#              startup compute scenarios simroles simconc simscenarios]
#   IMPLS      which programs [CPython sockstar Go]
#   RUNS       runs per figure, the median is shown [5]
#   N          ping-pong and protocol round trips [20000]
#   UDP_N      UDP round trips [20000]
#   CONC_M     concurrent connection counts [10 100 1000]
#   CONC_TOTAL concurrent round trips per run, split over the M connections [20000]
#   MIB        bulk mebibytes per run [512]       CHURN_N  churn connections [5000]
#   STARTS     start-ups timed per run [20]       LIMIT    seconds any one process may run [120]
#   PYTHON     the CPython to compare with [python3's sys.executable]
#
# Every server binds 127.0.0.1 port 0 and prints the port the kernel gave it
# as its first line, which this script waits for (no sleeps). Servers that
# serve forever (concurrent, churn) are stopped once their client is done;
# every process runs under `timeout`, and leftovers are killed on exit.
# Runs alternate between implementations so a slow patch of the machine hits
# them all.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
WORKLOADS=${WORKLOADS:-pingpong pingtry pingtrace roles protocol concurrent bulk udp churn startup compute scenarios simroles simconc simscenarios}
IMPLS=${IMPLS:-CPython sockstar Go}
RUNS=${RUNS:-5}
N=${N:-20000}
UDP_N=${UDP_N:-20000}
CONC_M=${CONC_M:-10 100 1000}
CONC_TOTAL=${CONC_TOTAL:-20000}
MIB=${MIB:-512}
CHURN_N=${CHURN_N:-5000}
STARTS=${STARTS:-20}
# The interpreter itself, not a pyenv shim (a shell script that adds about
# 50 ms to every start).
PYTHON=${PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}
LIMIT=${LIMIT:-120}

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

echo "building sockstar and the Go programs..." >&2
(
	cd "$root"
	# Static, as README's Install builds it: no C resolver to load at start-up.
	CGO_ENABLED=0 go build -o "$tmp/sockstar" ./cmd/sockstar
	for w in echo protocol concurrent bulk udp churn startup; do
		go build -o "$tmp/go-$w" "./bench/$w"
	done
	# go.starlark.net alone, for the compute rows.
	go build -o "$tmp/go-starlark" ./bench/starlark
	go build -o "$tmp/timeit" ./bench/timeit
	# Rewritten through write(2): the linker writes through a memory map,
	# which leaves the file's pages in the page cache in a layout that
	# starts a program slower and less evenly (byte-identical builds of
	# sockstar start 2.9 and 3.2 ms; their copies 2.5 and 2.5). A copy
	# starts as the binary does once it has been read back from disk.
	for f in "$tmp"/sockstar "$tmp"/go-*; do
		cp "$f" "$f.copy" && mv "$f.copy" "$f"
	done
)
# A thousand connections on each side need more than the usual 1024 files;
# Go raises its own limit, CPython does not.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# prog IMPL DIR ROLE: sets CMD to the command line of one program. The
# echotry server (its loop in try/except) pairs with echo's client, and Go
# has one echo server for both. sockstar runs DIR/ROLE.star if there is
# one, else DIR/ROLE.py itself.
prog() {
	if [[ $2 == echotry && ($3 == client || $1 == Go) ]]; then
		set -- "$1" echo "$3"
	fi
	if [[ $2 == echotrace ]]; then
		# Both sides record every call (runtime/trace) into a JSON-lines file.
		CMD=("$tmp/sockstar" run --trace "$tmp/trace-$3.jsonl" "$root/bench/echo/$3.star")
		return
	fi
	case $1 in
	CPython) CMD=("$PYTHON" "$root/bench/$2/$3.py") ;;
	sockstar)
		if [[ -e $root/bench/$2/$3.star ]]; then
			CMD=("$tmp/sockstar" run "$root/bench/$2/$3.star")
		else
			CMD=("$tmp/sockstar" run "$root/bench/$2/$3.py")
		fi
		;;
	Go) CMD=("$tmp/go-$2" "$3") ;;
	esac
}

fail() {
	echo "$1" >&2
	shift
	cat "$@" >&2
	exit 1
}

# pair IMPL DIR CLIENT_ARG...: a server and its client as two processes;
# sets VALUE to the number the client printed last ("...: VALUE") and, for
# servers that serve until stopped, HWM to the server's peak RSS in KiB.
pair() {
	local impl=$1 dir=$2
	shift 2
	local fifo=$tmp/port.$RANDOM
	mkfifo "$fifo"
	prog "$impl" "$dir" server
	timeout "$LIMIT" "${CMD[@]}" 127.0.0.1 0 >"$fifo" 2>"$tmp/server.err" &
	local spid=$!
	pids+=("$spid")
	local port=""
	if ! read -r -t 30 port <"$fifo" || [[ ! $port =~ ^[0-9]+$ ]]; then
		fail "$impl $dir server did not print its port:" "$tmp/server.err"
	fi
	rm -f "$fifo"
	prog "$impl" "$dir" client
	local out
	if ! out=$(timeout "$LIMIT" "${CMD[@]}" 127.0.0.1 "$port" "$@" 2>"$tmp/client.err"); then
		fail "$impl $dir client failed:" "$tmp/client.err"
	fi
	VALUE=${out##*: }
	[[ $VALUE =~ ^[0-9]+$ ]] || fail "$impl $dir client printed an unexpected line: $out"
	case $dir in
	concurrent | churn)
		# The server (timeout's child) is still up: its high-water mark is
		# its peak over the whole run.
		local child
		child=$(pgrep -P "$spid" | head -1)
		HWM=$(awk '/^VmHWM:/ {print $2}' "/proc/$child/status" 2>/dev/null || echo 0)
		kill "$spid" 2>/dev/null || true
		wait "$spid" 2>/dev/null || true
		;;
	*)
		wait "$spid" || fail "$impl $dir server failed:" "$tmp/server.err"
		;;
	esac
}

# Results: VALS[row|impl] is the space-separated list of figures of a row.
declare -A VALS
rows=()
add_row() { [[ " ${rows[*]} " == *" $1 "* ]] || rows+=("$1"); }
record() {
	VALS[$1|$2]+="${VALS[$1|$2]:+ }$3"
	echo "  $1 $2: $3" >&2
}

# compute IMPL NAME: runs bench/compute/NAME.py once, with python3, sockstar
# or (for Go) go.starlark.net alone; sets VALUE to its "loops/s: N" figure.
compute() {
	local file=$root/bench/compute/$2.py out
	case $1 in
	CPython) CMD=("$PYTHON" "$file") ;;
	sockstar) CMD=("$tmp/sockstar" run "$file") ;;
	Go) CMD=("$tmp/go-starlark" "$file") ;;
	esac
	if ! out=$(timeout "$LIMIT" "${CMD[@]}" 2>"$tmp/compute.err"); then
		fail "$1 compute/$2.py failed:" "$tmp/compute.err"
	fi
	[[ $out =~ ^loops/s:\ ([0-9]+)$ ]] || fail "$1 compute/$2.py printed an unexpected output: $out"
	VALUE=${BASH_REMATCH[1]}
}

# msrun RUNS CMD...: the median wall time of one run of CMD, in ms (1
# decimal), timed by bench/timeit, which starts CMD itself: a shell's fork
# and exec would add a millisecond or more to every run.
msrun() {
	local n=$1
	shift
	timeout "$LIMIT" "$tmp/timeit" "$n" "$@" 2>"$tmp/start.err" || fail "$* failed:" "$tmp/start.err"
}

# simwall ROW ROUNDTRIPS WORKLOAD CLIENT-ARGS...: WORKLOAD's server.star and
# client.star as two roles under --sim, timed on the wall clock (the
# client's own rate is in virtual time): round trips per second.
simwall() {
	local row=$1 n=$2 w=$3
	shift 3
	local t0 t1 out
	t0=$(date +%s%N)
	out=$(cd "$tmp" && timeout "$LIMIT" ./sockstar run --sim "$root/bench/$w/server.star" -- "$root/bench/$w/client.star" "$@" 2>"$tmp/$row.err") ||
		fail "sockstar run --sim $w's server and client failed:" "$tmp/$row.err"
	t1=$(date +%s%N)
	grep -q '^\[client\] round trips/s: ' <<<"$out" || fail "unexpected output of $w's roles under --sim: $out"
	VALUE=$(awk -v n="$n" -v ns=$((t1 - t0)) 'BEGIN {printf "%.0f", n / (ns / 1e9)}')
	record "$row" sockstar "$VALUE"
}

for w in $WORKLOADS; do
	echo "== $w" >&2
	for ((r = 1; r <= RUNS; r++)); do
		for impl in $IMPLS; do
			case $w in
			pingpong)
				add_row pingpong
				pair "$impl" echo "$N"
				record pingpong "$impl" "$VALUE"
				;;
			pingtrace)
				# Only sockstar records; the row compares it with its own ping-pong.
				if [[ $impl == sockstar ]]; then
					add_row pingtrace
					pair sockstar echotrace "$N"
					record pingtrace sockstar "$VALUE"
				fi
				;;
			pingtry)
				add_row pingtry
				pair "$impl" echotry "$N"
				record pingtry "$impl" "$VALUE"
				;;
			roles)
				# Server and client as two roles of one sockstar run; the roles
				# take no arguments, so the client does its default 20000 round
				# trips. CPython's row is its two-process figure (the target's
				# reference); Go's is the same pair as goroutines of one process.
				add_row roles
				case $impl in
				sockstar)
					out=$(cd "$tmp" && timeout "$LIMIT" ./sockstar run "$root/bench/echo/server.star" "$root/bench/echo/client.star" 2>"$tmp/roles.err") ||
						fail "sockstar run server.star client.star failed:" "$tmp/roles.err"
					VALUE=$(sed -n 's/^\[client\] round trips\/s: \([0-9]*\)$/\1/p' <<<"$out")
					[[ $VALUE =~ ^[0-9]+$ ]] || fail "unexpected output of the two roles: $out"
					;;
				Go) VALUE=$(timeout "$LIMIT" "$tmp/go-echo" both 20000) && VALUE=${VALUE##*: } ;;
				CPython) pair CPython echo 20000 ;;
				esac
				record roles "$impl" "$VALUE"
				;;
			protocol)
				add_row protocol
				pair "$impl" protocol "$N"
				record protocol "$impl" "$VALUE"
				;;
			concurrent)
				for m in $CONC_M; do
					k=$((CONC_TOTAL / m))
					((k >= 10)) || k=10
					add_row "conc$m"
					add_row "mem$m"
					pair "$impl" concurrent "$m" "$k"
					record "conc$m" "$impl" "$VALUE"
					record "mem$m" "$impl" "$(awk -v h="$HWM" -v m="$m" 'BEGIN {printf "%.1f", h / m}')"
				done
				;;
			bulk | udp | churn)
				add_row "$w"
				case $w in
				bulk) arg=$MIB ;;
				udp) arg=$UDP_N ;;
				churn) arg=$CHURN_N ;;
				esac
				pair "$impl" "$w" "$arg"
				record "$w" "$impl" "$VALUE"
				;;
			startup)
				add_row startup
				case $impl in
				CPython) VALUE=$(msrun "$STARTS" "$PYTHON" -c pass) ;;
				sockstar) VALUE=$(msrun "$STARTS" "$tmp/sockstar" run "$root/bench/startup/empty.star") ;;
				Go) VALUE=$(msrun "$STARTS" "$tmp/go-startup") ;;
				esac
				record startup "$impl" "$VALUE"
				;;
			compute)
				for c in arith strings bytes dicts calls; do
					add_row "compute-$c"
					# Plain Starlark has no bytes methods: no Go figure.
					[[ $c == bytes && $impl == Go ]] && continue
					compute "$impl" "$c"
					record "compute-$c" "$impl" "$VALUE"
				done
				;;
			scenarios)
				# sockstar only: the scenarios are sockstar's own.
				add_row scenarios
				if [[ $impl == sockstar ]]; then
					VALUE=$(cd "$root" && msrun 1 "$tmp/sockstar" test scenarios/)
					record scenarios sockstar "$VALUE"
				fi
				;;
			simroles)
				# The roles row's pair under --sim, start-up included: 5 x N round
				# trips, so that start-up weighs as little as it does in the kernel
				# row, whose client times only its loop.
				add_row simroles
				[[ $impl == sockstar ]] && simwall simroles $((5 * N)) echo 127.0.0.1 65432 $((5 * N))
				;;
			simconc)
				# 1000 connections, a thread each, 20 round trips on each.
				add_row simconc
				[[ $impl == sockstar ]] && simwall simconc 20000 concurrent 127.0.0.1 65433 1000 20
				;;
			simscenarios)
				add_row simscenarios
				if [[ $impl == sockstar ]]; then
					VALUE=$(cd "$root" && msrun 1 "$tmp/sockstar" test --sim scenarios/)
					record simscenarios sockstar "$VALUE"
				fi
				;;
			*)
				echo "unknown workload $w (want: pingpong pingtry pingtrace roles protocol concurrent bulk udp churn startup compute scenarios simroles simconc simscenarios)" >&2
				exit 2
				;;
			esac
		done
	done
done

median() {
	[[ -n $1 ]] || {
		echo -
		return
	}
	printf '%s\n' $1 | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}
ratio() {
	if [[ $1 == - || $2 == - ]] || awk -v b="$2" 'BEGIN {exit !(b == 0)}'; then
		echo -
	else
		awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'
	fi
}
# met COND: "met" or "NOT met" for an awk condition on s, c, g (the medians
# of sockstar, CPython, Go, of the caller's $row), "?" when a figure is
# missing; then in how many of the rounds the condition held on that
# round's own figures, which ran one after the other: a verdict the
# machine's drift can flip shows as 2/5 or 3/5, a robust one as 0/5 or 5/5.
# against ROW FACTOR LABEL: the target "sockstar >= FACTOR x ROW's sockstar".
against() {
	local plain
	plain=$(median "${VALS[$1|sockstar]:-}")
	if [[ $plain == - || $star == - ]]; then
		echo "s >= $2 x s($3): ?"
	else
		echo "s >= $2 x s($3): $(awk -v s="$star" -v p="$plain" -v f="$2" 'BEGIN {print (s >= f * p) ? "met" : "NOT met"}') ($(ratio "$star" "$plain"))"
	fi
}

met() {
	local cond=$1
	if [[ $star == - || ($cond == *c* && $cpy == -) || ($cond == *g* && $go == -) ]]; then
		echo "?"
		return
	fi
	local verdict rounds
	verdict=$(awk -v s="$star" -v c="$cpy" -v g="$go" "BEGIN {exit !($cond)}" && echo met || echo "NOT met")
	rounds=$(awk -v S="${VALS[$row|sockstar]:-}" -v C="${VALS[$row|CPython]:-}" -v G="${VALS[$row|Go]:-}" "
		BEGIN {
			n = split(S, sv, \" \"); split(C, cv, \" \"); split(G, gv, \" \")
			for (i = 1; i <= n; i++) { s = sv[i]; c = cv[i]; g = gv[i]; if ($cond) k++ }
			printf \"%d/%d\", k, n
		}")
	echo "$verdict ($rounds runs)"
}

echo
echo "sockstar vs CPython ($($PYTHON -V 2>&1)) vs native Go ($(go env GOVERSION)), 127.0.0.1, $(nproc) CPUs, median of $RUNS runs"
fmt='%-36s %10s %10s %10s %9s %9s  %s\n'
printf "$fmt" workload CPython sockstar Go s/CPython s/Go "target"
for row in "${rows[@]}"; do
	cpy=$(median "${VALS[$row|CPython]:-}")
	star=$(median "${VALS[$row|sockstar]:-}")
	go=$(median "${VALS[$row|Go]:-}")
	target=""
	case $row in
	pingpong)
		name="ping-pong, round trips/s"
		target="s/Go >= 0.85: $(met 's >= 0.85 * g')"
		;;
	pingtry)
		name="ping-pong, server loop in try, rt/s"
		# Against the plain ping-pong server under sockstar (the pingpong row).
		target=$(against pingpong 0.9 ping-pong)
		;;
	pingtrace)
		name="ping-pong, traced (--trace), rt/s"
		target=$(against pingpong 0.85 ping-pong)
		;;
	roles)
		name="ping-pong, 2 roles of 1 run, rt/s"
		target="s >= 2 x CPython 2-process: $(met 's >= 2 * c')"
		;;
	protocol)
		name="protocol ping-pong, round trips/s"
		target="s/CPython >= 1.5: $(met 's >= 1.5 * c')"
		;;
	conc*)
		m=${row#conc}
		name="concurrent M=$m, round trips/s"
		[[ $m == 1000 ]] && target="s/CPython >= 3: $(met 's >= 3 * c')"
		;;
	mem*)
		m=${row#mem}
		name="  server peak RSS/conn M=$m, KiB"
		[[ $m == 1000 ]] && target="sockstar < 64 KiB: $(met 's < 64')"
		;;
	bulk)
		name="bulk 64 KiB blocks, MiB/s"
		target="s/Go >= 0.85: $(met 's >= 0.85 * g')"
		;;
	udp)
		name="UDP ping-pong, round trips/s"
		target="s/Go >= 0.85: $(met 's >= 0.85 * g')"
		;;
	churn)
		name="churn, connections/s"
		target="s/CPython >= 1: $(met 's >= c')"
		;;
	startup)
		name="start-up, ms (lower is better)"
		target="sockstar < 10 ms: $(met 's < 10')"
		;;
	compute-*)
		case ${row#compute-} in
		arith) name="compute: arithmetic loop, loops/s" ;;
		strings) name="compute: string parsing, loops/s" ;;
		bytes) name="compute: bytes methods, loops/s" ;;
		dicts) name="compute: dict and list, loops/s" ;;
		calls) name="compute: function calls, loops/s" ;;
		esac
		if [[ $row == compute-bytes ]]; then
			target="s/CPython >= 0.5: $(met 's >= 0.5 * c')"
		else
			target="s/Go >= 0.9, s/CPython >= 0.5: $(met 's >= 0.9 * g && s >= 0.5 * c')"
		fi
		;;
	scenarios)
		name="sockstar test scenarios/, ms"
		;;
	simroles)
		name="ping-pong, 2 roles, --sim, wall rt/s"
		target=$(against roles 3 "2 roles, kernel")
		;;
	simconc)
		name="concurrent M=1000, --sim, wall rt/s"
		;;
	simscenarios)
		name="sockstar test --sim scenarios/, ms"
		;;
	esac
	printf "$fmt" "$name" "$cpy" "$star" "$go" "$(ratio "$star" "$cpy")" "$(ratio "$star" "$go")" "$target"
done
