// Package trace records what a run does, for the pictures of it: every
// socket call of every role (with its arguments, result or exception, and
// the bytes it moved), the waits in select, selectors and sleep, thread
// starts and ends, the lines each role prints, and each role's start and
// end. One event stream, several renderings (text, JSON lines, Mermaid,
// an HTML sequence diagram, pcapng); the simulated network will feed the
// same stream.
//
// Recording is off unless a run has a Recorder: the modules test one
// pointer per call, nothing more.
package trace

import (
	"sync"
	"time"
)

// Event is one thing a run did. Addresses come twice: as the script sees
// them (Local, Peer: a scenario's virtual hosts and normalised ports) and
// as the kernel has them (KLocal, KPeer), which is what ties the two ends
// of a connection together.
type Event struct {
	Seq    int    `json:"seq"`
	T      int64  `json:"t_us"` // microseconds since the run started
	Role   string `json:"role"`
	Host   string `json:"host,omitempty"`
	Thread string `json:"thread"`
	// Kind is what happened: "call" (a socket call or a wait), "print", "start"
	// and "end" of a role, "thread-start" and "thread-end", "fault" (what a
	// scenario's faults did: Call "lost", "retransmitted", "duplicated",
	// "partition", "heal", "reset"...; Msg says it). A fault on a packet
	// names it for the capture: Proto, KLocal and KPeer (from and to), N
	// (its payload's bytes), and for TCP TCPSeq and TCPFlags; Args says why
	// it was lost ("loss", "partition"). A fault between two hosts has
	// their addresses in KLocal and KPeer.
	Kind string `json:"kind"`
	// Call names the call: "connect", "sendall", "recv", "select", "sleep" ...
	Call   string `json:"call,omitempty"`
	Args   string `json:"args,omitempty"`   // the arguments, as Python prints them
	Result string `json:"result,omitempty"` // the result, as Python prints it
	Exc    string `json:"exc,omitempty"`    // the exception's class, when the call raised
	Errno  int    `json:"errno,omitempty"`
	Msg    string `json:"msg,omitempty"` // the exception's message, a printed line, an exit status
	// N is how many bytes the call moved; Data holds them, capped.
	N    int    `json:"bytes,omitempty"`
	Data []byte `json:"data,omitempty"`
	// Trunc says Data holds only the first bytes of N.
	Trunc bool   `json:"truncated,omitempty"`
	File  string `json:"file,omitempty"`
	Line  int    `json:"line,omitempty"`
	// The socket: its descriptor as the script sees it, its protocol
	// ("tcp", "udp", "unix"), and its addresses.
	FD     int    `json:"fd,omitempty"`
	Proto  string `json:"proto,omitempty"`
	Local  string `json:"local,omitempty"`
	Peer   string `json:"peer,omitempty"`
	KLocal string `json:"klocal,omitempty"`
	KPeer  string `json:"kpeer,omitempty"`
	// Dur is how long the call took, in microseconds.
	Dur int64 `json:"dur_us,omitempty"`
	// A TCP segment's sequence number, relative as Wireshark shows it (the
	// SYN is 0, the first byte of data 1), and its flags ("SYN", "FIN, ACK").
	TCPSeq   int64  `json:"tcp_seq,omitempty"`
	TCPFlags string `json:"tcp_flags,omitempty"`
}

// Recorder collects the events of one run, of all its roles. It keeps
// them encoded in blocks of bytes (codec.go): a long run's recording is
// memory the collector never scans, and is never copied as it grows.
type Recorder struct {
	// DataCap is how many bytes of each call's data an event keeps.
	DataCap int

	mu     sync.Mutex
	start  time.Time
	clock  func() time.Time // nil: the wall clock
	n      int
	blocks [][]byte // encoded events; the last one is being filled
}

// blockSize is the size of a block of encoded events; an event larger
// than it gets a block of its own.
const blockSize = 256 << 10

// DefaultDataCap is the bytes an event keeps when nothing else is asked.
const DefaultDataCap = 4096

// New starts a recorder; its clock starts now.
func New(dataCap int) *Recorder {
	return &Recorder{DataCap: dataCap, start: time.Now()}
}

// Source is a recorder as one role of a run writes to it.
type Source struct {
	R    *Recorder
	Role string
	Host string
}

// UseClock makes the recorder's clock now (a simulated run's virtual
// clock), which reads start when the run begins.
func (r *Recorder) UseClock(start time.Time, now func() time.Time) {
	r.start, r.clock = start, now
}

// Now is the time on the recorder's clock.
func (r *Recorder) Now() time.Time {
	if r.clock != nil {
		return r.clock()
	}
	return time.Now()
}

// Since is the time since the run started, in microseconds.
func (r *Recorder) Since(t time.Time) int64 { return t.Sub(r.start).Microseconds() }

// Add records e, numbering it; a zero T is now.
func (s *Source) Add(e Event) {
	r := s.R
	if e.T == 0 {
		e.T = r.Since(r.Now())
	}
	e.Role, e.Host = s.Role, s.Host
	if len(e.Data) > r.DataCap {
		e.Data, e.Trunc = e.Data[:r.DataCap], true
	}
	r.mu.Lock()
	r.n++
	e.Seq = r.n
	size := e.encodedSize()
	if len(r.blocks) == 0 || len(r.blocks[len(r.blocks)-1])+size > cap(r.blocks[len(r.blocks)-1]) {
		r.blocks = append(r.blocks, make([]byte, 0, max(blockSize, size)))
	}
	last := &r.blocks[len(r.blocks)-1]
	*last = e.appendTo(*last)
	r.mu.Unlock()
}

// Events are the events so far, in the order they happened.
func (r *Recorder) Events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Event, 0, r.n)
	for _, b := range r.blocks {
		for len(b) > 0 {
			var e Event
			b = e.decode(b)
			out = append(out, e)
		}
	}
	return out
}
