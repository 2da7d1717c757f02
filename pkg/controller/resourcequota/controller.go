// Package resourcequota keeps the status of every ResourceQuota: status.hard mirrors spec.hard and
// status.used is what the namespace's objects use, recalculated when a quota changes, when a tracked
// object is deleted or stops being charged, and on a full resync, as kube-controller-manager's
// resourcequota-controller does. The ResourceQuota admission plugin charges creations meanwhile.
package resourcequota

import (
	"context"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	quota "k8s.io/apiserver/pkg/quota/v1"
	"k8s.io/apiserver/pkg/quota/v1/generic"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"

	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
	"github.com/kapi-dev/kapi/pkg/quota/install"
)

const (
	// ResyncPeriod is kube-controller-manager's --resource-quota-sync-period: how often every quota
	// is recalculated in full.
	ResyncPeriod = 5 * time.Minute
	// discoveryPeriod is how often the tracked resources are rediscovered, as upstream does.
	discoveryPeriod = 30 * time.Second
)

// typedResources are watched with the server's shared typed informers, since their evaluators and
// update filters read more than metadata; every other resource is watched through metadata only.
var typedResources = []schema.GroupVersionResource{
	corev1.SchemeGroupVersion.WithResource("pods"),
	corev1.SchemeGroupVersion.WithResource("services"),
	corev1.SchemeGroupVersion.WithResource("persistentvolumeclaims"),
}

// Controller recalculates ResourceQuota usage.
type Controller struct {
	client   kubernetes.Interface
	quotas   corelisters.ResourceQuotaLister
	registry quota.Registry
	monitors *monitors
	// watched are the resources the monitors were last synced to, which only rediscover touches.
	watched map[schema.GroupVersionResource]struct{}
	typed   map[schema.GroupVersionResource]informers.GenericInformer
	synced  []cache.InformerSynced
	// queue holds quotas to recalculate; missingUsage those whose status lacks what their spec
	// asks for, which are served first.
	queue        workqueue.TypedRateLimitingInterface[string]
	missingUsage workqueue.TypedRateLimitingInterface[string]
	// paused keeps the workers from calculating while the watched resources change, when some
	// informers have not listed yet.
	paused sync.RWMutex
}

// New returns a controller that writes through client, reads quotas and the typed resources from
// factory and watches every other quotable resource through metadataClient.
func New(client kubernetes.Interface, metadataClient metadata.Interface, factory informers.SharedInformerFactory) (*Controller, error) {
	quotas := factory.Core().V1().ResourceQuotas()
	c := &Controller{
		client: client,
		quotas: quotas.Lister(),
		typed:  map[schema.GroupVersionResource]informers.GenericInformer{},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "resourcequota_primary"}),
		missingUsage: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "resourcequota_priority"}),
	}
	c.synced = append(c.synced, quotas.Informer().HasSynced)
	for _, gvr := range typedResources {
		informer, err := factory.ForResource(gvr)
		if err != nil {
			return nil, err
		}
		if _, err := informer.Informer().AddEventHandler(c.replenishmentHandler(gvr)); err != nil {
			return nil, err
		}
		c.typed[gvr] = informer
		c.synced = append(c.synced, informer.Informer().HasSynced)
	}
	c.monitors = newMonitors(metadataClient, c.replenishmentHandler)
	c.synced = append(c.synced, c.monitors.synced)
	c.registry = generic.NewRegistry(install.NewConfigurationForControllers(generic.ListerFuncForResourceFunc(c.informerFor)).Evaluators())
	c.monitors.registry = c.registry

	_, err := quotas.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: c.addQuota,
		// Status updates are this controller's own; only a change of spec.hard asks for a
		// recalculation, which the full resync otherwise does.
		UpdateFunc: func(old, obj any) {
			o, ok1 := old.(*corev1.ResourceQuota)
			q, ok2 := obj.(*corev1.ResourceQuota)
			if ok1 && ok2 && !quota.Equals(o.Spec.Hard, q.Spec.Hard) {
				c.addQuota(q)
			}
		},
		DeleteFunc: worker.EnqueueKey(c.queue.Add),
	})
	return c, err
}

// informerFor returns the informer that lists a resource for the evaluators.
func (c *Controller) informerFor(gvr schema.GroupVersionResource) (informers.GenericInformer, error) {
	if informer, ok := c.typed[gvr]; ok {
		return informer, nil
	}
	return c.monitors.informerFor(gvr)
}

// addQuota queues a quota, first in line when its status does not yet cover its spec.
func (c *Controller) addQuota(obj any) {
	q, ok := obj.(*corev1.ResourceQuota)
	if !ok {
		return
	}
	key, err := cache.MetaNamespaceKeyFunc(q)
	if err != nil {
		utilruntime.HandleError(err)
		return
	}
	if c.missesUsage(q) {
		c.missingUsage.Add(key)
		return
	}
	c.queue.Add(key)
}

// missesUsage tells whether a quota's status lags its spec, or lacks the usage of a hard limit that
// an evaluator can measure.
func (c *Controller) missesUsage(q *corev1.ResourceQuota) bool {
	if !apiequality.Semantic.DeepEqual(q.Spec.Hard, q.Status.Hard) {
		return true
	}
	for name := range q.Status.Hard {
		if _, ok := q.Status.Used[name]; ok {
			continue
		}
		for _, e := range c.registry.List() {
			if len(e.MatchingResources([]corev1.ResourceName{name})) > 0 {
				return true
			}
		}
	}
	return false
}

// Run works with the given number of workers on each queue until ctx ends.
func (c *Controller) Run(ctx context.Context, workers int) {
	defer c.monitors.stop()
	go wait.UntilWithContext(ctx, c.rediscover, discoveryPeriod)
	go worker.Loop{Name: "resourcequota_priority", Queue: c.missingUsage, Sync: c.sync}.Run(ctx, workers, c.synced...)
	go wait.UntilWithContext(ctx, c.enqueueAll, ResyncPeriod)
	worker.Loop{Name: "resourcequota", Queue: c.queue, Sync: c.sync}.Run(ctx, workers, c.synced...)
}

// enqueueAll queues every quota for the full resync.
func (c *Controller) enqueueAll(context.Context) {
	quotas, err := c.quotas.List(labels.Everything())
	if err != nil {
		utilruntime.HandleError(err)
		return
	}
	for _, q := range quotas {
		worker.EnqueueKey(c.queue.Add)(q)
	}
}
