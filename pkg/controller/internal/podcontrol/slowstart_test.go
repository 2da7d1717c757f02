package podcontrol

import (
	"errors"
	"slices"
	"sync"
	"testing"
)

func TestSlowStartBatch(t *testing.T) {
	tests := []struct {
		name         string
		count, start int
		// failFrom makes every call with this ordinal or a later one fail; -1 never.
		failFrom      int
		wantSuccesses int
		wantCalls     int
	}{
		{name: "all succeed", count: 10, start: 1, failFrom: -1, wantSuccesses: 10, wantCalls: 10},
		{name: "none", count: 0, start: 1, failFrom: -1},
		{name: "first call fails", count: 10, start: 1, failFrom: 0, wantCalls: 1},
		// Batches are 1, 2, 4: the batch of ordinals 3..6 fails at 4 and is the last.
		{name: "fails in the third batch", count: 10, start: 1, failFrom: 4, wantSuccesses: 4, wantCalls: 7},
		{name: "larger first batch", count: 5, start: 3, failFrom: -1, wantSuccesses: 5, wantCalls: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var calls []int
			got, err := SlowStartBatch(tt.count, tt.start, func(i int) error {
				mu.Lock()
				calls = append(calls, i)
				mu.Unlock()
				if tt.failFrom >= 0 && i >= tt.failFrom {
					return errors.New("refused")
				}
				return nil
			})
			if got != tt.wantSuccesses || len(calls) != tt.wantCalls || (err != nil) != (tt.failFrom >= 0) {
				t.Errorf("SlowStartBatch() = %d, %v after %d calls, want %d successes after %d calls", got, err, len(calls), tt.wantSuccesses, tt.wantCalls)
			}
			slices.Sort(calls)
			for i, c := range calls {
				if c != i {
					t.Fatalf("ordinals %v, want 0..%d each once", calls, len(calls)-1)
				}
			}
		})
	}
}
