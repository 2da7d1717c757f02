package podcontrol

import (
	"testing"
	"time"

	clocktesting "k8s.io/utils/clock/testing"
)

func TestExpectations(t *testing.T) {
	const key = "ns/rs"
	tests := []struct {
		name string
		// act sets and observes expectations; elapsed is how long passes after it.
		act     func(e *Expectations)
		elapsed time.Duration
		want    bool
	}{
		{name: "none", act: func(*Expectations) {}, want: true},
		{name: "creations pending", act: func(e *Expectations) { e.ExpectCreations(key, 2); e.CreationObserved(key) }, want: false},
		{name: "creations observed", act: func(e *Expectations) {
			e.ExpectCreations(key, 2)
			e.CreationObserved(key)
			e.CreationObserved(key)
		}, want: true},
		{name: "creations skipped", act: func(e *Expectations) { e.ExpectCreations(key, 3); e.CreationsSkipped(key, 3) }, want: true},
		{name: "creations time out", act: func(e *Expectations) { e.ExpectCreations(key, 1) }, elapsed: ExpectationsTimeout + time.Second, want: true},
		{name: "creations before the timeout", act: func(e *Expectations) { e.ExpectCreations(key, 1) }, elapsed: ExpectationsTimeout, want: false},
		{name: "deletions pending", act: func(e *Expectations) {
			e.ExpectDeletions(key, []string{"ns/a", "ns/b"})
			e.DeletionObserved(key, "ns/a")
		}, want: false},
		{name: "deletion of another pod does not count", act: func(e *Expectations) {
			e.ExpectDeletions(key, []string{"ns/a"})
			e.DeletionObserved(key, "ns/c")
			e.DeletionObserved("ns/other", "ns/a")
		}, want: false},
		{name: "deletion observed twice counts once", act: func(e *Expectations) {
			e.ExpectDeletions(key, []string{"ns/a", "ns/b"})
			e.DeletionObserved(key, "ns/a")
			e.DeletionObserved(key, "ns/a")
		}, want: false},
		{name: "deletions observed", act: func(e *Expectations) {
			e.ExpectDeletions(key, []string{"ns/a", "ns/b"})
			e.DeletionObserved(key, "ns/b")
			e.DeletionObserved(key, "ns/a")
		}, want: true},
		{name: "deletions replace creations", act: func(e *Expectations) {
			e.ExpectCreations(key, 5)
			e.ExpectDeletions(key, nil)
		}, want: true},
		{name: "both pending", act: func(e *Expectations) {
			e.Expect(key, 1, []string{"ns/a"})
			e.CreationObserved(key)
		}, want: false},
		{name: "both observed", act: func(e *Expectations) {
			e.Expect(key, 1, []string{"ns/a"})
			e.CreationObserved(key)
			e.DeletionObserved(key, "ns/a")
		}, want: true},
		{name: "deleted", act: func(e *Expectations) { e.ExpectCreations(key, 5); e.Delete(key) }, want: true},
		{name: "observing unknown keys is harmless", act: func(e *Expectations) { e.CreationObserved(key); e.DeletionObserved(key, "ns/a") }, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := clocktesting.NewFakePassiveClock(time.Now())
			e := NewExpectations(clk)
			tt.act(e)
			clk.SetTime(clk.Now().Add(tt.elapsed))
			if got := e.Satisfied(key); got != tt.want {
				t.Errorf("Satisfied() = %v, want %v", got, tt.want)
			}
		})
	}
}
