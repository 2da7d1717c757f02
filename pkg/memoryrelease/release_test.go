package memoryrelease

import (
	"testing"
)

var sink []byte

// burst allocates and drops a large buffer, as a storm of LISTs leaves its responses behind.
func burst() {
	sink = make([]byte, 512<<20)
	for i := range sink {
		sink[i] = 1
	}
	sink = nil
}

func TestReleaseIfIdleReturnsTheHeapOfABurst(t *testing.T) {
	r := newReleaser()
	burst()
	// The burst is over: the next look sees a quiet interval.
	r.allocs, _, _ = r.read()
	if _, objects, free := r.read(); objects+free < 256<<20 {
		t.Skipf("the runtime already returned the burst's memory (%d bytes held): nothing left to test", objects+free)
	}
	r.releaseIfIdle()
	if _, objects, free := r.read(); objects+free >= 128<<20 {
		t.Errorf("%d bytes of heap still held after releaseIfIdle, want the burst's returned", objects+free)
	}

}

func TestReleaseIfIdleLeavesABusyServerAlone(t *testing.T) {
	r := newReleaser()
	released := 0
	r.release = func() { released++ }
	// A busy server churns through more than its heap: many responses, each soon garbage.
	for range 32 {
		sink = make([]byte, 32<<20)
		for i := range sink {
			sink[i] = 1
		}
	}
	sink = nil
	r.releaseIfIdle()
	if released != 0 {
		t.Errorf("released %d times in an interval that allocated more than the heap holds, want none", released)
	}
}
