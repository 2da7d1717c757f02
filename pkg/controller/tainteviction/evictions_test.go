package tainteviction

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestEvictions(t *testing.T) {
	evicted := make(chan string, 10)
	fail := false
	e := newEvictions(func(_ context.Context, key string) error {
		evicted <- key
		if fail {
			return errors.New("refused")
		}
		return nil
	})
	ctx := context.Background()
	now := time.Now()

	e.add(ctx, "ns/later", now, now.Add(time.Hour))
	if s := e.pending("ns/later"); s == nil || !s.createdAt.Equal(now) {
		t.Fatalf("pending = %+v, want the planned deletion", s)
	}
	if !e.cancel("ns/later") || e.pending("ns/later") != nil || e.cancel("ns/later") {
		t.Error("cancel did not forget the planned deletion exactly once")
	}

	e.add(ctx, "ns/now", now, now)
	if got := <-evicted; got != "ns/now" {
		t.Fatalf("evicted %q", got)
	}
	// Once done, the deletion is neither pending nor planned again until it is forgotten.
	waitFor(t, func() bool { return e.pending("ns/now") == nil })
	e.add(ctx, "ns/now", now, now)
	select {
	case got := <-evicted:
		t.Errorf("a deleted pod was deleted again: %q", got)
	case <-time.After(50 * time.Millisecond):
	}
	if e.cancel("ns/now") {
		t.Error("cancelling a finished deletion reported a pending one")
	}

	fail = true
	e.add(ctx, "ns/refused", now, now)
	<-evicted
	// A failed deletion is forgotten, so that it can be planned again.
	waitFor(t, func() bool {
		e.mu.Lock()
		defer e.mu.Unlock()
		_, known := e.byPod["ns/refused"]
		return !known
	})
}

// waitFor polls cond until it holds, for a deletion running on its timer's goroutine.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition never held")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
