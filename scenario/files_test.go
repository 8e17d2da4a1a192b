package scenario

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/stdlib"
)

// filesScript tries every file call a script has, inside the run's
// directory, in the scenario's (read only), outside both, and out through
// ".." and a symbolic link; argv: the scenario's directory, the outside one.
const filesScript = `import os, sys, socket, tempfile
scen, out = sys.argv[1], sys.argv[2]

def t(label, fn):
    try:
        r = fn()
        print(label, "ok", "" if r is None else r)
    except OSError as e:
        print(label, type(e).__name__, e.errno, e.filename == None or repr(e.filename) in str(e))

def write(path, text="x"):
    with open(path, "w") as f:
        f.write(text)

# Inside the run's directory, by relative paths.
t("write", lambda: write("f.txt", "hello"))
t("read", lambda: open("f.txt").read())
t("exists", lambda: os.path.exists("f.txt"))
t("isfile", lambda: os.path.isfile("f.txt"))
t("getsize", lambda: os.path.getsize("f.txt"))
t("mkdir", lambda: os.mkdir("d"))
t("makedirs", lambda: os.makedirs("d/e/f"))
t("listdir", lambda: os.listdir("d"))
t("rename", lambda: os.rename("f.txt", "d/g.txt"))
t("replace", lambda: os.replace("d/g.txt", "d/h.txt"))
t("rmdir", lambda: os.rmdir("d/e/f"))
t("remove", lambda: os.remove("d/h.txt"))
t("unlink gone", lambda: os.unlink("d/h.txt"))
t("os.open", lambda: os.close(os.open("n.txt", os.O_CREAT | os.O_WRONLY)))
t("abspath inside", lambda: open(os.path.abspath("n.txt")).read())
t("cwd", lambda: os.getcwd() == os.path.dirname(os.path.abspath("n.txt")))
t("mkstemp", lambda: os.close(tempfile.mkstemp()[0]))
t("mkdtemp", lambda: os.path.isdir(tempfile.mkdtemp()))
def named():
    with tempfile.NamedTemporaryFile() as f:
        f.write(b"x")
t("NamedTemporaryFile", named)
def tmpdir():
    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, "x"))
t("TemporaryDirectory", tmpdir)

# A tutorial's Unix socket, by a relative and by an absolute path.
for path in ["./uds_socket", "/tmp/sockstar-files-test.sock", "/var/run/sockstar-files-test.sock"]:
    t("socket unlink first " + path, lambda: os.unlink(path))
    s = socket.socket(socket.AF_UNIX)
    s.bind(path)
    t("socket exists " + path, lambda: os.path.exists(path))
    s.close()
    t("socket unlink " + path, lambda: os.unlink(path))
    t("socket gone " + path, lambda: os.path.exists(path))

# /tmp is the run's own.
t("tmp write", lambda: write("/tmp/sockstar-files-test.txt"))
t("tmp read", lambda: open("/tmp/sockstar-files-test.txt").read())

# The scenario's directory: read, not written.
t("scen read", lambda: open(os.path.join(scen, "data.txt")).read())
t("scen listdir", lambda: "data.txt" in os.listdir(scen))
t("scen write", lambda: write(os.path.join(scen, "new.txt")))
t("scen remove", lambda: os.remove(os.path.join(scen, "data.txt")))
t("scen mkdir", lambda: os.mkdir(os.path.join(scen, "d")))
t("scen os.open", lambda: os.open(os.path.join(scen, "data.txt"), os.O_RDWR))

# Outside: nothing.
secret = os.path.join(out, "secret.txt")
t("out read", lambda: open(secret).read())
t("out exists", lambda: os.path.exists(secret))
t("out isfile", lambda: os.path.isfile(secret))
t("out listdir", lambda: os.listdir(out))
t("out write", lambda: write(os.path.join(out, "new.txt")))
t("out remove", lambda: os.remove(secret))
t("out unlink", lambda: os.unlink(secret))
t("out rename from", lambda: os.rename(secret, "stolen.txt"))
t("out rename to", lambda: os.rename("n.txt", os.path.join(out, "n.txt")))
t("out mkdir", lambda: os.mkdir(os.path.join(out, "d")))
t("out makedirs", lambda: os.makedirs(os.path.join(out, "a", "b")))
t("out rmdir", lambda: os.rmdir(os.path.join(out, "sub")))
t("out os.open", lambda: os.open(secret, os.O_RDONLY))
t("out mkstemp", lambda: tempfile.mkstemp(dir=out))
t("etc", lambda: open("/etc/hostname").read())
t("empty", lambda: open("").read())

# Out through ".." and through a link in the scenario's directory.
t("dotdot", lambda: open("../" * 40 + secret[1:]).read())
t("dotdot write", lambda: write("../../../../../../../../" + out[1:] + "/new.txt"))
t("link read", lambda: open(os.path.join(scen, "up", "secret.txt")).read())
t("link exists", lambda: os.path.exists(os.path.join(scen, "up", "secret.txt")))
t("link listdir", lambda: os.listdir(os.path.join(scen, "up")))
t("link remove", lambda: os.remove(os.path.join(scen, "up", "secret.txt")))
t("file link read", lambda: open(os.path.join(scen, "secret-link")).read())
t("file link scen", lambda: open(os.path.join(scen, "data-link")).read())
`

const filesWant = `write ok 
read ok hello
exists ok True
isfile ok True
getsize ok 5
mkdir ok 
makedirs ok 
listdir ok ['e']
rename ok 
replace ok 
rmdir ok 
remove ok 
unlink gone FileNotFoundError 2 True
os.open ok 
abspath inside ok 
cwd ok True
mkstemp ok 
mkdtemp ok True
NamedTemporaryFile ok 
TemporaryDirectory ok 
socket unlink first ./uds_socket FileNotFoundError 2 True
socket exists ./uds_socket ok True
socket unlink ./uds_socket ok 
socket gone ./uds_socket ok False
socket unlink first /tmp/sockstar-files-test.sock FileNotFoundError 2 True
socket exists /tmp/sockstar-files-test.sock ok True
socket unlink /tmp/sockstar-files-test.sock ok 
socket gone /tmp/sockstar-files-test.sock ok False
socket unlink first /var/run/sockstar-files-test.sock PermissionError 13 True
socket exists /var/run/sockstar-files-test.sock ok True
socket unlink /var/run/sockstar-files-test.sock ok 
socket gone /var/run/sockstar-files-test.sock ok False
tmp write ok 
tmp read ok x
scen read ok data
scen listdir ok True
scen write PermissionError 13 True
scen remove PermissionError 13 True
scen mkdir PermissionError 13 True
scen os.open PermissionError 13 True
out read PermissionError 13 True
out exists ok False
out isfile ok False
out listdir PermissionError 13 True
out write PermissionError 13 True
out remove PermissionError 13 True
out unlink PermissionError 13 True
out rename from PermissionError 13 True
out rename to PermissionError 13 True
out mkdir PermissionError 13 True
out makedirs PermissionError 13 True
out rmdir PermissionError 13 True
out os.open PermissionError 13 True
out mkstemp PermissionError 13 True
etc PermissionError 13 True
empty FileNotFoundError 2 True
dotdot PermissionError 13 True
dotdot write PermissionError 13 True
link read PermissionError 13 True
link exists ok False
link listdir PermissionError 13 True
link remove PermissionError 13 True
file link read PermissionError 13 True
file link scen ok data
`

// filesScenario writes a scenario whose one role runs script with the
// scenario's directory and an outside one (holding secret.txt and sub/)
// as its arguments; allow is the scenario's allow list.
func filesScenario(t *testing.T, script, allow string) (dir, out string) {
	// Not under /tmp, which is the run's own: the package's directory.
	dir, out = mkdirHere(t), mkdirHere(t)
	require.NoError(t, os.WriteFile(filepath.Join(out, "secret.txt"), []byte("secret"), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(out, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "data.txt"), []byte("data"), 0o644))
	require.NoError(t, os.Symlink(out, filepath.Join(dir, "up")))
	require.NoError(t, os.Symlink(filepath.Join(out, "secret.txt"), filepath.Join(dir, "secret-link")))
	require.NoError(t, os.Symlink("data.txt", filepath.Join(dir, "data-link")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "files.py"), []byte(script), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "scenario.star"), []byte(fmt.Sprintf(
		"scenario(roles = [role(\"files\", \"files.py\", args = [%q, %q])]%s)\n", dir, out, allow)), 0o644))
	return dir, out
}

// A role's file calls act in the run's directory and read the scenario's;
// every path outside, and every way out by ".." or a link, is refused
// with CPython's PermissionError; nothing outside was read or changed.
func TestRoleFilesStayInTheRun(t *testing.T) {
	dir, out := filesScenario(t, filesScript, "")
	os.Remove("/tmp/sockstar-files-test.txt")
	scs, err := Load(dir)
	require.NoError(t, err)
	res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules()})
	require.NoError(t, res.Err)
	assert.Equal(t, filesWant, res.Role("files").Stdout, Report(res))
	assert.Equal(t, "", res.Role("files").Stderr)

	names, err := os.ReadDir(out)
	require.NoError(t, err)
	var left []string
	for _, n := range names {
		left = append(left, n.Name())
	}
	assert.Equal(t, []string{"secret.txt", "sub"}, left, "the outside directory was changed")
	names, err = os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, names, 6, "the scenario's directory was changed")
	_, err = os.Stat("/tmp/sockstar-files-test.txt")
	assert.True(t, os.IsNotExist(err), "the run's /tmp is the machine's")
}

// The message is CPython's for a path the user may not enter.
func TestRoleFilesRefusalMessage(t *testing.T) {
	dir, out := filesScenario(t, `import sys, os
open(os.path.join(sys.argv[2], "secret.txt"))
`, "")
	scs, err := Load(dir)
	require.NoError(t, err)
	res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules()})
	require.NoError(t, res.Err)
	r := res.Role("files")
	assert.Equal(t, 1, r.Exit)
	assert.True(t, strings.HasSuffix(r.Stderr, fmt.Sprintf("PermissionError: [Errno 13] Permission denied: '%s/secret.txt'\n", out)), r.Stderr)
}

// allow = ["files"] gives the roles the machine's files.
func TestRoleFilesAllowed(t *testing.T) {
	dir, out := filesScenario(t, `import sys, os
secret = os.path.join(sys.argv[2], "secret.txt")
print(open(secret).read())
os.remove(secret)
`, `, allow = ["files"]`)
	scs, err := Load(dir)
	require.NoError(t, err)
	res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules()})
	require.NoError(t, res.Err)
	assert.Equal(t, "secret\n", res.Role("files").Stdout, Report(res))
	_, err = os.Stat(filepath.Join(out, "secret.txt"))
	assert.True(t, os.IsNotExist(err))
}

// mkdirHere makes a directory outside /tmp, removed after t: in the
// working directory, or in /var/tmp when that is under /tmp (a clone
// there, as CI's may be).
func mkdirHere(t *testing.T) string {
	base, err := filepath.Abs(".")
	require.NoError(t, err)
	if base == "/tmp" || strings.HasPrefix(base, "/tmp/") {
		base = "/var/tmp"
	}
	d, err := os.MkdirTemp(base, "files-test-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}
