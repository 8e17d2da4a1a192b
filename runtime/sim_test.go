package runtime_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime"
	"sockstar/runtime/host"
	"sockstar/stdlib"
)

// runSim runs src as a simulated run with seed, without a network.
func runSim(t *testing.T, src string, seed uint64) result {
	t.Helper()
	var out, errOut bytes.Buffer
	prog, err := runtime.Compile("script.py", []byte(src), stdlib.Modules())
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sim := host.NewSim(seed)
	var proc *host.Process
	sim.OnStuck = func() { proc.Cancel(context.Canceled) }
	cfg := runtime.Config{
		Modules: stdlib.Modules(),
		Argv:    []string{"script.py"},
		Stdin:   strings.NewReader(""),
		Stdout:  &out,
		Stderr:  &errOut,
		Sim:     sim.NewThread(),
		Setup:   func(p *host.Process) { proc = p },
	}
	sim.Start()
	code := prog.Run(ctx, cfg)
	return result{code, out.String(), errOut.String()}
}

// Virtual time: a long sleep ends at once, and the clocks moved by it.
func TestSimSleepIsVirtual(t *testing.T) {
	began := time.Now()
	r := runSim(t, `
import time
t0, m0 = time.time(), time.monotonic()
time.sleep(3600)
print(round(time.time() - t0), round(time.monotonic() - m0))
print(time.strftime("%Y", time.gmtime()))
`, 1)
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "3600 3600\n2000\n", r.stdout)
	assert.Less(t, time.Since(began), 10*time.Second)
}

// Threads interleave as the seed says: the same seed gives the same
// output, and some two seeds give different ones.
func TestSimThreadsFollowTheSeed(t *testing.T) {
	const src = `
import threading
out = []
def work(name):
    for i in range(3):
        out.append(name)
        x = 0
        for j in range(2000):
            x += j
ts = [threading.Thread(target=work, args=(n,)) for n in "abc"]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("".join(out))
`
	seen := map[string]bool{}
	for seed := uint64(1); seed <= 12; seed++ {
		a := runSim(t, src, seed)
		b := runSim(t, src, seed)
		require.Equal(t, 0, a.code, a.stderr)
		assert.Equal(t, a.stdout, b.stdout, "seed %d", seed)
		assert.Len(t, strings.TrimSpace(a.stdout), 9)
		seen[a.stdout] = true
	}
	assert.Greater(t, len(seen), 1, "every seed gave the same interleaving")
}

// Locks, events, queues and timeouts wait on the scheduler.
func TestSimSyncObjects(t *testing.T) {
	r := runSim(t, `
import threading, queue, time
q = queue.Queue()
ev = threading.Event()
lock = threading.Lock()
def producer():
    for i in range(5):
        time.sleep(0.5)
        q.put(i)
    ev.set()
threading.Thread(target=producer).start()
got = []
while len(got) < 5:
    got.append(q.get())
print(got, ev.wait(10))
t0 = time.monotonic()
print(lock.acquire(), lock.acquire(timeout=2.5), round(time.monotonic() - t0, 3))
try:
    q.get(timeout=1)
except queue.Empty:
    print("empty")
`, 7)
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "[0, 1, 2, 3, 4] True\nTrue False 2.5\nempty\n", r.stdout)
}

// A run whose threads all wait on each other ends instead of hanging.
func TestSimDeadlockEnds(t *testing.T) {
	r := runSim(t, `
import threading
threading.Event().wait()
`, 1)
	assert.NotEqual(t, 0, r.code)
}
