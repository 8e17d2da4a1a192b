package lazy

import (
	"sync"
	"testing"
)

func TestValueMadeOnceOnFirstGet(t *testing.T) {
	made := 0
	v := Value[int]{Make: func() int { made++; return 42 }}
	if made != 0 {
		t.Fatalf("made before Get: %d", made)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := v.Get(); got != 42 {
				t.Errorf("Get() = %d, want 42", got)
			}
		}()
	}
	wg.Wait()
	if made != 1 {
		t.Fatalf("Make ran %d times, want 1", made)
	}
}
