package socket

import (
	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
)

// recv_into, recvfrom_into and dup: receiving into a script's bytearray
// or memoryview of one, and a second socket object on the same socket.

// intoArgs reads (buffer, nbytes=0, flags=0): a read-write buffer's
// length, the size to receive and the flags.
func intoArgs(fname string, args starlark.Tuple, kwargs []starlark.Tuple) (buf starlark.Value, bufLen, nbytes, flags int, err error) {
	if err = py.CheckCArgs(fname, args, kwargs, 1, "buffer", "nbytes", "flags"); err != nil {
		return
	}
	var nbytesV, flagsV starlark.Value = starlark.MakeInt(0), starlark.MakeInt(0)
	if err = starlark.UnpackArgs(fname, args, kwargs, "buffer", &buf, "nbytes?", &nbytesV, "flags?", &flagsV); err != nil {
		return
	}
	b, ok := py.WritableBytes(buf)
	if !ok {
		what := py.TypeOf(buf).Name()
		if buf == starlark.None {
			what = "None"
		}
		err = py.Errorf(py.TypeError, "%s() argument 1 must be read-write bytes-like object, not %s", fname, what)
		return
	}
	if bv, isBool := nbytesV.(starlark.Bool); isBool {
		nbytesV = starlark.MakeInt(map[bool]int{false: 0, true: 1}[bool(bv)])
	}
	if nbytes, err = sizeArg(nbytesV); err != nil {
		return
	}
	if flags, err = cInt(flagsV); err != nil {
		return
	}
	return buf, len(b), nbytes, flags, nil
}

// fill copies what was received into the buffer as it is now (another
// thread may have resized it while the receive waited without the lock).
func fill(buf starlark.Value, data string) {
	if b, ok := py.WritableBytes(buf); ok {
		copy(b, data)
	}
}

func (s *Socket) recvIntoMethod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	buf, bufLen, nbytes, flags, err := intoArgs("recv_into", args, kwargs)
	if err != nil {
		return nil, err
	}
	if nbytes < 0 {
		return nil, py.Errorf(py.ValueError, "negative buffersize in recv_into")
	}
	if nbytes == 0 {
		nbytes = bufLen
	}
	if nbytes > bufLen {
		return nil, py.Errorf(py.ValueError, "buffer too small for requested bytes")
	}
	data, _, err := s.recvInto(nbytes, flags, "recv_into", nil)
	if err != nil {
		return nil, err
	}
	fill(buf, data)
	return starlark.MakeInt(len(data)), nil
}

func (s *Socket) recvfromIntoMethod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	buf, bufLen, nbytes, flags, err := intoArgs("recvfrom_into", args, kwargs)
	if err != nil {
		return nil, err
	}
	if nbytes < 0 {
		return nil, py.Errorf(py.ValueError, "negative buffersize in recvfrom_into")
	}
	if nbytes == 0 {
		nbytes = bufLen
	}
	if nbytes > bufLen {
		return nil, py.Errorf(py.ValueError, "nbytes is greater than the length of the buffer")
	}
	data, from, err := s.recvfromInto(nbytes, flags)
	if err != nil {
		return nil, err
	}
	fill(buf, data)
	return starlark.Tuple{starlark.MakeInt(len(data)), s.senderValue(from)}, nil
}

// dup is socket.dup(): a new socket object on a duplicate of the
// descriptor, with the same timeout, as socket.py makes it.
func (s *Socket) dup(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, py.Errorf(py.TypeError, "socket.dup() takes 1 positional argument but %d were given", len(args)+1)
	}
	if err := starlark.UnpackArgs("socket.dup", args, kwargs); err != nil {
		return nil, err
	}
	if s.sim {
		return nil, notModelled(true, linux.EOPNOTSUPP)
	}
	var nfd int
	err := s.control(func(fd int) (err error) {
		nfd, err = dupFD(fd)
		return err
	})
	if err != nil {
		return nil, s.mapErr(err)
	}
	return newFD(s.p, nfd, s.family, s.stype, s.proto, s.timeout)
}

// hasDualstackIPv6 is socket.has_dualstack_ipv6(): whether an AF_INET6
// socket can take IPv4 connections too (IPV6_V6ONLY turned off).
func hasDualstackIPv6(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		was := "were"
		if len(args) == 1 {
			was = "was"
		}
		return nil, py.Errorf(py.TypeError, "has_dualstack_ipv6() takes 0 positional arguments but %d %s given", len(args), was)
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	if runStateOf(host.Of(thread)).sim {
		return starlark.True, nil // the simulated network is dual-stack
	}
	fd, err := kernel.Socket(linux.AF_INET6, linux.SOCK_STREAM, 0)
	if err != nil {
		return starlark.False, nil
	}
	defer kernel.Close(fd)
	return starlark.Bool(kernel.SetsockoptInt(fd, linux.IPPROTO_IPV6, linux.IPV6_V6ONLY, 0) == nil), nil
}
