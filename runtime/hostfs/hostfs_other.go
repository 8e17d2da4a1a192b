//go:build !linux

package hostfs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"sync"

	"sockstar/runtime/linux"
)

// files is the process's descriptor table: Go's os package has no
// numbers of its own on every platform (Windows has handles), so this
// one numbers open files from 3 up, the lowest free first, as a kernel
// does; 0, 1 and 2 are the standard streams.
var files = struct {
	sync.Mutex
	m map[int]*os.File
}{m: map[int]*os.File{0: os.Stdin, 1: os.Stdout, 2: os.Stderr}}

func install(f *os.File) int {
	files.Lock()
	defer files.Unlock()
	fd := 3
	for files.m[fd] != nil {
		fd++
	}
	files.m[fd] = f
	return fd
}

func file(fd int) (*os.File, error) {
	files.Lock()
	defer files.Unlock()
	if f := files.m[fd]; f != nil {
		return f, nil
	}
	return nil, linux.EBADF
}

// errno is err as a Linux errno where one stands for it.
func errno(err error) error {
	if err == nil {
		return nil
	}
	if e, ok := linux.ErrnoOf(err); ok {
		return e
	}
	return err
}

// Open is open(2); flags are Linux's, perm the permission bits.
func Open(path string, flags int, perm uint32) (int, error) {
	if flags&linux.O_TMPFILE == linux.O_TMPFILE {
		// An unnamed file is Linux's: as a file system without it answers.
		return -1, linux.EOPNOTSUPP
	}
	var of int
	switch flags & linux.O_ACCMODE {
	case linux.O_WRONLY:
		of = os.O_WRONLY
	case linux.O_RDWR:
		of = os.O_RDWR
	default:
		of = os.O_RDONLY
	}
	for _, b := range [...]struct{ linux, host int }{
		{linux.O_CREAT, os.O_CREATE}, {linux.O_EXCL, os.O_EXCL}, {linux.O_TRUNC, os.O_TRUNC},
		{linux.O_APPEND, os.O_APPEND}, {linux.O_SYNC, os.O_SYNC},
	} {
		if flags&b.linux == b.linux {
			of |= b.host
		}
	}
	if flags&linux.O_DIRECTORY != 0 {
		if st, err := Stat(path); err == nil && !st.IsDir() {
			return -1, linux.ENOTDIR
		}
	}
	f, err := os.OpenFile(path, of, fs.FileMode(perm&0o777))
	if err != nil {
		return -1, errno(err)
	}
	return install(f), nil
}

// Read is read(2): 0 bytes and no error at the end of the file.
func Read(fd int, p []byte) (int, error) {
	f, err := file(fd)
	if err != nil {
		return 0, err
	}
	n, err := f.Read(p)
	if err == io.EOF {
		err = nil
	}
	return n, errno(err)
}

// Write is write(2).
func Write(fd int, p []byte) (int, error) {
	f, err := file(fd)
	if err != nil {
		return 0, err
	}
	n, err := f.Write(p)
	return n, errno(err)
}

// Seek is lseek(2).
func Seek(fd int, offset int64, whence int) (int64, error) {
	f, err := file(fd)
	if err != nil {
		return 0, err
	}
	pos, err := f.Seek(offset, whence)
	return pos, errno(err)
}

// Close is close(2).
func Close(fd int) error {
	files.Lock()
	f := files.m[fd]
	delete(files.m, fd)
	files.Unlock()
	if f == nil {
		return linux.EBADF
	}
	return errno(f.Close())
}

// Ftruncate is ftruncate(2).
func Ftruncate(fd int, size int64) error {
	f, err := file(fd)
	if err != nil {
		return err
	}
	return errno(f.Truncate(size))
}

// Fstat is fstat(2).
func Fstat(fd int) (Info, error) {
	f, err := file(fd)
	if err != nil {
		return Info{}, err
	}
	fi, err := f.Stat()
	return statOf(fi, err)
}

// Stat is stat(2).
func Stat(path string) (Info, error) { return statOf(os.Stat(path)) }

// Lstat is lstat(2).
func Lstat(path string) (Info, error) { return statOf(os.Lstat(path)) }

// statOf spells what Go's os package says of a file as st_mode and st_size.
func statOf(fi fs.FileInfo, err error) (Info, error) {
	if err != nil {
		return Info{}, errno(err)
	}
	m := fi.Mode()
	mode := uint32(m.Perm())
	for _, b := range [...]struct {
		host fs.FileMode
		bits uint32
	}{{fs.ModeSetuid, 0o4000}, {fs.ModeSetgid, 0o2000}, {fs.ModeSticky, 0o1000}} {
		if m&b.host != 0 {
			mode |= b.bits
		}
	}
	switch {
	case m.IsDir():
		mode |= linux.S_IFDIR
	case m&fs.ModeSymlink != 0:
		mode |= linux.S_IFLNK
	case m&fs.ModeNamedPipe != 0:
		mode |= linux.S_IFIFO
	case m&fs.ModeSocket != 0:
		mode |= linux.S_IFSOCK
	case m&fs.ModeCharDevice != 0:
		mode |= linux.S_IFCHR
	case m&fs.ModeDevice != 0:
		mode |= linux.S_IFBLK
	default:
		mode |= linux.S_IFREG
	}
	return Info{Mode: mode, Size: fi.Size()}, nil
}

// Mkdir is mkdir(2).
func Mkdir(path string, perm uint32) error { return errno(os.Mkdir(path, fs.FileMode(perm&0o777))) }

// Rmdir is rmdir(2): a file that is not a directory is ENOTDIR.
func Rmdir(path string) error {
	st, err := Lstat(path)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return linux.ENOTDIR
	}
	return errno(os.Remove(path))
}

// Unlink is unlink(2): a directory is EISDIR.
func Unlink(path string) error {
	st, err := Lstat(path)
	if err != nil {
		return err
	}
	if st.IsDir() {
		return linux.EISDIR
	}
	return errno(os.Remove(path))
}

// Rename is rename(2).
func Rename(from, to string) error {
	err := os.Rename(from, to)
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return errno(err)
}

// Chmod is chmod(2).
func Chmod(path string, mode uint32) error { return errno(os.Chmod(path, fs.FileMode(mode&0o777))) }

// Getwd is getcwd(3).
func Getwd() (string, error) {
	dir, err := os.Getwd()
	return dir, errno(err)
}

// IsOpen reports whether fd is open at all.
func IsOpen(fd int) bool {
	_, err := file(fd)
	return err == nil
}

// IsTerminal is isatty(3): a character device, as a terminal is.
func IsTerminal(fd int) bool {
	f, err := file(fd)
	if err != nil {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&fs.ModeCharDevice != 0
}
