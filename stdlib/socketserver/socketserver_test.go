package socketserver_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"sockstar/runtime"

	"sockstar/runtime/pycompare"
	"sockstar/stdlib"
)

func TestPrograms(t *testing.T) {
	pycompare.RunDir(t, "testdata", stdlib.Modules())
}

// ForkingMixIn is refused when the server is made, with a message that
// names the threading alternative (CPython would fork per request).
func TestForkingRefused(t *testing.T) {
	mods := stdlib.Modules()
	src := `import socketserver
try:
    socketserver.ForkingTCPServer(("127.0.0.1", 0), socketserver.BaseRequestHandler)
except NotImplementedError as e:
    print(e)
`
	prog, err := runtime.Compile("fork.py", []byte(src), mods)
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := prog.Run(context.Background(), runtime.Config{Modules: mods, Argv: []string{"fork.py"}, Stdout: &out, Stderr: &errOut})
	if code != 0 || !strings.Contains(out.String(), "use ThreadingMixIn") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
}
