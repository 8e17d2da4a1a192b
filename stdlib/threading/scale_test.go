package threading_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	goruntime "runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"sockstar/runtime"
	"sockstar/stdlib"
)

// scaleConns is how many connections the echo server holds at once.
const scaleConns = 10000

// TestScaleThreadPerConnection runs a thread-per-connection echo server
// script and has a client process (this test binary again: two ends of
// 10,000 sockets do not fit under one process's descriptor limit) hold
// scaleConns connections open at once, each echoed twice. It logs the
// server's memory per connection.
func TestScaleThreadPerConnection(t *testing.T) {
	if testing.Short() {
		t.Skip("scale test")
	}
	src, err := os.ReadFile("testdata/scale/echo_server.star")
	require.NoError(t, err)
	prog, err := runtime.Compile("echo_server.star", src, stdlib.Modules())
	require.NoError(t, err)

	var before goruntime.MemStats
	goruntime.GC()
	goruntime.ReadMemStats(&before)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	stdout := newLineWriter("\n")
	stderr := newLineWriter("")
	done := make(chan int, 1)
	go func() {
		done <- prog.Run(ctx, runtime.Config{Modules: stdlib.Modules(), Argv: []string{"echo_server.star"}, Stdout: stdout, Stderr: stderr})
	}()
	select {
	case <-stdout.found:
	case code := <-done:
		t.Fatalf("server ended: %d %s", code, stderr.String())
	}
	port := strings.TrimSpace(strings.TrimPrefix(stdout.String(), "port "))

	client := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestScaleClient$", "-test.v")
	client.Env = append(os.Environ(), "SOCKSTAR_SCALE_PORT="+port)
	toClient, err := client.StdinPipe()
	require.NoError(t, err)
	fromClient, err := client.StdoutPipe()
	require.NoError(t, err)
	client.Stderr = os.Stderr
	require.NoError(t, client.Start())
	lines := bufio.NewScanner(fromClient)
	expect := func(prefix string) {
		t.Helper()
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), prefix) {
				return
			}
		}
		t.Fatalf("client ended before %q: %v; server stderr: %s", prefix, client.Wait(), stderr.String())
	}
	start := time.Now()
	expect("connected")
	connected := time.Since(start)

	var after goruntime.MemStats
	goruntime.GC()
	goruntime.ReadMemStats(&after)
	inUse := func(m *goruntime.MemStats) int64 { return int64(m.HeapInuse + m.StackInuse) }
	perConn := (inUse(&after) - inUse(&before)) / scaleConns
	t.Logf("%d connections held in %v; server memory per connection: %d bytes (%.1f KiB; heap %d MiB, stacks %d MiB, goroutines %d)",
		scaleConns, connected.Round(time.Millisecond), perConn, float64(perConn)/1024,
		(after.HeapInuse-before.HeapInuse)>>20, (after.StackInuse-before.StackInuse)>>20, goruntime.NumGoroutine())

	fmt.Fprintln(toClient, "again")
	expect("ok")
	require.NoError(t, client.Wait())
	cancel()
	<-done
	require.Less(t, perConn, int64(64<<10), "aim: under 64 KiB per connection")
}

// TestScaleClient is the client process of TestScaleThreadPerConnection.
func TestScaleClient(t *testing.T) {
	port := os.Getenv("SOCKSTAR_SCALE_PORT")
	if port == "" {
		t.Skip("run by TestScaleThreadPerConnection")
	}
	_, err := strconv.Atoi(port)
	require.NoError(t, err)
	addr := net.JoinHostPort("127.0.0.1", port)
	conns := make([]net.Conn, scaleConns)
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.Close()
			}
		}
	}()
	// round sends each connection its own message and checks the echo,
	// with a bounded number of connections in flight.
	round := func(dial bool, tag string) {
		var wg sync.WaitGroup
		errs := make(chan error, scaleConns)
		next := make(chan int)
		for w := 0; w < 200; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					if dial {
						c, err := net.DialTimeout("tcp", addr, 30*time.Second)
						if err != nil {
							errs <- err
							continue
						}
						conns[i] = c
					}
					c := conns[i]
					msg := fmt.Sprintf("%s %05d\n", tag, i)
					c.SetDeadline(time.Now().Add(60 * time.Second))
					if _, err := io.WriteString(c, msg); err != nil {
						errs <- err
						continue
					}
					buf := make([]byte, len(msg))
					if _, err := io.ReadFull(c, buf); err != nil || string(buf) != msg {
						errs <- fmt.Errorf("conn %d: got %q, %v", i, buf, err)
					}
				}
			}()
		}
		for i := 0; i < scaleConns; i++ {
			next <- i
		}
		close(next)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}
	round(true, "first")
	fmt.Println("connected", scaleConns)
	in := bufio.NewScanner(os.Stdin)
	require.True(t, in.Scan())
	round(false, "again")
	fmt.Println("ok")
}
