// Command protocol is the native Go reference for the protocol ping-pong
// workload: the parsing and formatting of server.py and client.py, done
// with bufio, strings and strconv over package net.
//
//	protocol server HOST PORT     print the port, answer one connection's requests until EOF
//	protocol client HOST PORT N   N requests and replies; print "round trips/s: X"
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
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
		client(os.Args[2], os.Args[3], n)
	default:
		fmt.Fprintln(os.Stderr, "usage: protocol server HOST PORT | client HOST PORT N")
		os.Exit(2)
	}
}

// readHead reads a message's head: its first line, then header lines up
// to the empty line, the headers keyed by their lower-case names.
func readHead(r *bufio.Reader) (first string, headers map[string]string, err error) {
	first, err = readLine(r)
	if err != nil {
		return "", nil, err
	}
	headers = make(map[string]string)
	for {
		line, err := readLine(r)
		if err != nil {
			return "", nil, err
		}
		if line == "" {
			return first, headers, nil
		}
		name, value, _ := strings.Cut(line, ":")
		headers[strings.ToLower(strings.TrimSpace(name))] = strings.TrimSpace(value)
	}
}

// readLine reads one CRLF-terminated line, without its CRLF.
func readLine(r *bufio.Reader) (string, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		if err == io.EOF && line != "" {
			err = io.ErrUnexpectedEOF
		}
		return "", err
	}
	return strings.TrimSuffix(line[:len(line)-1], "\r"), nil
}

// serve answers the requests of the first connection until the client
// closes it.
func serve(ln net.Listener) {
	conn, err := ln.Accept()
	check(err)
	ln.Close()
	r := bufio.NewReaderSize(conn, 4096)
	w := bufio.NewWriterSize(conn, 4096)
	for {
		first, headers, err := readHead(r)
		if err == io.EOF {
			break
		}
		check(err)
		parts := strings.Split(first, " ")
		if len(parts) != 3 {
			check(fmt.Errorf("bad request line %q", first))
		}
		path := parts[1]
		seq := headers["x-seq"]
		body := "hello " + path + " #" + seq + "\n"
		fmt.Fprintf(w, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nX-Seq: %s\r\n\r\n%s", len(body), seq, body)
		check(w.Flush())
	}
	conn.Close()
}

func client(host, port string, n int) {
	conn, err := net.Dial("tcp", net.JoinHostPort(host, port))
	check(err)
	r := bufio.NewReaderSize(conn, 4096)
	w := bufio.NewWriterSize(conn, 4096)
	body := make([]byte, 0, 256)
	start := time.Now()
	for i := range n {
		fmt.Fprintf(w, "GET /items/%d HTTP/1.1\r\nHost: %s:%s\r\nUser-Agent: bench-client/1.0\r\nAccept: text/plain\r\nX-Seq: %d\r\nConnection: keep-alive\r\n\r\n", i, host, port, i)
		check(w.Flush())
		_, headers, err := readHead(r)
		if err == io.EOF {
			err = errors.New("server closed the connection")
		}
		check(err)
		length, err := strconv.Atoi(headers["content-length"])
		check(err)
		if cap(body) < length {
			body = make([]byte, 0, length)
		}
		_, err = io.ReadFull(r, body[:length])
		check(err)
		if seq := headers["x-seq"]; seq != strconv.Itoa(i) {
			check(fmt.Errorf("reply %d: X-Seq is %q", i, seq))
		}
	}
	elapsed := time.Since(start)
	conn.Close()
	fmt.Printf("round trips/s: %.0f\n", float64(n)/elapsed.Seconds())
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "protocol:", err)
		os.Exit(1)
	}
}
