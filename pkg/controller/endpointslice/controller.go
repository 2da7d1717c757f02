// Package endpointslice keeps the discovery.k8s.io/v1 EndpointSlices of every Service with a
// selector describing the pods it selects, as kube-controller-manager's endpointslice-controller
// does: one slice per IP family and set of resolved ports, at most MaxEndpointsPerSlice endpoints
// each, with the pods' readiness, termination, node and zone. Slices of services without a selector
// are left to whoever writes them.
package endpointslice

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/time/rate"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"
	coreinformers "k8s.io/client-go/informers/core/v1"
	discoveryinformers "k8s.io/client-go/informers/discovery/v1"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	discoverylisters "k8s.io/client-go/listers/discovery/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"

	"github.com/kapi-dev/kapi/pkg/controller/internal/endpoints"
	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

const (
	// Name is the controller's name in kube-controller-manager.
	Name = "endpointslice-controller"
	// EventSource is the component its events come from.
	EventSource = "endpoint-slice-controller"
	// ManagedBy is the managed-by label of the slices it writes.
	ManagedBy = "endpointslice-controller.k8s.io"
	// MaxEndpointsPerSlice is kube-controller-manager's default --max-endpoints-per-slice.
	MaxEndpointsPerSlice = 100

	// sliceChangeDelay batches the syncs that changes of several slices of one service ask for.
	sliceChangeDelay = time.Second
)

// errStaleCache asks for a retry once the informer has seen this controller's own writes.
var errStaleCache = errors.New("EndpointSlice informer cache is out of date")

// Controller writes the EndpointSlices of services with a selector.
type Controller struct {
	client   kubernetes.Interface
	recorder record.EventRecorder
	services corelisters.ServiceLister
	pods     corelisters.PodLister
	slices   discoverylisters.EndpointSliceLister
	synced   []cache.InformerSynced
	queue    workqueue.TypedRateLimitingInterface[string]
	planner  planner
	tracker  *endpoints.SliceTracker
	triggers *endpoints.TriggerTimes
}

// New returns a controller reading from the informers and writing through client, with its events
// going to recorder. Create it before the informers' factory starts.
func New(client kubernetes.Interface, recorder record.EventRecorder, pods coreinformers.PodInformer, services coreinformers.ServiceInformer, nodes coreinformers.NodeInformer, slices discoveryinformers.EndpointSliceInformer) (*Controller, error) {
	c := &Controller{
		client:   client,
		recorder: recorder,
		services: services.Lister(),
		pods:     pods.Lister(),
		slices:   slices.Lister(),
		synced: []cache.InformerSynced{pods.Informer().HasSynced, services.Informer().HasSynced,
			slices.Informer().HasSynced, nodes.Informer().HasSynced},
		// Upstream's limits: retries back off from a second, since one sync may rewrite many slices,
		// and all retries together stay under 10 per second.
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(
			workqueue.NewTypedMaxOfRateLimiter(
				workqueue.NewTypedItemExponentialFailureRateLimiter[string](time.Second, 1000*time.Second),
				&workqueue.TypedBucketRateLimiter[string]{Limiter: rate.NewLimiter(rate.Limit(10), 100)},
			),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "endpoint_slice"}),
		planner:  planner{nodes: nodes.Lister(), maxPerSlice: MaxEndpointsPerSlice},
		tracker:  endpoints.NewSliceTracker(),
		triggers: endpoints.NewTriggerTimes(),
	}
	if err := endpoints.WatchServicesAndPods(services, pods, c.queue.Add); err != nil {
		return nil, err
	}
	if _, err := slices.Informer().AddEventHandler(endpoints.SliceHandlers(ManagedBy, c.tracker,
		func(key string) { c.queue.AddAfter(key, sliceChangeDelay) })); err != nil {
		return nil, err
	}
	return c, nil
}

// Run works with workers goroutines until ctx ends.
func (c *Controller) Run(ctx context.Context, workers int) {
	worker.Loop{Name: Name, Queue: c.queue, Sync: c.sync, MaxRetries: endpoints.MaxRetries}.Run(ctx, workers, c.synced...)
}

func (c *Controller) sync(ctx context.Context, key string) error {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	svc, pods, err := endpoints.Selected(c.services, c.pods, namespace, name)
	switch {
	case apierrors.IsNotFound(err):
		// The garbage collector removes the slices with their owner.
		c.triggers.Forget(namespace, name)
		c.tracker.Forget(namespace, name)
		return nil
	case err != nil || svc == nil:
		return err
	}
	existing, err := c.slices.EndpointSlices(namespace).List(labels.SelectorFromValidatedSet(labels.Set{
		discoveryv1.LabelServiceName: name,
		discoveryv1.LabelManagedBy:   ManagedBy,
	}))
	if err != nil {
		return err
	}
	// Slices on their way out would block the sync until they are gone.
	live := existing[:0:0]
	for _, s := range existing {
		if s.DeletionTimestamp == nil {
			live = append(live, s)
		}
	}
	if c.tracker.Stale(svc, live) {
		return errStaleCache
	}
	// Recorded even when nothing is written, so that the next change is measured from this sync.
	trigger := c.triggers.Compute(svc, pods)

	changes, planErr := c.planner.plan(svc, pods, live)
	err = errors.Join(planErr, c.write(ctx, svc, changes, trigger.Time))
	if err != nil {
		c.recorder.Eventf(svc, corev1.EventTypeWarning, "FailedToUpdateEndpointSlices",
			"Error updating Endpoint Slices for Service %s/%s: %v", namespace, name, err)
		return err
	}
	c.triggers.Record(trigger)
	return nil
}

// write makes the changes, reusing slices to delete for slices to create of the same service and
// address type, and stamps what it writes with the trigger time. Slices created for a service being
// deleted would race the garbage collector.
func (c *Controller) write(ctx context.Context, svc *corev1.Service, changes endpoints.Changes, triggerTime time.Time) error {
	changes.Recycle(func(old, s *discoveryv1.EndpointSlice) bool {
		return old.AddressType == s.AddressType && ownedBy(old, svc)
	})
	return changes.Write(ctx, c.client.DiscoveryV1().EndpointSlices(svc.Namespace), c.tracker, svc.DeletionTimestamp == nil,
		func(s *discoveryv1.EndpointSlice) {
			s.Annotations = endpoints.SetTriggerTime(s.Annotations, triggerTime)
		},
		fmt.Sprintf("Service %s/%s", svc.Namespace, svc.Name))
}
