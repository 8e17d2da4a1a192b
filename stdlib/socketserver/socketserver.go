// Package socketserver is Python's socketserver module, written in Python
// (socketserver.py) and run by sockstar's own front end, so that scripts
// subclass its servers and handlers as they do CPython's:
//
//	BaseServer, TCPServer(server_address, RequestHandlerClass, bind_and_activate=True),
//	UDPServer, UnixStreamServer, UnixDatagramServer,
//	ThreadingMixIn, ThreadingTCPServer, ThreadingUDPServer,
//	ThreadingUnixStreamServer, ThreadingUnixDatagramServer,
//	    .serve_forever(poll_interval=0.5), .shutdown(), .handle_request(),
//	    .server_close(), .fileno(), with-statement; allow_reuse_address,
//	    request_queue_size, daemon_threads, block_on_close, timeout,
//	    and the overridable steps (verify_request, process_request,
//	    finish_request, handle_error, handle_timeout, service_actions ...)
//	BaseRequestHandler(request, client_address, server): setup(), handle(), finish()
//	StreamRequestHandler: rfile and wfile over the connection (rbufsize,
//	    wbufsize, timeout, disable_nagle_algorithm)
//	DatagramRequestHandler: rfile holds the datagram, wfile the reply
//	ForkingMixIn, ForkingTCPServer, ForkingUDPServer: refused with an error
//	    that names ThreadingMixIn (sockstar runs one process)
package socketserver

import (
	_ "embed"

	"sockstar/runtime/py"
)

//go:embed socketserver.py
var source string

// Module is the socketserver module.
var Module = &py.Module{Name: "socketserver", Source: &source, Path: "<frozen socketserver>"}
