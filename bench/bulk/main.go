// Command bulk is the native Go reference for the bulk workload: 64 KiB
// writes into one connection, read 64 KiB at a time.
//
//	bulk server HOST PORT    print the port, count one connection's bytes, send the count back
//	bulk client HOST PORT MIB  send MIB mebibytes; print "MiB/s: X"
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
		conn, err := ln.Accept()
		check(err)
		buf := make([]byte, 65536)
		total := 0
		for {
			n, err := conn.Read(buf)
			total += n
			if err == io.EOF {
				break
			}
			check(err)
		}
		_, err = conn.Write([]byte(strconv.Itoa(total)))
		check(err)
		conn.Close()
	case len(os.Args) == 5 && os.Args[1] == "client":
		mib, err := strconv.Atoi(os.Args[4])
		check(err)
		conn, err := net.Dial("tcp", net.JoinHostPort(os.Args[2], os.Args[3]))
		check(err)
		block := make([]byte, 65536)
		start := time.Now()
		for range mib * 16 {
			_, err := conn.Write(block)
			check(err)
		}
		check(conn.(*net.TCPConn).CloseWrite())
		reply, err := io.ReadAll(conn)
		check(err)
		elapsed := time.Since(start)
		conn.Close()
		if string(reply) != strconv.Itoa(mib<<20) {
			check(fmt.Errorf("the server received %s bytes of %d", reply, mib<<20))
		}
		fmt.Printf("MiB/s: %.0f\n", float64(mib)/elapsed.Seconds())
	default:
		fmt.Fprintln(os.Stderr, "usage: bulk server HOST PORT | client HOST PORT MIB")
		os.Exit(2)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bulk:", err)
		os.Exit(1)
	}
}
