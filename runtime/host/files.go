package host

import (
	"os"
	"path/filepath"
	"strings"

	"sockstar/runtime/hostfs"
	"sockstar/runtime/linux"
)

// FileView fences a script's file calls (a scenario's role, sockstar run
// --sandbox): it writes only in the run's directory, its working
// directory, and reads there and in the directories it was given.
// Absolute paths outside both have a twin under Dir/root, where the
// run's AF_UNIX sockets bound to absolute paths live: /tmp is the run's
// own (empty at first), and another path is its twin when the twin
// exists (/var/run/app.sock once a socket was bound to it). Any other
// path is refused with EACCES, as a directory the user may not enter is.
type FileView struct {
	// Dir is the run's directory, with its symbolic links resolved.
	Dir string
	// Read are the directories read but not written (the scenario's),
	// resolved as Dir.
	Read []string
}

// TwinRoot is where a run's absolute paths have their twins, in its Dir.
const TwinRoot = "root"

// NewFileView makes a view with dir as the run's directory (made already)
// and read as the directories it may read too; it makes dir's /tmp twin.
func NewFileView(dir string, read ...string) (*FileView, error) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, err
	}
	v := &FileView{Dir: real}
	for _, r := range read {
		if abs, err := filepath.Abs(r); err == nil {
			if rr, err := filepath.EvalSymlinks(abs); err == nil {
				v.Read = append(v.Read, rr)
			}
		}
	}
	if err := os.MkdirAll(filepath.Join(real, TwinRoot, "tmp"), 0o700); err != nil {
		return nil, err
	}
	return v, nil
}

// Path is the machine's path for path as the script named it, or EACCES:
// write says the call may change the file system, follow that a symbolic
// link in the last place is followed (stat, open) rather than acted on
// (unlink, rename, lstat). Links and ".." are resolved before the check,
// so neither leads out. The answer has its links resolved: scripts
// cannot make links, so none appears between the check and the call.
func (v *FileView) Path(path string, write, follow bool) (string, error) {
	if path == "" {
		return path, nil // no file at all: the call's own ENOENT, as CPython's
	}
	abs := path
	if !filepath.IsAbs(path) {
		abs = v.Dir + "/" + path
	}
	real, err := resolve(abs, follow)
	if err != nil {
		return "", err
	}
	if within(real, v.Dir) {
		return real, nil
	}
	for _, r := range v.Read {
		if within(real, r) {
			if write {
				return "", linux.EACCES
			}
			return real, nil
		}
	}
	if filepath.IsAbs(path) {
		root := filepath.Join(v.Dir, TwinRoot)
		clean := filepath.Clean(path)
		twin, err := resolve(root+clean, follow)
		if err != nil || !within(twin, root) {
			return "", linux.EACCES
		}
		if _, err := hostfs.Lstat(twin); err == nil || within(clean, "/tmp") {
			return twin, nil
		}
	}
	return "", linux.EACCES
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+"/") || dir == "/"
}

// resolve is the absolute path p with its symbolic links and ".." resolved
// as the kernel would walk it, the last name's link only when follow; the
// part past the first name that does not exist is kept as written (cleaned).
func resolve(p string, follow bool) (string, error) {
	parts := strings.Split(p, "/")
	out := "/"
	hops := 0
	for i := 0; i < len(parts); i++ {
		c := parts[i]
		switch c {
		case "", ".":
			continue
		case "..":
			out = filepath.Dir(out)
			continue
		}
		next := filepath.Join(out, c)
		last := true
		for _, rest := range parts[i+1:] {
			if rest != "" && rest != "." {
				last = false
				break
			}
		}
		fi, err := os.Lstat(next)
		if err != nil {
			return filepath.Join(append([]string{next}, parts[i+1:]...)...), nil
		}
		if fi.Mode()&os.ModeSymlink == 0 || (last && !follow && len(parts[i+1:]) == 0) {
			out = next
			continue
		}
		if hops++; hops > 40 {
			return "", linux.ELOOP
		}
		target, err := os.Readlink(next)
		if err != nil {
			return "", linux.EACCES
		}
		if !filepath.IsAbs(target) {
			target = out + "/" + target
		}
		parts = append(strings.Split(target, "/"), parts[i+1:]...)
		out, i = "/", -1
	}
	return out, nil
}

// FilePath is the machine's path for a file the script names: the path
// itself, or its place in the run's file view (FileView.Path).
func (p *Process) FilePath(path string, write, follow bool) (string, error) {
	if p.Files == nil {
		return path, nil
	}
	return p.Files.Path(path, write, follow)
}

// Getwd is the script's working directory: the run's directory in a view.
func (p *Process) Getwd() (string, error) {
	if p.Files != nil {
		return p.Files.Dir, nil
	}
	return hostfs.Getwd()
}
