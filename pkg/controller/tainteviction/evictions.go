package tainteviction

import (
	"context"
	"sync"
	"time"
)

// scheduled is one pod's planned deletion.
type scheduled struct {
	// createdAt is when the pod's toleration time started running.
	createdAt time.Time
	// timer is nil once the deletion succeeded.
	timer *time.Timer
}

// evictions are the pods' planned deletions, keyed by namespace/name. A pod whose deletion succeeded
// stays known until its deletion is observed, so that it is not planned again meanwhile.
type evictions struct {
	mu    sync.Mutex
	byPod map[string]*scheduled
	// evict deletes the pod of a key.
	evict func(ctx context.Context, key string) error
	now   func() time.Time
}

func newEvictions(evict func(context.Context, string) error) *evictions {
	return &evictions{byPod: map[string]*scheduled{}, evict: evict, now: time.Now}
}

// add plans the deletion of key's pod at fireAt unless one is planned or done already.
func (e *evictions) add(ctx context.Context, key string, createdAt, fireAt time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.byPod[key]; ok {
		return
	}
	s := &scheduled{createdAt: createdAt}
	s.timer = time.AfterFunc(fireAt.Sub(e.now()), func() { e.run(ctx, key, s) })
	e.byPod[key] = s
}

// run deletes key's pod; a failed deletion is forgotten so that the next change plans it again.
func (e *evictions) run(ctx context.Context, key string, s *scheduled) {
	err := e.evict(ctx, key)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.byPod[key] != s {
		return
	}
	if err != nil {
		delete(e.byPod, key)
		return
	}
	s.timer = nil
}

// pending returns the planned deletion of key's pod that has not happened yet, or nil.
func (e *evictions) pending(key string) *scheduled {
	e.mu.Lock()
	defer e.mu.Unlock()
	if s := e.byPod[key]; s != nil && s.timer != nil {
		return s
	}
	return nil
}

// cancel forgets key's pod, stopping its planned deletion, and reports whether one was pending.
func (e *evictions) cancel(key string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	s, ok := e.byPod[key]
	if !ok {
		return false
	}
	delete(e.byPod, key)
	if s.timer == nil {
		return false
	}
	s.timer.Stop()
	return true
}
