// Package listbudget bounds the memory that LIST requests hold at once. A LIST served from the watch
// cache copies every matching object into its response before it is encoded, so a server answering
// two hundred clients listing the same large collection holds two hundred copies of it, whatever
// API Priority and Fairness allows (system:masters is exempt from it). The budget lets LISTs run
// as long as the memory they are estimated to hold fits, and queues the rest in arrival order: the
// work is bound by the CPU either way, so the queue costs latency but not throughput.
package listbudget

import (
	"net/http"
	"net/url"
	"strconv"

	"golang.org/x/sync/semaphore"
	"k8s.io/apimachinery/pkg/runtime/schema"
	apirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/storage"
)

// DefaultBytes is the estimated size of LIST results in flight at once: on a 2-core machine about
// twenty-five concurrent lists of 2,000 pods, several times what the cores can encode in parallel.
const DefaultBytes = 64 << 20

// unmeasuredObjectBytes stands for the average size of a resource's objects until the storage has
// measured it, which it does only as objects are written.
const unmeasuredObjectBytes = 1 << 10

// StatsGetter returns the number and average encoded size of a resource's stored objects, keyed by
// group resource ("pods", "deployments.apps"), as the storage object count tracker does.
type StatsGetter func(groupResource string) (storage.Stats, error)

// Budget is a weighted queue of LIST requests by the bytes each is estimated to hold.
type Budget struct {
	size  int64
	slots *semaphore.Weighted
	stats StatsGetter
}

// New returns a budget of size bytes, estimating requests with stats.
func New(size int64, stats StatsGetter) *Budget {
	return &Budget{size: size, slots: semaphore.NewWeighted(size), stats: stats}
}

// WithBudget runs LIST requests of handler within the budget. Other requests, and LISTs of
// resources the server does not count (those of aggregated API servers), pass straight through.
// A request whose client goes away, or whose time runs out, while it waits is answered by the
// filters that saw its context end, so nothing is written here.
func (b *Budget) WithBudget(handler http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info, ok := apirequest.RequestInfoFrom(r.Context())
		if !ok || !info.IsResourceRequest || info.Verb != "list" {
			handler.ServeHTTP(w, r)
			return
		}
		weight := b.weight(info, r.URL.Query())
		if weight == 0 {
			handler.ServeHTTP(w, r)
			return
		}
		if b.slots.Acquire(r.Context(), weight) != nil {
			return
		}
		defer b.slots.Release(weight)
		handler.ServeHTTP(w, r)
	})
}

// weight is the bytes a LIST is estimated to hold: the objects it may return times their average
// encoded size, at least one byte for a counted resource, at most the whole budget so that a list
// larger than the budget still runs, alone.
func (b *Budget) weight(info *apirequest.RequestInfo, query url.Values) int64 {
	stats, err := b.stats(schema.GroupResource{Group: info.APIGroup, Resource: info.Resource}.String())
	if err != nil {
		return 0
	}
	objects := stats.ObjectCount
	if limit, err := strconv.ParseInt(query.Get("limit"), 10, 64); err == nil && limit > 0 && limit < objects {
		objects = limit
	}
	if info.Name != "" {
		objects = min(objects, 1)
	}
	size := stats.EstimatedAverageObjectSizeBytes
	if size <= 0 {
		size = unmeasuredObjectBytes
	}
	return min(max(objects*size, 1), b.size)
}
