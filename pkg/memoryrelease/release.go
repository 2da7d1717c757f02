// Package memoryrelease gives memory back to the operating system once a burst of requests is over.
// The Go runtime keeps freed heap for reuse and collects an idle heap only every two minutes, so
// after a storm of large LISTs a server's resident memory stays near its peak for minutes though
// most of its heap is garbage or free.
package memoryrelease

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"time"

	"k8s.io/klog/v2"
)

const (
	// Interval is how often the heap is looked at.
	Interval = 30 * time.Second
	// minHeld is the heap below which nothing is done: returning a little memory is not worth a
	// full collection.
	minHeld = 64 << 20
)

// releaser remembers what the heap looked like at the last look and after the last release.
type releaser struct {
	samples []metrics.Sample
	// allocs is the total allocated at the last look.
	allocs uint64
	// afterRelease is the heap in objects right after the last release, 0 before the first.
	afterRelease uint64
	// release collects and returns the free heap: debug.FreeOSMemory.
	release func()
}

func newReleaser() *releaser {
	r := &releaser{samples: []metrics.Sample{
		{Name: "/gc/heap/allocs:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
	}, release: debug.FreeOSMemory}
	r.allocs, _, _ = r.read()
	return r
}

func (r *releaser) read() (allocs, objects, free uint64) {
	metrics.Read(r.samples)
	return r.samples[0].Value.Uint64(), r.samples[1].Value.Uint64(), r.samples[2].Value.Uint64()
}

// Run looks every Interval until ctx ends.
func Run(ctx context.Context) {
	r := newReleaser()
	ticker := time.NewTicker(Interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			r.releaseIfIdle()
		}
	}
}

// releaseIfIdle collects the heap and returns its free memory to the system when the server has
// gone quiet holding a heap well above what it kept after the last release. A server that allocates
// more than its heap in an interval is busy: it reuses its free heap and is left alone.
func (r *releaser) releaseIfIdle() {
	allocs, objects, free := r.read()
	allocated := allocs - r.allocs
	r.allocs = allocs
	held := objects + free
	switch {
	case held < minHeld, allocated > objects:
		return
	case r.afterRelease > 0 && held < r.afterRelease*3/2:
		return
	}
	klog.V(2).InfoS("Returning the heap of a past burst to the operating system", "heapObjectBytes", objects, "heapFreeBytes", free)
	r.release()
	_, r.afterRelease, _ = r.read()
}
