package host

// Alone reports whether the run has no thread but its main one. Only then
// may a call wait in the kernel (WaitFD) instead of on Go's poller: no other
// script thread can close the descriptor meanwhile.
func (p *Process) Alone() bool {
	if p.noGIL {
		return false
	}
	return p.live.count.Load() == 0
}

// PollFD is one entry of ppoll(2)'s array, in the kernel's layout.
type PollFD struct {
	Fd      int32 // a negative one is skipped
	Events  int16
	Revents int16
}

// Poll bits of PollFD.Events and Revents.
const (
	PollIn  = 0x1
	PollOut = 0x4
)
