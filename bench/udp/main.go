// Command udp is the native Go reference for the UDP ping-pong workload.
//
//	udp server HOST PORT     print the port, echo datagrams until one says "bye"
//	udp client HOST PORT N   N 64-byte round trips; print "round trips/s: X"
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
		pc, err := net.ListenPacket("udp", net.JoinHostPort(os.Args[2], os.Args[3]))
		check(err)
		fmt.Println(pc.LocalAddr().(*net.UDPAddr).Port)
		conn := pc.(*net.UDPConn)
		buf := make([]byte, 1024)
		for {
			// The AddrPort forms allocate nothing per datagram.
			n, addr, err := conn.ReadFromUDPAddrPort(buf)
			check(err)
			if string(buf[:n]) == "bye" {
				break
			}
			_, err = conn.WriteToUDPAddrPort(buf[:n], addr)
			check(err)
		}
		conn.Close()
	case len(os.Args) == 5 && os.Args[1] == "client":
		n, err := strconv.Atoi(os.Args[4])
		check(err)
		raddr, err := net.ResolveUDPAddr("udp", net.JoinHostPort(os.Args[2], os.Args[3]))
		check(err)
		conn, err := net.ListenUDP("udp", nil)
		check(err)
		msg := make([]byte, 64)
		buf := make([]byte, 1024)
		dst := raddr.AddrPort()
		start := time.Now()
		for range n {
			_, err := conn.WriteToUDPAddrPort(msg, dst)
			check(err)
			// A lost datagram ends the run, as the Python client's timeout does.
			check(conn.SetReadDeadline(time.Now().Add(5 * time.Second)))
			k, _, err := conn.ReadFromUDPAddrPort(buf)
			check(err)
			if k != len(msg) {
				check(fmt.Errorf("got %d bytes back", k))
			}
		}
		elapsed := time.Since(start)
		_, err = conn.WriteToUDPAddrPort([]byte("bye"), dst)
		check(err)
		conn.Close()
		fmt.Printf("round trips/s: %.0f\n", float64(n)/elapsed.Seconds())
	default:
		fmt.Fprintln(os.Stderr, "usage: udp server HOST PORT | client HOST PORT N")
		os.Exit(2)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "udp:", err)
		os.Exit(1)
	}
}
