// Package statefulset runs StatefulSets as kube-controller-manager's statefulset controller does:
// pods with stable names `<set>-<ordinal>`, hostnames and claims from the volume claim templates,
// created in order and each only once its predecessors are ready (OrderedReady) or all at once
// (Parallel), removed from the highest ordinal down, and rolled to new templates pod by pod from
// the highest ordinal to the partition (RollingUpdate) or when deleted (OnDelete), with the
// templates recorded as ControllerRevisions.
package statefulset

import (
	"context"
	"errors"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	appsinformers "k8s.io/client-go/informers/apps/v1"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	appslisters "k8s.io/client-go/listers/apps/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"

	"github.com/kapi-dev/kapi/pkg/controller/internal/history"
	"github.com/kapi-dev/kapi/pkg/controller/internal/owners"
	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// EventSource is the name kube-controller-manager's controller gives its events.
const EventSource = "statefulset-controller"

// Controller keeps the pods, claims and revisions of every StatefulSet.
type Controller struct {
	client    kubernetes.Interface
	recorder  record.EventRecorder
	control   podcontrol.Control
	history   history.Client
	owners    owners.Lookup[*appsv1.StatefulSet]
	sets      appslisters.StatefulSetLister
	pods      corelisters.PodLister
	claims    corelisters.PersistentVolumeClaimLister
	revisions appslisters.ControllerRevisionLister
	synced    []cache.InformerSynced
	loop      worker.Loop
}

// New returns a controller reading from the informers and writing through client.
func New(client kubernetes.Interface, recorder record.EventRecorder, sets appsinformers.StatefulSetInformer, pods coreinformers.PodInformer, claims coreinformers.PersistentVolumeClaimInformer, revisions appsinformers.ControllerRevisionInformer) (*Controller, error) {
	c := &Controller{
		client:    client,
		recorder:  recorder,
		control:   podcontrol.Control{Client: client, Recorder: recorder},
		history:   history.Client{Client: client},
		sets:      sets.Lister(),
		pods:      pods.Lister(),
		claims:    claims.Lister(),
		revisions: revisions.Lister(),
		synced: []cache.InformerSynced{sets.Informer().HasSynced, pods.Informer().HasSynced,
			claims.Informer().HasSynced, revisions.Informer().HasSynced},
	}
	c.owners = owners.Lookup[*appsv1.StatefulSet]{
		Kind: controllerKind,
		Get: func(namespace, name string) (*appsv1.StatefulSet, error) {
			return c.sets.StatefulSets(namespace).Get(name)
		},
		List: func(namespace string) ([]*appsv1.StatefulSet, error) {
			return c.sets.StatefulSets(namespace).List(labels.Everything())
		},
		Selector: func(set *appsv1.StatefulSet) *metav1.LabelSelector { return set.Spec.Selector },
	}
	c.loop = worker.Loop{
		Name:  EventSource,
		Queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](), workqueue.TypedRateLimitingQueueConfig[string]{Name: "statefulset"}),
		Sync:  c.sync,
	}
	enqueue := worker.EnqueueKey(c.loop.Queue.Add)
	if _, err := sets.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, obj any) { enqueue(obj) },
		DeleteFunc: enqueue,
	}); err != nil {
		return nil, err
	}
	// A pod waiting for the garbage collector to remove its predecessor's claim starts once the
	// claim is gone; claims carry their set's selector labels.
	if _, err := claims.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		DeleteFunc: func(obj any) {
			if claim, ok := worker.Unwrap[*corev1.PersistentVolumeClaim](obj); ok {
				for _, set := range c.owners.Selecting(claim) {
					c.enqueueSet(set)
				}
			}
		},
	}); err != nil {
		return nil, err
	}
	if _, err := pods.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.podAdded,
		UpdateFunc: c.podUpdated,
		DeleteFunc: c.podDeleted,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// Run keeps StatefulSets with workers goroutines until ctx ends.
func (c *Controller) Run(ctx context.Context, workers int) {
	c.loop.Run(ctx, workers, c.synced...)
}

func (c *Controller) enqueueSet(set *appsv1.StatefulSet) {
	worker.EnqueueKey(c.loop.Queue.Add)(set)
}

func (c *Controller) podAdded(obj any) {
	pod := obj.(*corev1.Pod)
	if pod.DeletionTimestamp != nil {
		c.podDeleted(pod)
		return
	}
	for _, set := range c.owners.Concerned(pod) {
		c.enqueueSet(set)
	}
}

func (c *Controller) podUpdated(old, obj any) {
	oldPod, pod := old.(*corev1.Pod), obj.(*corev1.Pod)
	if oldPod.ResourceVersion == pod.ResourceVersion {
		return
	}
	if oldRef, ref := metav1.GetControllerOf(oldPod), metav1.GetControllerOf(pod); oldRef != nil && (ref == nil || oldRef.UID != ref.UID) {
		if set, ok := c.owners.ControllerOf(oldPod); ok {
			c.enqueueSet(set)
		}
	}
	for _, set := range c.owners.Concerned(pod) {
		c.enqueueSet(set)
		// A pod that became ready is available after minReadySeconds, which nothing else
		// announces.
		if set.Spec.MinReadySeconds > 0 && !podcontrol.IsReady(oldPod) && podcontrol.IsReady(pod) {
			c.loop.Queue.AddAfter(keyOf(set), time.Duration(set.Spec.MinReadySeconds)*time.Second)
		}
	}
}

func (c *Controller) podDeleted(obj any) {
	pod, ok := worker.Unwrap[*corev1.Pod](obj)
	if !ok {
		return
	}
	if set, ok := c.owners.ControllerOf(pod); ok {
		c.enqueueSet(set)
	}
}

func keyOf(set *appsv1.StatefulSet) string {
	return set.Namespace + "/" + set.Name
}

// sync brings the set called key to its spec.
func (c *Controller) sync(ctx context.Context, key string) error {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	cached, err := c.sets.StatefulSets(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	set := cached.DeepCopy()
	selector, err := metav1.LabelSelectorAsSelector(set.Spec.Selector)
	if err != nil {
		// A selector validation refuses is not worth retrying.
		return nil
	}
	revisions, err := c.claimRevisions(ctx, set, selector)
	if err != nil {
		return err
	}
	pods, err := c.claimPods(ctx, set, selector)
	if err != nil {
		return err
	}
	status, err := c.update(ctx, set, pods, revisions)
	if err != nil {
		return err
	}
	if set.Spec.MinReadySeconds > 0 && status.ReadyReplicas != status.AvailableReplicas {
		c.loop.Queue.AddAfter(key, time.Duration(set.Spec.MinReadySeconds)*time.Second)
	}
	return nil
}

// fresh returns a function that reads set from the API server, for the claimer's recheck.
func (c *Controller) fresh(set *appsv1.StatefulSet) func(context.Context) (metav1.Object, error) {
	return func(ctx context.Context) (metav1.Object, error) {
		return c.client.AppsV1().StatefulSets(set.Namespace).Get(ctx, set.Name, metav1.GetOptions{})
	}
}

// claimPods returns the pods set owns, adopting and releasing by its selector and pod names.
func (c *Controller) claimPods(ctx context.Context, set *appsv1.StatefulSet, selector labels.Selector) ([]*corev1.Pod, error) {
	all, err := c.pods.Pods(set.Namespace).List(labels.Everything())
	if err != nil {
		return nil, err
	}
	claimer := &podcontrol.Claimer[*corev1.Pod]{Owner: set, Kind: controllerKind, Selector: selector, Fresh: c.fresh(set), Patch: c.control.PatchPod}
	return claimer.Claim(ctx, all, func(pod *corev1.Pod) bool { return isMemberOf(set, pod) })
}

// claimRevisions returns the revisions set owns, oldest first.
func (c *Controller) claimRevisions(ctx context.Context, set *appsv1.StatefulSet, selector labels.Selector) ([]*appsv1.ControllerRevision, error) {
	all, err := c.revisions.ControllerRevisions(set.Namespace).List(labels.Everything())
	if err != nil {
		return nil, err
	}
	revisions, err := c.history.Claim(ctx, set, controllerKind, selector, c.fresh(set), all)
	if err != nil {
		return nil, err
	}
	history.Sort(revisions)
	return revisions, nil
}

// update records set's template as a revision, brings its pods to the spec, writes its status and
// truncates its history; it returns the status written.
func (c *Controller) update(ctx context.Context, set *appsv1.StatefulSet, pods []*corev1.Pod, revisions []*appsv1.ControllerRevision) (*appsv1.StatefulSetStatus, error) {
	current, update, collisionCount, err := c.currentAndUpdate(ctx, set, revisions)
	if err != nil {
		return nil, err
	}
	if !contains(revisions, update) {
		revisions = append(revisions, update)
		history.Sort(revisions)
	}
	currentSet, err := applyRevision(set, current)
	if err != nil {
		return nil, err
	}
	updateSet, err := applyRevision(set, update)
	if err != nil {
		return nil, err
	}
	status, podErr := c.updatePods(ctx, set, currentSet, updateSet, current, update, collisionCount, pods)
	if err := c.updateStatus(ctx, set, status); err != nil {
		return nil, errors.Join(podErr, fmt.Errorf("updating status: %w", err))
	}
	if podErr != nil {
		return nil, podErr
	}
	podRevisions := map[string]bool{}
	for _, pod := range pods {
		podRevisions[revisionOf(pod)] = true
	}
	return status, c.truncateHistory(ctx, set, revisions, current, update, podRevisions)
}

func contains(revisions []*appsv1.ControllerRevision, r *appsv1.ControllerRevision) bool {
	for _, each := range revisions {
		if each.Name == r.Name {
			return true
		}
	}
	return false
}
