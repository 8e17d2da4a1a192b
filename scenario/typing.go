package scenario

import "sync"

// Typing is the input of roles typed while a run goes on, as the
// playground's input lines give it: a role reading it waits for the next
// line, and a simulated run whose threads all wait, some of them for a
// typed line, waits for one (its clock stopped) instead of ending in a
// deadlock. It serves the roles that the scenario gives no input.
type Typing struct {
	// Waiting, if set, is told which roles a simulated run waits on.
	Waiting func(roles []string)

	mu     sync.Mutex
	inputs map[string]*input
	kick   func()
}

// NewTyping makes the typed input of one run.
func NewTyping() *Typing { return &Typing{inputs: map[string]*input{}} }

func (t *Typing) input(role string) *input {
	t.mu.Lock()
	defer t.mu.Unlock()
	in := t.inputs[role]
	if in == nil {
		in = newInput()
		t.inputs[role] = in
	}
	return in
}

func (t *Typing) setKick(kick func()) {
	t.mu.Lock()
	t.kick = kick
	t.mu.Unlock()
}

// wake tells a simulated run that a waiting thread may go on.
func (t *Typing) wake() {
	t.mu.Lock()
	kick := t.kick
	t.mu.Unlock()
	if kick != nil {
		kick()
	}
}

// Type gives role the text (a line ends with "\n"); it reports false when
// the role's input has ended.
func (t *Typing) Type(role, text string) bool {
	in := t.input(role)
	in.mu.Lock()
	closed := in.closed
	in.mu.Unlock()
	if closed {
		return false
	}
	in.add(text)
	t.wake()
	return true
}

// End ends role's input: its next read past what was typed gets EOF.
func (t *Typing) End(role string) {
	t.input(role).Close()
	t.wake()
}

// open reports whether role reads typed input that has not ended.
func (t *Typing) open(role string) bool {
	t.mu.Lock()
	in := t.inputs[role]
	t.mu.Unlock()
	if in == nil {
		return false
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	return !in.closed
}
