// Package endpoint keeps the legacy v1 Endpoints of every Service with a selector listing the pods it
// selects, as kube-controller-manager's endpoints-controller does: ready pods under addresses, the
// others under notReadyAddresses, one subset per set of ports. Services without a selector, such as
// `kubernetes`, keep the Endpoints their owner writes.
package endpoint

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
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
	Name = "endpoints-controller"
	// EventSource is the component its events come from.
	EventSource = "endpoint-controller"
	// MaxCapacity is how many addresses an Endpoints object keeps at most.
	MaxCapacity = 1000
	// truncated is the over-capacity annotation's value once addresses were dropped.
	truncated = "truncated"
)

// Controller writes the Endpoints of services with a selector.
type Controller struct {
	client    kubernetes.Interface
	recorder  record.EventRecorder
	services  corelisters.ServiceLister
	pods      corelisters.PodLister
	endpoints corelisters.EndpointsLister
	synced    []cache.InformerSynced
	queue     workqueue.TypedRateLimitingInterface[string]
	triggers  *endpoints.TriggerTimes
	stale     staleTracker
}

// New returns a controller reading from the informers and writing through client, with its events
// going to recorder. Create it before the informers' factory starts.
func New(client kubernetes.Interface, recorder record.EventRecorder, pods coreinformers.PodInformer, services coreinformers.ServiceInformer, eps coreinformers.EndpointsInformer) (*Controller, error) {
	c := &Controller{
		client:    client,
		recorder:  recorder,
		services:  services.Lister(),
		pods:      pods.Lister(),
		endpoints: eps.Lister(),
		synced:    []cache.InformerSynced{pods.Informer().HasSynced, services.Informer().HasSynced, eps.Informer().HasSynced},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "endpoint"}),
		triggers: endpoints.NewTriggerTimes(),
		stale:    staleTracker{versions: map[string]string{}},
	}
	if err := endpoints.WatchServicesAndPods(services, pods, c.queue.Add); err != nil {
		return nil, err
	}
	if _, err := eps.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{DeleteFunc: worker.EnqueueKey(c.queue.Add)}); err != nil {
		return nil, err
	}
	return c, nil
}

// Run works with workers goroutines until ctx ends. Once the caches are in, it also looks once at
// every Endpoints object, so that those left behind by services deleted while it was not running go.
func (c *Controller) Run(ctx context.Context, workers int) {
	go func() {
		if !cache.WaitForCacheSync(ctx.Done(), c.synced...) {
			return
		}
		c.queueLeftovers()
	}()
	worker.Loop{Name: Name, Queue: c.queue, Sync: c.sync, MaxRetries: endpoints.MaxRetries}.Run(ctx, workers, c.synced...)
}

func (c *Controller) queueLeftovers() {
	list, err := c.endpoints.List(labels.Everything())
	if err != nil {
		klog.ErrorS(err, "Listing endpoints; orphaned endpoints will not be cleaned up")
		return
	}
	for _, ep := range list {
		// Leader election records in Endpoints have no service.
		if _, ok := ep.Annotations[resourcelock.LeaderElectionRecordAnnotationKey]; ok {
			continue
		}
		c.queue.Add(ep.Namespace + "/" + ep.Name)
	}
}

func (c *Controller) sync(ctx context.Context, key string) error {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	svc, pods, err := endpoints.Selected(c.services, c.pods, namespace, name)
	switch {
	case apierrors.IsNotFound(err):
		err = c.client.CoreV1().Endpoints(namespace).Delete(ctx, name, metav1.DeleteOptions{})
		if err != nil && !apierrors.IsNotFound(err) {
			return err
		}
		c.triggers.Forget(namespace, name)
		c.stale.forget(key)
		return nil
	case err != nil || svc == nil:
		return err
	}
	// Recorded even when nothing is written, so that the next change is measured from this sync.
	trigger := c.triggers.Compute(svc, pods)
	if err := c.write(ctx, key, svc, pods, trigger.Time); err != nil {
		return err
	}
	c.triggers.Record(trigger)
	return nil
}

// write brings the service's Endpoints to what its pods make them, stamped with the trigger time
// when anything changes.
func (c *Controller) write(ctx context.Context, key string, svc *corev1.Service, pods []*corev1.Pod, triggerTime time.Time) error {
	namespace, name := svc.Namespace, svc.Name
	subsets := Subsets(svc, pods)

	current, err := c.endpoints.Endpoints(namespace).Get(name)
	switch {
	case apierrors.IsNotFound(err):
		current = &corev1.Endpoints{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: svc.Labels}}
	case err != nil:
		return err
	case c.stale.isStale(key, current):
		return fmt.Errorf("endpoints informer cache is out of date, resource version %s already processed for endpoints %s", current.ResourceVersion, key)
	}
	create := current.ResourceVersion == ""
	compareLabels := current.Labels
	if _, ok := compareLabels[corev1.IsHeadlessService]; ok {
		compareLabels = maps.Clone(compareLabels)
		delete(compareLabels, corev1.IsHeadlessService)
	}
	if !create && subsetsEqual(current.Subsets, subsets) &&
		equality.Semantic.DeepEqual(compareLabels, svc.Labels) && capacityAnnotationCorrect(current) {
		return nil
	}

	desired := current.DeepCopy()
	desired.Subsets = subsets
	desired.Labels = maps.Clone(svc.Labels)
	if desired.Labels == nil {
		desired.Labels = map[string]string{}
	}
	if endpoints.ServiceIPSet(svc) {
		delete(desired.Labels, corev1.IsHeadlessService)
	} else {
		desired.Labels[corev1.IsHeadlessService] = ""
	}
	desired.Annotations = endpoints.SetTriggerTime(desired.Annotations, triggerTime)
	if Truncate(desired) {
		desired.Annotations[corev1.EndpointsOverCapacity] = truncated
	} else {
		delete(desired.Annotations, corev1.EndpointsOverCapacity)
	}

	client := c.client.CoreV1().Endpoints(namespace)
	if create {
		_, err = client.Create(ctx, desired, metav1.CreateOptions{})
	} else {
		var updated *corev1.Endpoints
		updated, err = client.Update(ctx, desired, metav1.UpdateOptions{})
		// Some updates change nothing and keep the version; only a new one makes the old one stale.
		if err == nil && updated.ResourceVersion != current.ResourceVersion {
			c.stale.markStale(key, current)
		}
	}
	if err == nil {
		return nil
	}
	if create && apierrors.HasStatusCause(err, corev1.NamespaceTerminatingCause) {
		return nil
	}
	desired.Namespace = namespace
	if create {
		c.recorder.Eventf(desired, corev1.EventTypeWarning, "FailedToCreateEndpoint", "Failed to create endpoint for service %v/%v: %v", namespace, name, err)
	} else {
		c.recorder.Eventf(desired, corev1.EventTypeWarning, "FailedToUpdateEndpoint", "Failed to update endpoint %v/%v: %v", namespace, name, err)
	}
	return err
}

// staleTracker remembers, per Endpoints, the resource version this controller replaced, so that an
// informer cache still holding it is recognised as behind.
type staleTracker struct {
	mu       sync.Mutex
	versions map[string]string
}

func (t *staleTracker) markStale(key string, ep *corev1.Endpoints) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.versions[key] = ep.ResourceVersion
}

func (t *staleTracker) isStale(key string, ep *corev1.Endpoints) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.versions[key]
	return ok && v == ep.ResourceVersion
}

func (t *staleTracker) forget(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.versions, key)
}
