//go:build !linux

package linux

import (
	"errors"
	"io/fs"
	"syscall"

	"sockstar/runtime/lazy"
)

// ErrnoOf is the Linux errno behind err, an error from a call to the
// host, whose own numbers are not Linux's: darwin's EAGAIN is 35,
// wasip1's are WASI's, windows' are its error codes. false for an error
// no errno stands for.
func ErrnoOf(err error) (syscall.Errno, bool) {
	var e syscall.Errno
	if errors.As(err, &e) {
		if n, ok := fromHost.Get()[e]; ok {
			return n, true
		}
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return ENOENT, true
	case errors.Is(err, fs.ErrExist):
		return EEXIST, true
	case errors.Is(err, fs.ErrPermission):
		return EACCES, true
	}
	return 0, false
}

// fromHost maps the host's errno values to Linux's; a slice first, since
// some hosts give two names one value (a map literal would not compile).
var fromHost = lazy.Value[map[syscall.Errno]syscall.Errno]{Make: func() map[syscall.Errno]syscall.Errno {
	m := map[syscall.Errno]syscall.Errno{}
	for _, p := range hostErrnos {
		m[p.host] = p.linux
	}
	for _, p := range hostErrorCodes {
		m[p.host] = p.linux
	}
	return m
}}

type errnoPair struct{ host, linux syscall.Errno }

// hostErrnos are the errno names every non-Linux target's syscall package has.
var hostErrnos = []errnoPair{
	{syscall.E2BIG, E2BIG}, {syscall.EACCES, EACCES}, {syscall.EADDRINUSE, EADDRINUSE},
	{syscall.EADDRNOTAVAIL, EADDRNOTAVAIL}, {syscall.EAFNOSUPPORT, EAFNOSUPPORT}, {syscall.EAGAIN, EAGAIN},
	{syscall.EALREADY, EALREADY}, {syscall.EBADF, EBADF}, {syscall.EBADMSG, EBADMSG},
	{syscall.EBUSY, EBUSY}, {syscall.ECANCELED, ECANCELED}, {syscall.ECHILD, ECHILD},
	{syscall.ECONNABORTED, ECONNABORTED}, {syscall.ECONNREFUSED, ECONNREFUSED}, {syscall.ECONNRESET, ECONNRESET},
	{syscall.EDEADLK, EDEADLK}, {syscall.EDESTADDRREQ, EDESTADDRREQ}, {syscall.EDOM, EDOM},
	{syscall.EDQUOT, EDQUOT}, {syscall.EEXIST, EEXIST}, {syscall.EFAULT, EFAULT},
	{syscall.EFBIG, EFBIG}, {syscall.EHOSTUNREACH, EHOSTUNREACH}, {syscall.EIDRM, EIDRM},
	{syscall.EILSEQ, EILSEQ}, {syscall.EINPROGRESS, EINPROGRESS}, {syscall.EINTR, EINTR},
	{syscall.EINVAL, EINVAL}, {syscall.EIO, EIO}, {syscall.EISCONN, EISCONN},
	{syscall.EISDIR, EISDIR}, {syscall.ELOOP, ELOOP}, {syscall.EMFILE, EMFILE},
	{syscall.EMLINK, EMLINK}, {syscall.EMSGSIZE, EMSGSIZE}, {syscall.EMULTIHOP, EMULTIHOP},
	{syscall.ENAMETOOLONG, ENAMETOOLONG}, {syscall.ENETDOWN, ENETDOWN}, {syscall.ENETRESET, ENETRESET},
	{syscall.ENETUNREACH, ENETUNREACH}, {syscall.ENFILE, ENFILE}, {syscall.ENOBUFS, ENOBUFS},
	{syscall.ENODEV, ENODEV}, {syscall.ENOENT, ENOENT}, {syscall.ENOEXEC, ENOEXEC},
	{syscall.ENOLCK, ENOLCK}, {syscall.ENOLINK, ENOLINK}, {syscall.ENOMEM, ENOMEM},
	{syscall.ENOMSG, ENOMSG}, {syscall.ENOPROTOOPT, ENOPROTOOPT}, {syscall.ENOSPC, ENOSPC},
	{syscall.ENOSYS, ENOSYS}, {syscall.ENOTCONN, ENOTCONN}, {syscall.ENOTDIR, ENOTDIR},
	{syscall.ENOTEMPTY, ENOTEMPTY}, {syscall.ENOTSOCK, ENOTSOCK}, {syscall.ENOTSUP, ENOTSUP},
	{syscall.ENOTTY, ENOTTY}, {syscall.ENXIO, ENXIO}, {syscall.EOPNOTSUPP, EOPNOTSUPP},
	{syscall.EOVERFLOW, EOVERFLOW}, {syscall.EPERM, EPERM}, {syscall.EPIPE, EPIPE},
	{syscall.EPROTO, EPROTO}, {syscall.EPROTONOSUPPORT, EPROTONOSUPPORT}, {syscall.EPROTOTYPE, EPROTOTYPE},
	{syscall.ERANGE, ERANGE}, {syscall.EROFS, EROFS}, {syscall.ESPIPE, ESPIPE},
	{syscall.ESRCH, ESRCH}, {syscall.ESTALE, ESTALE}, {syscall.ETIMEDOUT, ETIMEDOUT},
	{syscall.EXDEV, EXDEV},
}
