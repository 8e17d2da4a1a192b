// Command churn is the native Go reference for the churn workload: a
// connection per exchange.
//
//	churn server HOST PORT    print the port; accept, echo one message, close; runs until killed
//	churn client HOST PORT N  N connections with one 64-byte exchange each; print "connections/s: X"
package main

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"time"
)

func main() {
	switch {
	case len(os.Args) == 4 && os.Args[1] == "server":
		ln, err := net.Listen("tcp", net.JoinHostPort(os.Args[2], os.Args[3]))
		check(err)
		fmt.Println(ln.Addr().(*net.TCPAddr).Port)
		buf := make([]byte, 1024)
		// One connection at a time, as server.py serves them.
		for {
			conn, err := ln.Accept()
			check(err)
			if n, err := conn.Read(buf); err == nil {
				conn.Write(buf[:n])
			}
			conn.Close()
		}
	case len(os.Args) == 5 && os.Args[1] == "client":
		n, err := strconv.Atoi(os.Args[4])
		check(err)
		addr := net.JoinHostPort(os.Args[2], os.Args[3])
		msg := make([]byte, 64)
		buf := make([]byte, 1024)
		start := time.Now()
		for range n {
			conn, err := net.Dial("tcp", addr)
			check(err)
			_, err = conn.Write(msg)
			check(err)
			for got := 0; got < len(msg); {
				k, err := conn.Read(buf)
				check(err)
				got += k
			}
			conn.Close()
		}
		elapsed := time.Since(start)
		fmt.Printf("connections/s: %.0f\n", float64(n)/elapsed.Seconds())
	default:
		fmt.Fprintln(os.Stderr, "usage: churn server HOST PORT | client HOST PORT N")
		os.Exit(2)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "churn:", err)
		os.Exit(1)
	}
}
