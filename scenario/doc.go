// Package scenario runs several sockstar scripts as the roles of one
// scenario (a server and its clients, as a tutorial's two shells), on a
// virtual LAN mapped onto loopback, and checks what they print.
//
// See the README section "Scenarios" for the file format; in short a
// scenario directory holds scenario.star, evaluated as Starlark:
//
//	scenario(name=None, roles=[role, ...], timeout=30)
//	role(name, file=None, args=[], host=None, input=None, prompts=None,
//	     stdout=None, stderr=None, exit=0, daemon=False, after=None, hint=None)
//	golden(path)        output equals the file (sockstar test -update writes it)
//	lines(item, ...)    output lines, each exact or re(pattern) for the whole line
//	contains(text, ...) each text occurs in the output
//	match(pattern)      the regexp matches somewhere (multiline mode)
//	seen(role, text)    in prompts: wait for text in another role's output
//	re(pattern)         a line of lines() given as a regexp
//
// Members:
//
//	Load(dir) -> []*Scenario, error         read dir/scenario.star
//	Parse(dir, path, src) -> []*Scenario, error
//	Run(ctx, sc, Options) -> *Result          run the roles
//	Check(res, update)                        compare with the expectations
//	Test(ctx, paths, TestOptions) -> int      the `sockstar test` command
//	Find(paths) -> []string, error            scenario directories under paths
//	Diff(from, to, a, b, eq) -> string        unified diff of line lists
//
// Roles run in this process, each a runtime.Program.Run with its own
// host.Process. A role starts once every role before it (or those named by
// after) is ready, as its own socket calls tell (socket.Hooks.Ready: listen
// on a stream socket, bind of a datagram socket), or has ended. A daemon
// role (a server looping forever) is stopped, as if by exit, once every
// other role has ended and it waits in a socket call or in select with
// nothing ready in the kernel (socket.Hooks.Waiting), so its output is
// complete and the same every run.
//
// Each run gets a block 127.X.Y.0/24 of its own (X.Y allocated in this
// process from a random start); each virtual host of the scenario is one
// address of the block. The socket hooks map a script's addresses onto the
// block (127.0.0.0/8, 0.0.0.0, the empty host and the host's own address mean its own
// host; another host's address means that host; any other address means a
// host nobody listens on) and back in getsockname, getpeername, accept and
// recvfrom. Ports the script names stay as they are (the block is private,
// so 8080 never collides); ports the kernel picks are shown as 32768,
// 32769, ... in the order the run first sees them. Relative AF_UNIX paths
// live in a temporary directory of the run, abstract names get a prefix of
// the run. Names resolve offline (/etc/hosts: 'localhost'); no DNS query
// leaves the process.
//
// Limits: a role on a LAN host sees its own connections to 127.0.0.1 as
// coming from its LAN address (one kernel address per host); a daemon with
// several threads is stopped when any of them waits idle; IPv6 addresses
// other than ::1 and v4-mapped ones go nowhere.
package scenario
