// Package endpoints holds what kapi's endpoints, endpointslice and endpointslice-mirroring
// controllers share: the worker loop, which pods back a service and on which ports, the trigger-time
// and slice-generation bookkeeping, endpoint identity, and the canonical form of Endpoints subsets.
package endpoints

import (
	"context"
	"time"

	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
)

// MaxRetries is how often kube-controller-manager's endpoint controllers retry a key before they drop
// it until its next change.
const MaxRetries = 15

// Run waits for synced, then works queue with workers goroutines until ctx ends, calling sync for each
// key. A key whose sync fails is retried at the queue's rate limit, at most MaxRetries times.
func Run(ctx context.Context, name string, queue workqueue.TypedRateLimitingInterface[string], workers int, sync func(context.Context, string) error, synced ...cache.InformerSynced) {
	defer utilruntime.HandleCrash()
	defer queue.ShutDown()
	klog.InfoS("Starting controller", "controller", name)
	defer klog.InfoS("Shutting down controller", "controller", name)
	if !cache.WaitForNamedCacheSync(name, ctx.Done(), synced...) {
		return
	}
	for range workers {
		go wait.UntilWithContext(ctx, func(ctx context.Context) {
			for processNext(ctx, name, queue, sync) {
			}
		}, time.Second)
	}
	<-ctx.Done()
}

func processNext(ctx context.Context, name string, queue workqueue.TypedRateLimitingInterface[string], sync func(context.Context, string) error) bool {
	key, quit := queue.Get()
	if quit {
		return false
	}
	defer queue.Done(key)
	err := sync(ctx, key)
	switch {
	case err == nil:
		queue.Forget(key)
	case queue.NumRequeues(key) < MaxRetries:
		klog.V(2).InfoS("Sync failed, retrying", "controller", name, "key", key, "err", err)
		queue.AddRateLimited(key)
	default:
		klog.InfoS("Retry budget exceeded, dropping the key out of the queue", "controller", name, "key", key, "err", err)
		queue.Forget(key)
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

// EnqueueKey returns an event handler that enqueues the key of the event's object.
func EnqueueKey(enqueue func(string)) func(obj any) {
	return func(obj any) {
		if key, ok := objectKey(obj); ok {
			enqueue(key)
		}
	}
}

// objectKey is the namespace/name key of obj, also of a tombstone.
func objectKey(obj any) (string, bool) {
	key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj)
	if err != nil {
		utilruntime.HandleError(err)
		return "", false
	}
	return key, true
}
