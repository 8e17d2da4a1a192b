//go:build !linux && !windows

package linux

// hostErrorCodes: only Windows has error codes besides its errno names.
var hostErrorCodes []errnoPair
