package hostfs

import (
	"syscall"
	"unsafe"
)

// Open is open(2); flags are Linux's, perm the permission bits.
func Open(path string, flags int, perm uint32) (int, error) { return syscall.Open(path, flags, perm) }

// Read is read(2).
func Read(fd int, p []byte) (int, error) { return syscall.Read(fd, p) }

// Write is write(2).
func Write(fd int, p []byte) (int, error) { return syscall.Write(fd, p) }

// Seek is lseek(2).
func Seek(fd int, offset int64, whence int) (int64, error) { return syscall.Seek(fd, offset, whence) }

// Close is close(2).
func Close(fd int) error { return syscall.Close(fd) }

// Ftruncate is ftruncate(2).
func Ftruncate(fd int, size int64) error { return syscall.Ftruncate(fd, size) }

// Fstat is fstat(2).
func Fstat(fd int) (Info, error) {
	var st syscall.Stat_t
	err := syscall.Fstat(fd, &st)
	return Info{Mode: st.Mode, Size: st.Size}, err
}

// Stat is stat(2).
func Stat(path string) (Info, error) {
	var st syscall.Stat_t
	err := syscall.Stat(path, &st)
	return Info{Mode: st.Mode, Size: st.Size}, err
}

// Lstat is lstat(2).
func Lstat(path string) (Info, error) {
	var st syscall.Stat_t
	err := syscall.Lstat(path, &st)
	return Info{Mode: st.Mode, Size: st.Size}, err
}

// Mkdir is mkdir(2).
func Mkdir(path string, perm uint32) error { return syscall.Mkdir(path, perm) }

// Rmdir is rmdir(2).
func Rmdir(path string) error { return syscall.Rmdir(path) }

// Unlink is unlink(2).
func Unlink(path string) error { return syscall.Unlink(path) }

// Rename is rename(2).
func Rename(from, to string) error { return syscall.Rename(from, to) }

// Chmod is chmod(2).
func Chmod(path string, mode uint32) error { return syscall.Chmod(path, mode) }

// Getwd is getcwd(3).
func Getwd() (string, error) { return syscall.Getwd() }

// IsOpen is fcntl(fd, F_GETFD) succeeding: whether fd is open at all.
func IsOpen(fd int) bool {
	_, _, e := syscall.RawSyscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_GETFD, 0)
	return e == 0
}

// IsTerminal is isatty(3): the terminal ioctl succeeds.
func IsTerminal(fd int) bool {
	var t syscall.Termios
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), syscall.TCGETS, uintptr(unsafe.Pointer(&t)))
	return e == 0
}
