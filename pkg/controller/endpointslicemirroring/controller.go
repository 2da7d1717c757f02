// Package endpointslicemirroring mirrors the Endpoints of Services without a selector into
// discovery.k8s.io/v1 EndpointSlices, as kube-controller-manager's
// endpointslice-mirroring-controller does, so that consumers of slices see endpoints that users
// or other controllers manage by hand. Endpoints labelled endpointslice.kubernetes.io/skip-mirror
// (such as kapi's own `kubernetes` endpoints, whose slice kapi writes itself) are left alone.
package endpointslicemirroring

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/time/rate"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	coreinformers "k8s.io/client-go/informers/core/v1"
	discoveryinformers "k8s.io/client-go/informers/discovery/v1"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	discoverylisters "k8s.io/client-go/listers/discovery/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/controller/internal/endpoints"
	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

const (
	// Name is the controller's name in kube-controller-manager.
	Name = "endpointslice-mirroring-controller"
	// EventSource is the component its events come from.
	EventSource = "endpoint-slice-mirroring-controller"
	// ManagedBy is the managed-by label of the slices it writes.
	ManagedBy = "endpointslicemirroring-controller.k8s.io"
	// MaxEndpointsPerSubset is kube-controller-manager's default
	// --mirroring-max-endpoints-per-subset: addresses of a subset beyond it are not mirrored.
	MaxEndpointsPerSubset = 1000

	// Event reasons.
	reasonInvalidIPAddress         = "InvalidIPAddress"
	reasonTooManyAddressesToMirror = "TooManyAddressesToMirror"
)

// errStaleCache asks for a retry once the informer has seen this controller's own writes.
var errStaleCache = errors.New("EndpointSlice informer cache is out of date")

// Controller mirrors Endpoints into EndpointSlices.
type Controller struct {
	client    kubernetes.Interface
	recorder  record.EventRecorder
	endpoints corelisters.EndpointsLister
	services  corelisters.ServiceLister
	slices    discoverylisters.EndpointSliceLister
	synced    []cache.InformerSynced
	queue     workqueue.TypedRateLimitingInterface[string]
	tracker   *endpoints.SliceTracker
}

// New returns a controller reading from the informers and writing through client, with its events
// going to recorder. Create it before the informers' factory starts.
func New(client kubernetes.Interface, recorder record.EventRecorder, eps coreinformers.EndpointsInformer, services coreinformers.ServiceInformer, slices discoveryinformers.EndpointSliceInformer) (*Controller, error) {
	c := &Controller{
		client:    client,
		recorder:  recorder,
		endpoints: eps.Lister(),
		services:  services.Lister(),
		slices:    slices.Lister(),
		synced:    []cache.InformerSynced{eps.Informer().HasSynced, services.Informer().HasSynced, slices.Informer().HasSynced},
		// Upstream's limits: retries back off from a second up to 100, and stay under 10 per second
		// together.
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(
			workqueue.NewTypedMaxOfRateLimiter(
				workqueue.NewTypedItemExponentialFailureRateLimiter[string](time.Second, 100*time.Second),
				&workqueue.TypedBucketRateLimiter[string]{Limiter: rate.NewLimiter(rate.Limit(10), 100)},
			),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "endpoint_slice_mirroring"}),
		tracker: endpoints.NewSliceTracker(),
	}
	enqueue := worker.EnqueueKey(c.queue.Add)
	if _, err := eps.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			if ep, ok := obj.(*corev1.Endpoints); ok && shouldMirror(ep) {
				enqueue(obj)
			}
		},
		UpdateFunc: func(oldObj, newObj any) {
			old, ok1 := oldObj.(*corev1.Endpoints)
			cur, ok2 := newObj.(*corev1.Endpoints)
			if ok1 && ok2 && (shouldMirror(old) || shouldMirror(cur)) {
				enqueue(newObj)
			}
		},
		DeleteFunc: func(obj any) {
			if ep, ok := worker.Unwrap[*corev1.Endpoints](obj); ok && shouldMirror(ep) {
				enqueue(obj)
			}
		},
	}); err != nil {
		return nil, err
	}
	// Only a service's selector, there or not, decides whether its Endpoints are mirrored.
	if _, err := services.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			if svc, ok := obj.(*corev1.Service); ok && svc.Spec.Selector == nil {
				enqueue(obj)
			}
		},
		UpdateFunc: func(oldObj, newObj any) {
			old, ok1 := oldObj.(*corev1.Service)
			cur, ok2 := newObj.(*corev1.Service)
			if ok1 && ok2 && (old.Spec.Selector == nil) != (cur.Spec.Selector == nil) {
				enqueue(newObj)
			}
		},
		DeleteFunc: func(obj any) {
			if svc, ok := worker.Unwrap[*corev1.Service](obj); ok && svc.Spec.Selector == nil {
				enqueue(obj)
			}
		},
	}); err != nil {
		return nil, err
	}
	if _, err := slices.Informer().AddEventHandler(endpoints.SliceHandlers(ManagedBy, c.tracker, c.queue.Add)); err != nil {
		return nil, err
	}
	return c, nil
}

// shouldMirror tells whether the Endpoints may be mirrored at all, whatever their service: not if
// they ask to be skipped or hold a leader election record.
func shouldMirror(ep *corev1.Endpoints) bool {
	if ep.Labels[discoveryv1.LabelSkipMirror] == "true" {
		return false
	}
	_, leaderElection := ep.Annotations[resourcelock.LeaderElectionRecordAnnotationKey]
	return !leaderElection
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
	ep, err := c.endpoints.Endpoints(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return c.deleteMirrored(ctx, namespace, name)
	}
	if err != nil {
		return err
	}
	if !shouldMirror(ep) {
		return c.deleteMirrored(ctx, namespace, name)
	}
	svc, err := c.services.Services(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return c.deleteMirrored(ctx, namespace, name)
	}
	if err != nil {
		return err
	}
	// The endpointslice controller writes the slices of services with a selector.
	if svc.Spec.Selector != nil {
		return c.deleteMirrored(ctx, namespace, name)
	}
	existing, err := c.mirrored(namespace, name)
	if err != nil {
		return err
	}
	if c.tracker.Stale(svc, existing) {
		return errStaleCache
	}
	changes, d := plan(ep, existing, MaxEndpointsPerSubset)
	if d.invalid > 0 {
		c.recorder.Eventf(ep, corev1.EventTypeWarning, reasonInvalidIPAddress,
			"Skipped %d invalid IP addresses when mirroring to EndpointSlices", d.invalid)
	}
	if d.skipped > d.invalid {
		klog.InfoS("Addresses in Endpoints were skipped due to exceeding MaxEndpointsPerSubset", "skippedAddresses", d.skipped, "endpoints", klog.KObj(ep))
		c.recorder.Eventf(ep, corev1.EventTypeWarning, reasonTooManyAddressesToMirror,
			"A max of %d addresses can be mirrored to EndpointSlices per Endpoints subset. %d addresses were skipped", MaxEndpointsPerSubset, d.skipped)
	}
	return c.write(ctx, ep, changes)
}

// mirrored lists the slices this controller wrote for the Endpoints.
func (c *Controller) mirrored(namespace, name string) ([]*discoveryv1.EndpointSlice, error) {
	return c.slices.EndpointSlices(namespace).List(labels.SelectorFromValidatedSet(labels.Set{
		discoveryv1.LabelServiceName: name,
		discoveryv1.LabelManagedBy:   ManagedBy,
	}))
}

func (c *Controller) deleteMirrored(ctx context.Context, namespace, name string) error {
	existing, err := c.mirrored(namespace, name)
	if err != nil {
		return err
	}
	c.tracker.Forget(namespace, name)
	var errs []error
	for _, s := range existing {
		if err := c.client.DiscoveryV1().EndpointSlices(namespace).Delete(ctx, s.Name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("error(s) deleting %d/%d EndpointSlices for %s/%s Endpoints, including: %w", len(errs), len(existing), namespace, name, errs[0])
	}
	return nil
}

// write makes the changes, reusing slices to delete of the same address type for slices to create;
// Endpoints being deleted get no new slices.
func (c *Controller) write(ctx context.Context, ep *corev1.Endpoints, changes endpoints.Changes) error {
	changes.Recycle(func(old, s *discoveryv1.EndpointSlice) bool { return old.AddressType == s.AddressType })
	return changes.Write(ctx, c.client.DiscoveryV1().EndpointSlices(ep.Namespace), c.tracker, ep.DeletionTimestamp == nil,
		nil, fmt.Sprintf("Endpoints %s/%s", ep.Namespace, ep.Name))
}
