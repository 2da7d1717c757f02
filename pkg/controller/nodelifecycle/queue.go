package nodelifecycle

import (
	"container/heap"
	"sync"
	"time"

	"k8s.io/client-go/util/flowcontrol"
)

// evictionBurst is the token bucket's burst: upstream taints at most one node at a time.
const evictionBurst = 1

// pending is a node waiting in a zone's queue for its NoExecute taint.
type pending struct {
	node string
	// at is when the node is next tried.
	at time.Time
}

// pendingHeap orders pending nodes by when they are tried, then by name.
type pendingHeap []*pending

func (h pendingHeap) Len() int { return len(h) }
func (h pendingHeap) Less(i, j int) bool {
	if h[i].at.Equal(h[j].at) {
		return h[i].node < h[j].node
	}
	return h[i].at.Before(h[j].at)
}
func (h pendingHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *pendingHeap) Push(x any)   { *h = append(*h, x.(*pending)) }
func (h *pendingHeap) Pop() any {
	old := *h
	last := old[len(old)-1]
	*h = old[:len(old)-1]
	return last
}

// taintQueue is one zone's queue of nodes to taint NoExecute, worked at the zone's rate. A node stays
// a member after it was tainted, so that it is not queued again, until it is removed because it is
// ready again or its taint disappeared.
type taintQueue struct {
	mu      sync.Mutex
	heap    pendingHeap
	members map[string]bool
	limiter flowcontrol.RateLimiter
	qps     float32
	now     func() time.Time
}

// newTaintQueue returns a queue that lets qps nodes a second through.
func newTaintQueue(qps float32, now func() time.Time) *taintQueue {
	q := &taintQueue{members: map[string]bool{}, now: now}
	q.limiter, q.qps = limiterFor(qps), qps
	return q
}

// limiterFor returns a token bucket of qps, or one that never lets through when qps is not positive.
func limiterFor(qps float32) flowcontrol.RateLimiter {
	if qps <= 0 {
		return flowcontrol.NewFakeNeverRateLimiter()
	}
	return flowcontrol.NewTokenBucketRateLimiter(qps, evictionBurst)
}

// add queues node unless it is a member already, and reports whether it queued it.
func (q *taintQueue) add(node string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.members[node] {
		return false
	}
	q.members[node] = true
	heap.Push(&q.heap, &pending{node: node, at: q.now()})
	return true
}

// remove forgets node, and reports whether it was a member.
func (q *taintQueue) remove(node string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.members[node] {
		return false
	}
	delete(q.members, node)
	for i, p := range q.heap {
		if p.node == node {
			heap.Remove(&q.heap, i)
			break
		}
	}
	return true
}

// setRate changes the zone's rate. A limiter that had no token left hands its emptiness on, so that
// changing the rate does not let an extra node through.
func (q *taintQueue) setRate(qps float32) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.qps == qps {
		return
	}
	limiter := limiterFor(qps)
	if qps > 0 && !q.limiter.TryAccept() {
		limiter.TryAccept()
	}
	q.limiter.Stop()
	q.limiter, q.qps = limiter, qps
}

// try hands the due nodes to taint while the rate allows. taint returns false and a delay when the
// node is to be tried again later; a tainted node leaves the heap but stays a member.
func (q *taintQueue) try(taint func(node string) (bool, time.Duration)) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.heap) > 0 {
		head := q.heap[0]
		if !q.limiter.TryAccept() {
			return
		}
		now := q.now()
		if now.Before(head.at) {
			return
		}
		done, wait := taint(head.node)
		if done {
			heap.Pop(&q.heap)
			continue
		}
		head.at = now.Add(wait + 1)
		heap.Fix(&q.heap, 0)
	}
}
