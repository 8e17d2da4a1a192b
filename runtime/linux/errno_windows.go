package linux

import "syscall"

// hostErrorCodes are Windows' error codes that Go's os package returns,
// with the errno CPython's errmap.h gives each.
var hostErrorCodes = []errnoPair{
	{syscall.Errno(2), ENOENT},      // ERROR_FILE_NOT_FOUND
	{syscall.Errno(3), ENOENT},      // ERROR_PATH_NOT_FOUND
	{syscall.Errno(4), EMFILE},      // ERROR_TOO_MANY_OPEN_FILES
	{syscall.Errno(5), EACCES},      // ERROR_ACCESS_DENIED
	{syscall.Errno(6), EBADF},       // ERROR_INVALID_HANDLE
	{syscall.Errno(8), ENOMEM},      // ERROR_NOT_ENOUGH_MEMORY
	{syscall.Errno(15), ENOENT},     // ERROR_INVALID_DRIVE
	{syscall.Errno(17), EXDEV},      // ERROR_NOT_SAME_DEVICE
	{syscall.Errno(18), ENOENT},     // ERROR_NO_MORE_FILES
	{syscall.Errno(19), EROFS},      // ERROR_WRITE_PROTECT
	{syscall.Errno(32), EACCES},     // ERROR_SHARING_VIOLATION
	{syscall.Errno(33), EACCES},     // ERROR_LOCK_VIOLATION
	{syscall.Errno(80), EEXIST},     // ERROR_FILE_EXISTS
	{syscall.Errno(87), EINVAL},     // ERROR_INVALID_PARAMETER
	{syscall.Errno(109), EPIPE},     // ERROR_BROKEN_PIPE
	{syscall.Errno(112), ENOSPC},    // ERROR_DISK_FULL
	{syscall.Errno(123), ENOENT},    // ERROR_INVALID_NAME
	{syscall.Errno(131), EINVAL},    // ERROR_NEGATIVE_SEEK
	{syscall.Errno(145), ENOTEMPTY}, // ERROR_DIR_NOT_EMPTY
	{syscall.Errno(183), EEXIST},    // ERROR_ALREADY_EXISTS
	{syscall.Errno(206), ENOENT},    // ERROR_FILENAME_EXCED_RANGE
	{syscall.Errno(232), EPIPE},     // ERROR_NO_DATA
	{syscall.Errno(267), ENOTDIR},   // ERROR_DIRECTORY
}
