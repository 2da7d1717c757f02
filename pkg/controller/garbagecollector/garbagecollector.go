// Package garbagecollector deletes objects whose owners are gone, as kube-controller-manager's garbage
// collector does: it watches the metadata of every deletable resource that discovery lists (custom
// resources included, rediscovered every 30 seconds and whenever a CustomResourceDefinition changes),
// keeps a graph of owners and dependents from their ownerReferences, and
//   - deletes a dependent once none of its owners exists (background propagation), or removes the
//     references to the absent owners if another owner remains;
//   - for an owner deleted with the foregroundDeletion finalizer, deletes its dependents first and
//     removes the finalizer once no dependent with blockOwnerDeletion is left;
//   - for an owner deleted with the orphan finalizer, removes the references to it from its dependents,
//     then the finalizer.
//
// Before deleting anything it reads the owners from the API server, not from its caches.
package garbagecollector

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	apiextensionshelpers "k8s.io/apiextensions-apiserver/pkg/apihelpers"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsinformers "k8s.io/apiextensions-apiserver/pkg/client/informers/externalversions/apiextensions/v1"
	apiextensionslisters "k8s.io/apiextensions-apiserver/pkg/client/listers/apiextensions/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
	"k8s.io/utils/lru"
)

const (
	// ControllerName is the source of the collector's events, kube-controller-manager's.
	ControllerName = "garbage-collector-controller"
	// SyncPeriod is how often discovery is read again, kube-controller-manager's.
	SyncPeriod = 30 * time.Second
	// absentOwnerCacheSize is how many absent owners are remembered.
	absentOwnerCacheSize = 500
	// firstRetry and lastRetry bound the delay before discovery is read again while a
	// CustomResourceDefinition's resource is not watched yet, or discovery failed.
	firstRetry = 100 * time.Millisecond
	lastRetry  = 5 * time.Second
	// retries is how many times discovery is read again quickly before the collector waits for the
	// next period.
	retries = 12
)

// GarbageCollector is the garbage collector. New builds it; Run runs it.
type GarbageCollector struct {
	kube      kubernetes.Interface
	metadata  metadata.Interface
	discovery discovery.DiscoveryInterface
	// crds, when set, tell which custom resources discovery should soon list.
	crds apiextensionslisters.CustomResourceDefinitionLister
	// kick asks for discovery to be read now.
	kick chan struct{}

	mapper atomic.Pointer[meta.RESTMapper]

	// Built by Run.
	builder         *graphBuilder
	monitors        *monitors
	attemptToDelete workqueue.TypedRateLimitingInterface[*node]
	attemptToOrphan workqueue.TypedRateLimitingInterface[*node]
	absent          *lru.Cache
}

// New returns a garbage collector acting through kube (events, discovery) and metadataClient. With
// crds, it reads discovery again whenever a CustomResourceDefinition changes, until its resource is
// watched; create it before crds' factory starts.
func New(kube kubernetes.Interface, metadataClient metadata.Interface, crds apiextensionsinformers.CustomResourceDefinitionInformer) (*GarbageCollector, error) {
	gc := &GarbageCollector{
		kube:      kube,
		metadata:  metadataClient,
		discovery: kube.Discovery(),
		kick:      make(chan struct{}, 1),
	}
	if crds != nil {
		gc.crds = crds.Lister()
		kick := func(any) { gc.rediscover() }
		if _, err := crds.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
			AddFunc:    kick,
			UpdateFunc: func(_, obj any) { kick(obj) },
			DeleteFunc: kick,
		}); err != nil {
			return nil, err
		}
	}
	return gc, nil
}

// rediscover asks for discovery to be read again now.
func (gc *GarbageCollector) rediscover() {
	select {
	case gc.kick <- struct{}{}:
	default:
	}
}

// newNodeQueue returns a queue with kube-controller-manager's retry delays.
func newNodeQueue(name string) workqueue.TypedRateLimitingInterface[*node] {
	return workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[*node](),
		workqueue.TypedRateLimitingQueueConfig[*node]{Name: name})
}

// Run collects garbage with workers goroutines for each queue until ctx ends, and returns once all of
// them and every informer have stopped. The workers start once the informers have listed their
// resources, or after SyncPeriod.
func (gc *GarbageCollector) Run(ctx context.Context, workers int) {
	defer utilruntime.HandleCrashWithContext(ctx)
	logger := klog.FromContext(ctx)

	broadcaster := record.NewBroadcaster(record.WithContext(ctx))
	broadcaster.StartStructuredLogging(3)
	broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: gc.kube.CoreV1().Events("")})
	defer broadcaster.Shutdown()
	recorder := broadcaster.NewRecorder(scheme.Scheme, corev1.EventSource{Component: ControllerName})

	gc.attemptToDelete = newNodeQueue("garbage_collector_attempt_to_delete")
	gc.attemptToOrphan = newNodeQueue("garbage_collector_attempt_to_orphan")
	gc.absent = lru.New(absentOwnerCacheSize)
	gc.builder = newGraphBuilder(gc.attemptToDelete, gc.attemptToOrphan, gc.absent, recorder)
	gc.monitors = newMonitors(ctx, gc.metadata, gc.builder)

	logger.Info("Starting controller", "controller", "garbagecollector")
	var wg sync.WaitGroup
	defer func() {
		logger.Info("Shutting down controller", "controller", "garbagecollector")
		gc.builder.changes.ShutDown()
		gc.attemptToDelete.ShutDown()
		gc.attemptToOrphan.ShutDown()
		wg.Wait()
		gc.monitors.stopAll()
	}()
	wg.Go(func() { gc.builder.run(ctx) })
	wg.Go(func() { gc.syncLoop(ctx) })

	err := wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, SyncPeriod, true, func(context.Context) (bool, error) {
		return gc.monitors.synced(), nil
	})
	switch {
	case ctx.Err() != nil:
		return
	case err != nil:
		logger.Info("Garbage collector: not all resource monitors could be synced, proceeding anyways")
	default:
		logger.Info("Garbage collector: all resource monitors have synced")
	}
	for range workers {
		wg.Go(func() { gc.deleteWorker(ctx) })
		wg.Go(func() { gc.orphanWorker(ctx) })
	}
	<-ctx.Done()
}

// syncLoop reads discovery now, every SyncPeriod and when asked to, and watches what it lists. While
// discovery fails, or lacks the resource of an established CustomResourceDefinition, it is read again
// sooner, with a growing delay.
func (gc *GarbageCollector) syncLoop(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	delay, retried := firstRetry, 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-gc.kick:
			delay, retried = firstRetry, 0
		}
		if gc.resync(ctx) && !gc.crdsPending() || retried >= retries {
			delay, retried = firstRetry, 0
			timer.Reset(SyncPeriod)
			continue
		}
		timer.Reset(delay)
		delay, retried = min(2*delay, lastRetry), retried+1
	}
}

// resync reads discovery, refreshes the REST mapping and watches the deletable resources; it reports
// whether discovery answered completely and every informer could be set up. Resources of group
// versions that discovery failed to list stay watched if their informers had listed them.
func (gc *GarbageCollector) resync(ctx context.Context) bool {
	logger := klog.FromContext(ctx)
	d := discover(ctx, gc.discovery)
	if len(d.resources) == 0 {
		logger.V(2).Info("No resources reported by discovery, skipping garbage collector sync", "err", d.err)
		return false
	}
	if d.err != nil {
		logger.Info("Failed to discover some groups", "err", d.err)
	}
	var mapper meta.RESTMapper = restmapper.NewDiscoveryRESTMapper(d.groups)
	if len(d.failed) > 0 {
		if old := gc.mapper.Load(); old != nil {
			mapper = meta.MultiRESTMapper{mapper, *old}
		}
		for gvr, gvk := range gc.monitors.watched() {
			if _, failed := d.failed[gvr.GroupVersion()]; failed && gc.monitors.isSynced(gvr) {
				d.resources[gvr] = gvk
			}
		}
	}
	gc.mapper.Store(&mapper)
	added, removed, err := gc.monitors.sync(d.resources)
	if added+removed > 0 {
		logger.V(2).Info("Synced garbage collector monitors", "added", added, "removed", removed, "watched", len(d.resources))
	}
	if err != nil {
		if ctx.Err() == nil {
			utilruntime.HandleErrorWithContext(ctx, err, "Failed to sync resource monitors")
		}
		return false
	}
	return d.err == nil
}

// crdsPending reports whether an established CustomResourceDefinition's resource is not watched yet:
// discovery will soon list it.
func (gc *GarbageCollector) crdsPending() bool {
	if gc.crds == nil {
		return false
	}
	crds, err := gc.crds.List(labels.Everything())
	if err != nil {
		return false
	}
	watched := gc.monitors.watchedGroupResources()
	for _, crd := range crds {
		if crd.DeletionTimestamp != nil || !apiextensionshelpers.IsCRDConditionTrue(crd, apiextensionsv1.Established) || !served(crd) {
			continue
		}
		if !watched.Has(schema.GroupResource{Group: crd.Spec.Group, Resource: crd.Spec.Names.Plural}) {
			return true
		}
	}
	return false
}

func served(crd *apiextensionsv1.CustomResourceDefinition) bool {
	for _, v := range crd.Spec.Versions {
		if v.Served {
			return true
		}
	}
	return false
}

// Errors that end an item's processing without a retry.
var (
	errEnqueuedVirtualDelete         = errors.New("enqueued virtual delete event")
	errNamespacedOwnerOfClusterScope = errors.New("cluster-scoped objects cannot refer to namespaced owners")
)

func (gc *GarbageCollector) deleteWorker(ctx context.Context) {
	for {
		n, quit := gc.attemptToDelete.Get()
		if quit {
			return
		}
		if gc.attemptToDeleteNode(ctx, n) {
			gc.attemptToDelete.AddRateLimited(n)
		} else {
			gc.attemptToDelete.Forget(n)
		}
		gc.attemptToDelete.Done(n)
	}
}

// attemptToDeleteNode processes n from the attemptToDelete queue and reports whether to retry it.
func (gc *GarbageCollector) attemptToDeleteNode(ctx context.Context, n *node) bool {
	logger := klog.FromContext(ctx)
	current, inGraph := gc.builder.graph.read(n.identity.UID)
	if !n.isObserved() && (!inGraph || current.isObserved()) {
		// While n waited for a retry, its object was deleted, or observed as another node.
		return false
	}
	if inGraph && (current.identity.APIVersion != n.identity.APIVersion || current.identity.Kind != n.identity.Kind) {
		n = n.clone()
		n.identity.APIVersion, n.identity.Kind = current.identity.APIVersion, current.identity.Kind
	}
	err := gc.attemptToDeleteItem(ctx, n)
	var mappingErr *restMappingError
	switch {
	case errors.Is(err, errEnqueuedVirtualDelete), errors.Is(err, errNamespacedOwnerOfClusterScope):
		return false
	case errors.As(err, &mappingErr):
		// A custom resource whose definition the last discovery did not list yet, or a version no one
		// serves.
		logger.Error(err, "Error syncing item", "item", n.identity)
		return true
	case err != nil:
		if ctx.Err() == nil {
			utilruntime.HandleErrorWithContext(ctx, err, "Error syncing item", "item", n.identity)
		}
		return true
	case !n.isObserved():
		// Until an informer shows it, a virtual node that exists is checked again, lest one created
		// and deleted while a watch was down stay in the graph.
		logger.V(5).Info("Item hasn't been observed via informer yet", "item", n.identity)
		return true
	}
	return false
}

func (gc *GarbageCollector) orphanWorker(ctx context.Context) {
	for {
		owner, quit := gc.attemptToOrphan.Get()
		if quit {
			return
		}
		if err := gc.orphan(ctx, owner); err != nil {
			if ctx.Err() == nil {
				utilruntime.HandleErrorWithContext(ctx, err, "Orphaning dependents failed", "owner", owner.identity)
			}
			gc.attemptToOrphan.AddRateLimited(owner)
		} else {
			gc.attemptToOrphan.Forget(owner)
		}
		gc.attemptToOrphan.Done(owner)
	}
}
