// Command concurrent is the native Go reference for the concurrent
// workload: a goroutine per connection on both sides, as server.py and
// client.py have a thread per connection.
//
//	concurrent server HOST PORT       print the port, echo every connection; runs until killed
//	concurrent client HOST PORT M K   M connections, K 64-byte round trips each; print "round trips/s: X"
package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"sync"
	"time"
)

func main() {
	switch {
	case len(os.Args) == 4 && os.Args[1] == "server":
		ln, err := net.Listen("tcp", net.JoinHostPort(os.Args[2], os.Args[3]))
		check(err)
		fmt.Println(ln.Addr().(*net.TCPAddr).Port)
		for {
			conn, err := ln.Accept()
			check(err)
			go handle(conn)
		}
	case len(os.Args) == 6 && os.Args[1] == "client":
		m, err := strconv.Atoi(os.Args[4])
		check(err)
		k, err := strconv.Atoi(os.Args[5])
		check(err)
		client(net.JoinHostPort(os.Args[2], os.Args[3]), m, k)
	default:
		fmt.Fprintln(os.Stderr, "usage: concurrent server HOST PORT | client HOST PORT M K")
		os.Exit(2)
	}
}

func handle(conn net.Conn) {
	defer conn.Close()
	buf := make([]byte, 1024)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return
		}
		if _, err := conn.Write(buf[:n]); err != nil {
			return
		}
	}
}

func client(addr string, m, k int) {
	conns := make([]net.Conn, m)
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		check(err)
		conns[i] = c
	}
	var wg sync.WaitGroup
	start := time.Now()
	for _, c := range conns {
		wg.Go(func() {
			msg := make([]byte, 64)
			buf := make([]byte, 1024)
			for range k {
				_, err := c.Write(msg)
				check(err)
				for got := 0; got < len(msg); {
					n, err := c.Read(buf)
					if err == io.EOF {
						check(fmt.Errorf("server closed the connection"))
					}
					check(err)
					got += n
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	for _, c := range conns {
		c.Close()
	}
	fmt.Printf("round trips/s: %.0f\n", float64(m*k)/elapsed.Seconds())
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "concurrent:", err)
		os.Exit(1)
	}
}
