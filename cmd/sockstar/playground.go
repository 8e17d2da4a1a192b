package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"sockstar/cmd/playground"
	"sockstar/runtime"
)

const playgroundUsage = `usage: sockstar playground [-addr HOST:PORT] [-o DIR] [-dir DIST]

Serves the browser playground (scenarios, diagrams and exercises on the
simulated network, all in the page) until interrupted, or with -o writes it
to DIR as a static folder any web host can serve.

  -addr HOST:PORT  where to listen (default 127.0.0.1:0, a free port)
  -o DIR           write the files to DIR instead of serving them
  -dir DIST        serve this build (default: the one built in, else
                   cmd/playground/dist of the clone sockstar runs in)

Build it from a clone: ` + playground.BuildCommand + `
`

// playgroundFiles is where the playground's files come from: name -> the
// file's bytes in each encoding it has ("" plain, "br", "gzip").
type playgroundFiles struct {
	fsys fs.FS
}

// open returns the file's bytes in the best encoding accept allows.
func (p playgroundFiles) open(name, accept string) (data []byte, encoding string, err error) {
	if strings.Contains(accept, "br") {
		if data, err = fs.ReadFile(p.fsys, name+".br"); err == nil {
			return data, "br", nil
		}
	}
	if strings.Contains(accept, "gzip") {
		if data, err = fs.ReadFile(p.fsys, name+".gz"); err == nil {
			return data, "gzip", nil
		}
	}
	if data, err = fs.ReadFile(p.fsys, name); err == nil {
		return data, "", nil
	}
	gz, err := fs.ReadFile(p.fsys, name+".gz")
	if err != nil {
		return nil, "", err
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, "", err
	}
	data, err = io.ReadAll(zr)
	return data, "", err
}

// names lists the files, without their compressed copies' suffixes.
func (p playgroundFiles) names() ([]string, error) {
	seen := map[string]bool{}
	var out []string
	err := fs.WalkDir(p.fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		base := strings.TrimSuffix(strings.TrimSuffix(name, ".br"), ".gz")
		if !seen[base] {
			seen[base] = true
			out = append(out, base)
		}
		return nil
	})
	return out, err
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".wasm":
		return "application/wasm" // instantiateStreaming takes no other type
	case ".json":
		return "application/json"
	}
	return "application/octet-stream"
}

// findPlayground is the build to serve: -dir, the one built in, or the
// clone's cmd/playground/dist found from the working directory up.
func findPlayground(dir string) (playgroundFiles, error) {
	if dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
			return playgroundFiles{}, fmt.Errorf("%s holds no built playground (index.html): %v", dir, err)
		}
		return playgroundFiles{os.DirFS(dir)}, nil
	}
	if playground.Built != nil {
		return playgroundFiles{playground.Built}, nil
	}
	wd, err := os.Getwd()
	for err == nil {
		d := filepath.Join(wd, "cmd", "playground", "dist")
		if _, e := os.Stat(filepath.Join(d, "index.html")); e == nil {
			return playgroundFiles{os.DirFS(d)}, nil
		}
		up := filepath.Dir(wd)
		if up == wd {
			break
		}
		wd = up
	}
	return playgroundFiles{}, errors.New("the playground is not built into this binary and no cmd/playground/dist was found\nsockstar: hint: from a clone: " + playground.BuildCommand)
}

func runPlayground(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("playground", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	addr := fl.String("addr", "127.0.0.1:0", "")
	out := fl.String("o", "", "")
	dir := fl.String("dir", "", "")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, playgroundUsage)
			return runtime.ExitOK
		}
		fmt.Fprintf(stderr, "sockstar: error: playground: %v\n%s", err, playgroundUsage)
		return runtime.ExitUsage
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "sockstar: error: playground takes no arguments, got %q\n%s", fl.Arg(0), playgroundUsage)
		return runtime.ExitUsage
	}
	files, err := findPlayground(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "sockstar: error: %v\n", err)
		return runtime.ExitUsage
	}
	if *out != "" {
		if err := exportPlayground(files, *out); err != nil {
			fmt.Fprintf(stderr, "sockstar: error: playground -o: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "sockstar: the playground is in %s: serve it with any web server that sends .wasm as application/wasm\n", *out)
		return runtime.ExitOK
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "sockstar: error: playground: %v\n", err)
		return 1
	}
	defer ln.Close()
	fmt.Fprintf(stdout, "sockstar playground: http://%s/\n", ln.Addr())
	ctx, stop := interruptible()
	defer stop()
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return runtime.ExitInterrupt
			}
			fmt.Fprintf(stderr, "sockstar: error: playground: %v\n", err)
			return 1
		}
		go servePlayground(conn, files)
	}
}

// exportPlayground writes every file, plain and compressed, under dir.
func exportPlayground(files playgroundFiles, dir string) error {
	names, err := files.names()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range names {
		for _, enc := range []struct{ accept, suffix string }{{"", ""}, {"br", ".br"}, {"gzip", ".gz"}} {
			data, got, err := files.open(name, enc.accept)
			if err != nil {
				return err
			}
			if enc.accept != "" && got != enc.accept {
				continue
			}
			if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)+enc.suffix), data, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// servePlayground answers one connection's requests: GET and HEAD of the
// files, compressed as the browser accepts, one request per connection.
func servePlayground(conn net.Conn, files playgroundFiles) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReaderSize(conn, 4096)
	line, err := r.ReadString('\n')
	if err != nil {
		return
	}
	accept := ""
	for n := 0; n < 100; n++ {
		h, err := r.ReadString('\n')
		if err != nil {
			return
		}
		h = strings.TrimRight(h, "\r\n")
		if h == "" {
			break
		}
		if k, v, ok := strings.Cut(h, ":"); ok && strings.EqualFold(k, "Accept-Encoding") {
			accept = strings.ToLower(v)
		}
	}
	f := strings.Fields(line)
	reply := func(status string, headers []string, body []byte, head bool) {
		var b strings.Builder
		fmt.Fprintf(&b, "HTTP/1.1 %s\r\nContent-Length: %d\r\nConnection: close\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n", status, len(body))
		for _, h := range headers {
			b.WriteString(h + "\r\n")
		}
		b.WriteString("\r\n")
		io.WriteString(conn, b.String())
		if !head {
			conn.Write(body)
		}
	}
	if len(f) != 3 || !strings.HasPrefix(f[2], "HTTP/1.") {
		reply("400 Bad Request", []string{"Content-Type: text/plain"}, []byte("bad request\n"), false)
		return
	}
	if f[0] != "GET" && f[0] != "HEAD" {
		reply("405 Method Not Allowed", []string{"Allow: GET, HEAD", "Content-Type: text/plain"}, []byte("GET or HEAD only\n"), false)
		return
	}
	target, _, _ := strings.Cut(f[1], "?")
	target, _, _ = strings.Cut(target, "#")
	name := strings.TrimPrefix(path.Clean("/"+target), "/")
	if name == "" {
		name = "index.html"
	}
	data, enc, err := files.open(name, accept)
	if err != nil {
		reply("404 Not Found", []string{"Content-Type: text/plain"}, []byte("not found: /"+name+"\n"), f[0] == "HEAD")
		return
	}
	headers := []string{"Content-Type: " + contentType(name), "Vary: Accept-Encoding"}
	if enc != "" {
		headers = append(headers, "Content-Encoding: "+enc)
	}
	reply("200 OK", headers, data, f[0] == "HEAD")
}
