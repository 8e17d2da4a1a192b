package hostfs

import (
	"path/filepath"
	"testing"

	"sockstar/runtime/linux"
)

// TestFiles runs the calls a script's files make, with the errno Linux
// gives: the same on the kernel and through Go's os package elsewhere.
func TestFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	want := func(what string, err, errno error) {
		t.Helper()
		if err != errno {
			t.Fatalf("%s: %v, want %v", what, err, errno)
		}
	}
	_, err := Open(path, linux.O_RDONLY, 0)
	want("open missing", err, linux.ENOENT)
	fd, err := Open(path, linux.O_RDWR|linux.O_CREAT|linux.O_EXCL|linux.O_CLOEXEC, 0o600)
	want("create", err, nil)
	if fd < 3 {
		t.Fatalf("fd %d, want 3 or more", fd)
	}
	_, err = Open(path, linux.O_WRONLY|linux.O_CREAT|linux.O_EXCL, 0o600)
	want("create again", err, linux.EEXIST)
	n, err := Write(fd, []byte("hello"))
	want("write", err, nil)
	if n != 5 {
		t.Fatalf("wrote %d", n)
	}
	pos, err := Seek(fd, 1, 0)
	want("seek", err, nil)
	buf := make([]byte, 10)
	n, err = Read(fd, buf)
	want("read", err, nil)
	if pos != 1 || string(buf[:n]) != "ello" {
		t.Fatalf("at %d read %q", pos, buf[:n])
	}
	n, err = Read(fd, buf)
	want("read at the end", err, nil)
	if n != 0 {
		t.Fatalf("read %d at the end", n)
	}
	want("ftruncate", Ftruncate(fd, 2), nil)
	st, err := Fstat(fd)
	want("fstat", err, nil)
	if st.Size != 2 || st.Mode&linux.S_IFMT != linux.S_IFREG {
		t.Fatalf("fstat %+v", st)
	}
	if !IsOpen(fd) {
		t.Fatal("not open")
	}
	want("close", Close(fd), nil)
	want("close again", Close(fd), linux.EBADF)
	if IsOpen(fd) {
		t.Fatal("open after close")
	}
	_, err = Open(path, linux.O_RDONLY|linux.O_DIRECTORY, 0)
	want("O_DIRECTORY of a file", err, linux.ENOTDIR)

	sub := filepath.Join(dir, "d")
	want("mkdir", Mkdir(sub, 0o700), nil)
	want("mkdir again", Mkdir(sub, 0o700), linux.EEXIST)
	st, err = Stat(sub)
	want("stat", err, nil)
	if !st.IsDir() {
		t.Fatalf("stat %+v", st)
	}
	want("unlink a directory", Unlink(sub), linux.EISDIR)
	want("rmdir a file", Rmdir(path), linux.ENOTDIR)
	want("rename", Rename(path, filepath.Join(sub, "g")), nil)
	want("rmdir not empty", Rmdir(sub), linux.ENOTEMPTY)
	want("unlink", Unlink(filepath.Join(sub, "g")), nil)
	want("unlink missing", Unlink(filepath.Join(sub, "g")), linux.ENOENT)
	want("rmdir", Rmdir(sub), nil)
	_, err = Lstat(sub)
	want("lstat missing", err, linux.ENOENT)
}
