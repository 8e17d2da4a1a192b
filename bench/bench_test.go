// Package bench measures sockstar's socket path. Each workload directory
// (echo, concurrent, bulk, udp, churn, startup) holds a CPython program,
// its .star port and a native Go program (main.go); run.sh runs them side
// by side. protocol has no .star: sockstar runs its .py files; compute's
// .py files run under CPython, sockstar and go.starlark.net alone
// (starlark/main.go). Here the echo programs run in-process, and the socket builtins
// alone are timed. Benchmarks run only with -bench:
//
//	go test ./bench -run '^$' -bench . -benchmem
package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime"
	"sockstar/runtime/py"
	"sockstar/runtime/trace"
	"sockstar/stdlib"
)

// modules is what the scripts import.
func modules() map[string]*py.Module { return stdlib.Modules() }

func compile(tb testing.TB, path string) *runtime.Program {
	tb.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	prog, err := runtime.Compile(path, src, modules())
	if err != nil {
		tb.Fatalf("compile %s: %v", path, err)
	}
	return prog
}

// code is a program without its comment lines: what must match between
// the CPython original and its sockstar port.
func code(tb testing.TB, path string) string {
	tb.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(src), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// workloads are the directories holding a CPython program and its port.
var workloads = []string{"echo", "concurrent", "bulk", "udp", "churn", "startup"}

// TestPrograms checks that every .star compiles and is its .py's code, and
// that every workload has its programs.
func TestPrograms(t *testing.T) {
	for _, dir := range workloads {
		pys, err := filepath.Glob(filepath.Join(dir, "*.py"))
		if err != nil {
			t.Fatal(err)
		}
		if len(pys) == 0 {
			t.Errorf("%s: no .py programs", dir)
		}
		for _, pyFile := range pys {
			star := strings.TrimSuffix(pyFile, ".py") + ".star"
			compile(t, star)
			if got, want := code(t, star), code(t, pyFile); got != want {
				t.Errorf("%s is not the same code as %s:\n%s\n---\n%s", star, pyFile, got, want)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "main.go")); err != nil {
			t.Errorf("%s: no native Go program: %v", dir, err)
		}
	}
}

// The echotry server (its loop in try/except) is the same code as its .py,
// and serves echo's client.
func TestEchoTryServes(t *testing.T) {
	if got, want := code(t, "echotry/server.star"), code(t, "echotry/server.py"); got != want {
		t.Errorf("echotry/server.star is not the same code as echotry/server.py")
	}
	if rate := echo(t, compile(t, "echotry/server.star"), compile(t, "echo/client.star"), 200); rate <= 0 {
		t.Errorf("rate %v", rate)
	}
}

var rateLine = regexp.MustCompile(`^round trips/s: ([0-9]+)\n$`)

// echo runs the .star server and client in-process for n round trips and
// returns the rate the client printed.
func echo(tb testing.TB, server, client *runtime.Program, n int) float64 {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	pr, pw := io.Pipe()
	var serverErr bytes.Buffer
	serverDone := make(chan int, 1)
	go func() {
		defer pw.Close()
		serverDone <- server.Run(ctx, runtime.Config{
			Modules: modules(),
			Argv:    []string{"server.star", "127.0.0.1", "0"},
			Stdin:   strings.NewReader(""),
			Stdout:  pw,
			Stderr:  &serverErr,
		})
	}()
	lines := bufio.NewReader(pr)
	first, err := lines.ReadString('\n')
	if err != nil {
		cancel()
		<-serverDone
		tb.Fatalf("server printed no port: %v\n%s", err, serverErr.String())
	}
	go io.Copy(io.Discard, lines) // the server must never block on its stdout
	port := strings.TrimSpace(first)
	if _, err := strconv.Atoi(port); err != nil {
		cancel()
		<-serverDone
		tb.Fatalf("server's first line is not a port: %q", first)
	}

	var out, clientErr bytes.Buffer
	status := client.Run(ctx, runtime.Config{
		Modules: modules(),
		Argv:    []string{"client.star", "127.0.0.1", port, strconv.Itoa(n)},
		Stdin:   strings.NewReader(""),
		Stdout:  &out,
		Stderr:  &clientErr,
	})
	if status != runtime.ExitOK {
		cancel()
		<-serverDone
		tb.Fatalf("client exited %d:\n%s", status, clientErr.String())
	}
	if s := <-serverDone; s != runtime.ExitOK {
		tb.Fatalf("server exited %d:\n%s", s, serverErr.String())
	}
	m := rateLine.FindStringSubmatch(out.String())
	if m == nil {
		tb.Fatalf("client printed %q, want %q", out.String(), "round trips/s: N\n")
	}
	rate, _ := strconv.ParseFloat(m[1], 64)
	return rate
}

// TestProtocol runs the protocol programs' .py files, which sockstar runs
// as they are, for a few round trips; the workload has its Go program.
func TestProtocol(t *testing.T) {
	server, client := compile(t, "protocol/server.py"), compile(t, "protocol/client.py")
	if rate := echo(t, server, client, 50); rate <= 0 {
		t.Errorf("rate = %v, want > 0", rate)
	}
	if _, err := os.Stat("protocol/main.go"); err != nil {
		t.Errorf("protocol: no native Go program: %v", err)
	}
}

// computes are the compute programs run.sh times, bytes.py under CPython
// and sockstar only.
var computes = []string{"arith", "strings", "bytes", "dicts", "calls"}

// TestComputeCompiles checks that sockstar compiles every compute program
// and go.starlark.net alone (as starlark/main.go runs it) all but bytes.py.
// Running them is run.sh's job: each takes a good part of a second.
func TestComputeCompiles(t *testing.T) {
	for _, name := range computes {
		path := filepath.Join("compute", name+".py")
		compile(t, path)
		if name == "bytes" {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, line := range strings.Split(string(src), "\n") {
			if strings.TrimSpace(line) == "import time" {
				line = ""
			}
			lines = append(lines, line)
		}
		opts := &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
		isPredeclared := func(name string) bool { return name == "time" }
		if _, _, err := starlark.SourceProgramOptions(opts, path, strings.Join(lines, "\n"), isPredeclared); err != nil {
			t.Errorf("go.starlark.net: %v", err)
		}
	}
	if _, err := os.Stat("starlark/main.go"); err != nil {
		t.Errorf("no go.starlark.net runner: %v", err)
	}
}

// TestEcho runs the echo programs for a few round trips: the benchmark's
// plumbing works, and the server ends by itself when the client closes.
func TestEcho(t *testing.T) {
	server, client := compile(t, "echo/server.star"), compile(t, "echo/client.star")
	if rate := echo(t, server, client, 50); rate <= 0 {
		t.Errorf("rate = %v, want > 0", rate)
	}
}

// BenchmarkEchoRoundTrip is one 64-byte round trip between the .star client
// and the .star server, each on its own goroutine over 127.0.0.1 TCP.
func BenchmarkEchoRoundTrip(b *testing.B) {
	server, client := compile(b, "echo/server.star"), compile(b, "echo/client.star")
	b.ReportAllocs()
	b.ResetTimer()
	rate := echo(b, server, client, b.N)
	b.ReportMetric(rate, "roundtrips/s")
}

// sendRecv's pair is a socketpair (AF_UNIX) or, with a third argument, a
// TCP connection over 127.0.0.1 made to itself through a listener.
const sendRecv = `
import socket
import sys

N = int(sys.argv[1])
MSG = b"x" * 64
if len(sys.argv) > 2:
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    a = socket.create_connection(srv.getsockname())
    b, _ = srv.accept()
    srv.close()
else:
    a, b = socket.socketpair()
got = 0
for i in range(N):
    a.send(MSG)
    got += len(b.recv(64))
a.close()
b.close()
if got != 64 * N:
    sys.exit("lost bytes: %d of %d" % (got, 64 * N))
`

// BenchmarkSocketSendRecv is one send and one recv of 64 bytes over a
// socketpair, within one script: the cost of the socket calls themselves.
func BenchmarkSocketSendRecv(b *testing.B) {
	benchSendRecv(b)
}

// BenchmarkSocketSendRecvTCP is the same over a loopback TCP connection.
func BenchmarkSocketSendRecvTCP(b *testing.B) {
	benchSendRecv(b, "tcp")
}

func benchSendRecv(b *testing.B, args ...string) {
	benchScript(b, "sendrecv.star", sendRecv, args...)
}

// BenchmarkSocketSendRecvTraced is BenchmarkSocketSendRecv recording
// every call (runtime/trace), as --trace does.
func BenchmarkSocketSendRecvTraced(b *testing.B) {
	benchScriptWith(b, "sendrecv.star", sendRecv, trace.New(trace.DefaultDataCap))
}

// benchScript runs src once with b.N as its first argument, then args.
func benchScript(b *testing.B, name, src string, args ...string) {
	benchScriptWith(b, name, src, nil, args...)
}

// benchScriptWith is benchScript recording into rec, when not nil.
func benchScriptWith(b *testing.B, name, src string, rec *trace.Recorder, args ...string) {
	prog, err := runtime.Compile(name, []byte(src), modules())
	if err != nil {
		b.Fatal(err)
	}
	var stderr bytes.Buffer
	b.ReportAllocs()
	b.ResetTimer()
	var ts *trace.Source
	if rec != nil {
		ts = &trace.Source{R: rec, Role: "bench"}
	}
	status := prog.Run(context.Background(), runtime.Config{
		Trace:   ts,
		Modules: modules(),
		Argv:    append([]string{name, fmt.Sprint(b.N)}, args...),
		Stdin:   strings.NewReader(""),
		Stdout:  io.Discard,
		Stderr:  &stderr,
	})
	b.StopTimer()
	if status != runtime.ExitOK {
		b.Fatalf("exit %d:\n%s", status, stderr.String())
	}
}

// recvLarge sends N blocks of 64 KiB over a socketpair and receives each
// with recv(65536): with "kept" the script keeps each result (a list holds
// the last), else it only takes its length, so recv reuses one buffer.
const recvLarge = `
import socket
import sys

N = int(sys.argv[1])
keep = len(sys.argv) > 2
a, b = socket.socketpair()
BLOCK = b"x" * 65536
got = 0
last = []
for i in range(N):
    a.sendall(BLOCK)
    n = 0
    while n < 65536:
        if keep:
            chunk = b.recv(65536)
            last = [chunk]
            n += len(chunk)
        else:
            data = b.recv(65536)
            n += len(data)
    got += n
a.close()
b.close()
if got != 65536 * N:
    sys.exit("lost bytes: %d of %d" % (got, 65536 * N))
`

// BenchmarkSocketRecvLarge is a 64 KiB send and its receive, the result only
// measured: the bulk workload's server loop, in one script.
func BenchmarkSocketRecvLarge(b *testing.B) {
	benchScript(b, "recvlarge.star", recvLarge)
}

// BenchmarkSocketRecvLargeKept is the same with every result kept, so every
// receive gets fresh memory.
func BenchmarkSocketRecvLargeKept(b *testing.B) {
	benchScript(b, "recvlarge.star", recvLarge, "kept")
}

// connectAccept is churn within one script: N times a client connects to
// a listening socket on 127.0.0.1, the server side accepts, one 64-byte
// exchange, both close.
const connectAccept = `
import socket
import sys

N = int(sys.argv[1])
MSG = b"x" * 64
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind(("127.0.0.1", 0))
srv.listen(16)
addr = srv.getsockname()
for i in range(N):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.connect(addr)
    conn, peer = srv.accept()
    c.sendall(MSG)
    conn.sendall(conn.recv(1024))
    if len(c.recv(1024)) != 64:
        sys.exit("short echo")
    conn.close()
    c.close()
srv.close()
`

// BenchmarkSocketConnectAccept is one connection's life, both ends in one
// script: socket, connect, accept, an echo of 64 bytes, two closes.
func BenchmarkSocketConnectAccept(b *testing.B) {
	benchScript(b, "connectaccept.star", connectAccept)
}

// The interpreter paths the Python front end shapes (issue 20): each runs
// its loop b.N times in one script, so ns/op is one iteration.
const interpLoops = `
import sys

N = int(sys.argv[1])
KIND = sys.argv[2]
HEAD = "GET / HTTP/1.1\r\nHost: x\r\nAccept: */*"

def arith(n):
    t = 0
    for i in range(n):
        t += i * i % 7
    return t

def methods(n):
    t = 0
    for i in range(n):
        for line in HEAD.split("\r\n"):
            t += len(line.strip().lower())
    return t

def bytesm(n):
    data = b"GET /abc HTTP/1.1 a-zA-Z0-9 " * 36 + b"x" * 16
    t = 0
    for i in range(n):
        t += len(data.upper()) + data.count(b"a") + len(data[100:900])
    return t

def parse(n):
    raw = HEAD.encode("latin-1") + b"\r\nX-Seq: 42\r\n\r\n"
    t = 0
    for i in range(n):
        head, _, rest = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, path, version = lines[0].split(" ")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = "hello %s #%s\n" % (path, headers["x-seq"])
        t += len(("HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)).encode("latin-1"))
    return t

def misc(n):
    line = "  GET /items/42 HTTP/1.1  "
    text = "a\nbb\nccc\n"
    t = 0
    for i in range(n):
        parts = line.split()
        t += len(",".join(parts)) + len(text.splitlines()) + line.find("/") + text.count("b")
        if parts[0].startswith("GE"):
            t += 1
    return t

def calls(n):
    d = {}
    for i in range(n):
        d["k"] = d.get("k", 0) + 1
    return d["k"]

def dictlist(n):
    keys = ["host", "accept", "x-seq", "connection"]
    d, stack, found = {}, [], 0
    for i in range(n):
        for k in keys:
            d[k] = d.get(k, 0) + 1
        stack.append(i)
        stack.pop()
        if "x-seq" in d:
            found += 1
    return found

def same(n):
    a, b, t = [], [], 0
    for i in range(n):
        if a is not b:
            t += 1
    return t

{"arith": arith, "methods": methods, "bytesm": bytesm, "parse": parse, "misc": misc, "calls": calls, "dictlist": dictlist, "same": same}[KIND](N)
`

// BenchmarkInterpRangeMod is a range loop of t += i * i % 7: Starlark's own
// operators where the numbers analysis allows.
func BenchmarkInterpRangeMod(b *testing.B) { benchScript(b, "interp.py", interpLoops, "arith") }

// BenchmarkInterpStrMethods is split, strip and lower on a request head.
func BenchmarkInterpStrMethods(b *testing.B) { benchScript(b, "interp.py", interpLoops, "methods") }

// BenchmarkInterpBytesMethods is upper, count and a slice of 1 KiB bytes.
func BenchmarkInterpBytesMethods(b *testing.B) {
	benchScript(b, "interp.py", interpLoops, "bytesm")
}

// BenchmarkInterpParse is the protocol server's parse of a request head:
// partition, decode, split, strip, lower and % of the reply.
func BenchmarkInterpParse(b *testing.B) { benchScript(b, "interp.py", interpLoops, "parse") }

// BenchmarkInterpStrMisc is split(), join, splitlines, find, count and
// startswith on short ASCII text.
func BenchmarkInterpStrMisc(b *testing.B) { benchScript(b, "interp.py", interpLoops, "misc") }

// BenchmarkInterpMethodCall is d[k] = d.get(k, 0) + 1: a Python method of
// a built-in type called in one step.
func BenchmarkInterpMethodCall(b *testing.B) { benchScript(b, "interp.py", interpLoops, "calls") }

// BenchmarkInterpDictList is the compute dict and list row's loop without
// its growing list: a for loop over a list (the program's iterate hook),
// d.get and d[k] = v, append and pop, and `in` of a dict.
func BenchmarkInterpDictList(b *testing.B) {
	benchScript(b, "interp.py", interpLoops, "dictlist")
}

// BenchmarkInterpIs is `a is not b` on two lists: an identity test.
func BenchmarkInterpIs(b *testing.B) { benchScript(b, "interp.py", interpLoops, "same") }
