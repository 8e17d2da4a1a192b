package host

import "go.starlark.net/starlark"

// scratchBudget bounds the scratch memory of a run's threads together: past
// it (a deep recursion, many threads, huge sizes) calls get fresh memory, as
// calls that keep their results do.
const scratchBudget = 16 << 20

// Site is where a call is in a script: its file and the line and column of
// its opening parenthesis, as the caller's frame reports them.
type Site struct {
	File      string
	Line, Col int32
}

// SetMeasured tells the process which calls' results its script only
// measures: takes their length or truth, compares them or drops them, and
// never keeps past the next run of the same call. The runtime finds them
// while compiling; set them before the run starts, as threads read them
// without a lock.
func (p *Process) SetMeasured(sites map[Site]bool) { p.measured = sites }

const scratchKey = "sockstar.scratch"

// scratchSlot is one buffer's owner in a thread: a site at a stack depth.
// The depth keeps a recursive function's calls at one site apart.
type scratchSlot struct {
	site  Site
	depth int
}

// Scratch returns n bytes that the result of the builtin being called may be
// made in, without a new allocation, because the script only measures that
// result; or nil if it may keep it, or the run's scratch memory is spent
// (scratchBudget). The buffer belongs to the call's site
// and stack depth in this thread: the next run of the same call overwrites
// it, and by then the script no longer holds the result made in it.
func Scratch(thread *starlark.Thread, n int) []byte {
	p, ok := thread.Local(localKey).(*Process)
	if !ok || len(p.measured) == 0 || thread.CallStackDepth() < 2 {
		return nil
	}
	pos := thread.CallFrame(1).Pos
	site := Site{File: pos.Filename(), Line: pos.Line, Col: pos.Col}
	if !p.measured[site] {
		return nil
	}
	slots, _ := thread.Local(scratchKey).(map[scratchSlot][]byte)
	if slots == nil {
		slots = map[scratchSlot][]byte{}
		thread.SetLocal(scratchKey, slots)
	}
	slot := scratchSlot{site, thread.CallStackDepth()}
	buf := slots[slot]
	if cap(buf) < n {
		grow := int64(n - cap(buf))
		if p.scratchBytes.Add(grow) > scratchBudget {
			p.scratchBytes.Add(-grow)
			return nil
		}
		// The old buffer stays with whatever value still points into it.
		buf = make([]byte, n)
		slots[slot] = buf
	}
	return buf[:n]
}

// dropScratch gives back the budget of a thread whose work has ended.
func (p *Process) dropScratch(thread *starlark.Thread) {
	slots, _ := thread.Local(scratchKey).(map[scratchSlot][]byte)
	for _, buf := range slots {
		p.scratchBytes.Add(-int64(cap(buf)))
	}
	thread.SetLocal(scratchKey, nil)
}
