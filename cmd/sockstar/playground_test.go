package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A built playground of two files: index.html (plain, .br and .gz) and
// sockstar.wasm (only .gz, as -tags playground embeds them).
func fakePlayground(t *testing.T) string {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	write("index.html", []byte("<!doctype html>page"))
	write("index.html.br", []byte("BROTLI"))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("\x00asm module"))
	zw.Close()
	write("sockstar.wasm.gz", gz.Bytes())
	write("index.html.gz", gz.Bytes())
	return dir
}

// ask sends one request to servePlayground and returns the head and body.
func ask(t *testing.T, files playgroundFiles, request string) (string, string) {
	client, server := net.Pipe()
	go servePlayground(server, files)
	go io.WriteString(client, request)
	r := bufio.NewReader(client)
	var head strings.Builder
	for {
		line, err := r.ReadString('\n')
		require.NoError(t, err)
		if line == "\r\n" {
			break
		}
		head.WriteString(line)
	}
	body, _ := io.ReadAll(r)
	client.Close()
	return head.String(), string(body)
}

func TestPlaygroundServer(t *testing.T) {
	files, err := findPlayground(fakePlayground(t))
	require.NoError(t, err)

	head, body := ask(t, files, "GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n")
	require.Contains(t, head, "HTTP/1.1 200 OK\r\n")
	require.Contains(t, head, "Content-Type: text/html; charset=utf-8\r\n")
	require.Contains(t, head, "Content-Encoding: br\r\n")
	require.Equal(t, "BROTLI", body)

	// The module: application/wasm, as instantiateStreaming requires;
	// gzip when that is what there is, plain (unzipped) to a client that
	// takes neither.
	head, _ = ask(t, files, "GET /sockstar.wasm?v=1 HTTP/1.1\r\nAccept-Encoding: gzip\r\n\r\n")
	require.Contains(t, head, "Content-Type: application/wasm\r\n")
	require.Contains(t, head, "Content-Encoding: gzip\r\n")
	head, body = ask(t, files, "GET /sockstar.wasm HTTP/1.1\r\n\r\n")
	require.NotContains(t, head, "Content-Encoding")
	require.Equal(t, "\x00asm module", body)

	head, body = ask(t, files, "HEAD /index.html HTTP/1.1\r\n\r\n")
	require.Contains(t, head, "Content-Length: 19\r\n")
	require.Empty(t, body)
	head, _ = ask(t, files, "GET /../../etc/passwd HTTP/1.1\r\n\r\n")
	require.Contains(t, head, "404 Not Found")
	head, _ = ask(t, files, "POST / HTTP/1.1\r\n\r\n")
	require.Contains(t, head, "405 Method Not Allowed")
	head, _ = ask(t, files, "garbage\r\n\r\n")
	require.Contains(t, head, "400 Bad Request")
}

func TestPlaygroundExport(t *testing.T) {
	var stdout, stderr bytes.Buffer
	out := filepath.Join(t.TempDir(), "site")
	require.Equal(t, 0, runPlayground([]string{"-dir", fakePlayground(t), "-o", out}, &stdout, &stderr), stderr.String())
	for _, name := range []string{"index.html", "index.html.br", "index.html.gz", "sockstar.wasm", "sockstar.wasm.gz"} {
		_, err := os.Stat(filepath.Join(out, name))
		require.NoError(t, err, name)
	}
	data, err := os.ReadFile(filepath.Join(out, "sockstar.wasm"))
	require.NoError(t, err)
	require.Equal(t, "\x00asm module", string(data))

	stderr.Reset()
	require.Equal(t, 2, runPlayground([]string{"-dir", t.TempDir()}, &stdout, &stderr))
	require.Contains(t, stderr.String(), "holds no built playground")
}
