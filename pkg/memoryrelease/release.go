// Package memoryrelease gives memory back to the operating system once a burst of requests is over.
// The Go runtime keeps freed heap for reuse and returns it only slowly, so after a storm of large
// LISTs a server's resident memory stays near its peak for minutes though the heap is mostly free.
package memoryrelease

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"time"

	"k8s.io/klog/v2"
)

const (
	// Interval is how often the retained free heap is looked at.
	Interval = 30 * time.Second
	// minRetained is the free heap below which nothing is done: returning a little memory is not
	// worth a full collection.
	minRetained = 64 << 20
)

// samples are the runtime metrics read: heap that is free but still held, and heap in objects.
var samples = []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}

// Run checks every Interval until ctx ends and, when the heap holds more free memory than live
// objects and at least minRetained of it, collects and returns the free memory to the system.
func Run(ctx context.Context) {
	ticker := time.NewTicker(Interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			releaseIfIdle()
		}
	}
}

// releaseIfIdle returns the free heap when most of the heap is free, which is what an idle server
// after a burst looks like; a busy server reuses its free heap and is left alone.
func releaseIfIdle() {
	metrics.Read(samples)
	free, objects := samples[0].Value.Uint64(), samples[1].Value.Uint64()
	if free < minRetained || free < objects {
		return
	}
	klog.V(2).InfoS("Returning free heap memory to the operating system", "freeBytes", free, "objectBytes", objects)
	debug.FreeOSMemory()
}
