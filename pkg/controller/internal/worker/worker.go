// Package worker is the part every in-process controller shares: the worker loop over a
// rate-limited queue of keys, and the unwrapping of informer events.
package worker

import (
	"context"
	"time"

	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
)

// Loop works a controller's queue: each key is synced, and retried at the queue's rate limit while
// its sync fails.
type Loop struct {
	// Name names the controller in logs.
	Name  string
	Queue workqueue.TypedRateLimitingInterface[string]
	Sync  func(ctx context.Context, key string) error
	// MaxRetries, when not zero, drops a key after that many failed retries until it is queued
	// again by its next change.
	MaxRetries int
}

// Run waits for synced, then works the queue with workers goroutines until ctx ends, and shuts the
// queue down.
func (l Loop) Run(ctx context.Context, workers int, synced ...cache.InformerSynced) {
	defer utilruntime.HandleCrash()
	defer l.Queue.ShutDown()
	klog.InfoS("Starting controller", "controller", l.Name)
	defer klog.InfoS("Shutting down controller", "controller", l.Name)
	if !cache.WaitForNamedCacheSync(l.Name, ctx.Done(), synced...) {
		return
	}
	for range workers {
		go wait.UntilWithContext(ctx, func(ctx context.Context) {
			for l.processNext(ctx) {
			}
		}, time.Second)
	}
	<-ctx.Done()
}

func (l Loop) processNext(ctx context.Context) bool {
	key, quit := l.Queue.Get()
	if quit {
		return false
	}
	defer l.Queue.Done(key)
	err := l.Sync(ctx, key)
	switch {
	case err == nil:
		l.Queue.Forget(key)
	case l.MaxRetries == 0 || l.Queue.NumRequeues(key) < l.MaxRetries:
		klog.V(2).InfoS("Sync failed, retrying", "controller", l.Name, "key", key, "err", err)
		l.Queue.AddRateLimited(key)
	default:
		klog.InfoS("Retry budget exceeded, dropping the key out of the queue", "controller", l.Name, "key", key, "err", err)
		l.Queue.Forget(key)
		utilruntime.HandleError(err)
	}
	return true
}

// Unwrap returns the object of an informer event, looking inside the tombstone a missed deletion
// leaves, and false when it is not a T.
func Unwrap[T any](obj any) (T, bool) {
	if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = tombstone.Obj
	}
	t, ok := obj.(T)
	return t, ok
}

// EnqueueKey returns an event handler that enqueues the namespace/name key of the event's object.
func EnqueueKey(enqueue func(string)) func(obj any) {
	return func(obj any) {
		key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj)
		if err != nil {
			utilruntime.HandleError(err)
			return
		}
		enqueue(key)
	}
}
