package nodelifecycle

import (
	"slices"
	"testing"
	"time"
)

func TestTaintQueue(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// A high rate, so that a few milliseconds refill the one token the bucket holds.
	q := newTaintQueue(1000, func() time.Time { return now })
	refill := func() { time.Sleep(10 * time.Millisecond) }
	if !q.add("a") || !q.add("b") {
		t.Fatal("new nodes were not queued")
	}
	if q.add("a") {
		t.Error("a queued node was queued twice")
	}

	var tried []string
	taint := func(node string) (bool, time.Duration) {
		tried = append(tried, node)
		// b is to be tried again a minute later.
		return node == "a", time.Minute
	}
	q.try(taint)
	refill()
	q.try(taint)
	if !slices.Equal(tried, []string{"a", "b"}) {
		t.Errorf("tried %v, want [a b]", tried)
	}
	if q.add("a") {
		t.Error("a tainted node was queued again before it was removed")
	}

	tried = nil
	refill()
	q.try(func(node string) (bool, time.Duration) { tried = append(tried, node); return true, 0 })
	if len(tried) != 0 {
		t.Errorf("tried %v before their time", tried)
	}
	now = now.Add(2 * time.Minute)
	refill()
	q.try(func(node string) (bool, time.Duration) { tried = append(tried, node); return true, 0 })
	if !slices.Equal(tried, []string{"b"}) {
		t.Errorf("once due, tried %v, want [b]", tried)
	}

	if !q.remove("a") || q.remove("a") {
		t.Error("remove did not report membership")
	}
	if !q.add("a") {
		t.Error("a removed node could not be queued again")
	}
}

func TestTaintQueueRate(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	q := newTaintQueue(0.001, func() time.Time { return now })
	q.add("a")
	q.add("b")
	var tried []string
	q.try(func(node string) (bool, time.Duration) { tried = append(tried, node); return true, 0 })
	if !slices.Equal(tried, []string{"a"}) {
		t.Errorf("with a burst of one, tried %v, want [a]", tried)
	}

	q.setRate(0)
	tried = nil
	q.try(func(node string) (bool, time.Duration) { tried = append(tried, node); return true, 0 })
	if len(tried) != 0 {
		t.Errorf("at rate 0 tried %v", tried)
	}
}
