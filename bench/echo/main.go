// Command echo is the native Go reference for the ping-pong workload: what
// package net does with the work of server.py and client.py.
//
//	echo server HOST PORT     print the port, echo one connection until EOF
//	echo client HOST PORT N   N 64-byte round trips; print "round trips/s: X"
//	echo both N               the server and the client in one process
package main

import (
	"fmt"
	"io"
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
		serve(ln)
	case len(os.Args) == 5 && os.Args[1] == "client":
		n, err := strconv.Atoi(os.Args[4])
		check(err)
		client(net.JoinHostPort(os.Args[2], os.Args[3]), n)
	case len(os.Args) == 3 && os.Args[1] == "both":
		n, err := strconv.Atoi(os.Args[2])
		check(err)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		check(err)
		done := make(chan struct{})
		go func() { serve(ln); close(done) }()
		client(ln.Addr().String(), n)
		<-done
	default:
		fmt.Fprintln(os.Stderr, "usage: echo server HOST PORT | client HOST PORT N | both N")
		os.Exit(2)
	}
}

// serve echoes the first connection until the client closes it.
func serve(ln net.Listener) {
	conn, err := ln.Accept()
	check(err)
	ln.Close()
	buf := make([]byte, 1024)
	for {
		n, err := conn.Read(buf)
		if err == io.EOF {
			break
		}
		check(err)
		_, err = conn.Write(buf[:n])
		check(err)
	}
	conn.Close()
}

func client(addr string, n int) {
	conn, err := net.Dial("tcp", addr)
	check(err)
	msg := make([]byte, 64)
	buf := make([]byte, 1024)
	start := time.Now()
	for range n {
		_, err := conn.Write(msg)
		check(err)
		for got := 0; got < len(msg); {
			k, err := conn.Read(buf)
			check(err)
			got += k
		}
	}
	elapsed := time.Since(start)
	conn.Close()
	fmt.Printf("round trips/s: %.0f\n", float64(n)/elapsed.Seconds())
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "echo:", err)
		os.Exit(1)
	}
}
