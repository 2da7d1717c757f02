// Package replicaset keeps the pods of ReplicaSets and ReplicationControllers, as
// kube-controller-manager's replicaset-controller and replicationcontroller-controller do: it
// creates and deletes pods to match spec.replicas, waiting for the informer to show what it asked
// for, adopts orphans its selector matches and releases pods that no longer match, and reports how
// many pods exist, carry the template's labels, are ready, available and terminating.
package replicaset

import (
	"context"
	"fmt"
	"reflect"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/utils/clock"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/controller/internal/owners"
	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// The components kube-controller-manager's controllers record events as.
const (
	ReplicaSetEventSource            = "replicaset-controller"
	ReplicationControllerEventSource = "replication-controller"
)

// BurstReplicas is the most pods one sync creates or deletes, so that a large scale happens in
// steps the informer can follow.
const BurstReplicas = 500

// Controller keeps the pods of one Kind.
type Controller struct {
	kind Kind
	// owners finds the objects of the kind a pod concerns.
	owners       owners.Lookup[*appsv1.ReplicaSet]
	control      podcontrol.Control
	expectations *podcontrol.Expectations
	pods         corelisters.PodLister
	clock        clock.PassiveClock
	synced       []cache.InformerSynced
	queue        workqueue.TypedRateLimitingInterface[string]
}

// New returns a controller of kind's objects that watches pods through pods and writes through
// client, recording events with recorder.
func New(client kubernetes.Interface, recorder record.EventRecorder, kind Kind, pods coreinformers.PodInformer) (*Controller, error) {
	c := &Controller{
		kind: kind,
		owners: owners.Lookup[*appsv1.ReplicaSet]{
			Kind:     kind.gvk,
			Get:      kind.get,
			List:     kind.list,
			Selector: func(rs *appsv1.ReplicaSet) *metav1.LabelSelector { return rs.Spec.Selector },
		},
		control:      podcontrol.Control{Client: client, Recorder: recorder},
		expectations: podcontrol.NewExpectations(clock.RealClock{}),
		pods:         pods.Lister(),
		clock:        clock.RealClock{},
		synced:       []cache.InformerSynced{kind.informer.HasSynced, pods.Informer().HasSynced},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: kind.gvk.Kind}),
	}
	if _, err := kind.informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    worker.EnqueueKey(c.queue.Add),
		UpdateFunc: c.updateOwner,
		DeleteFunc: c.deleteOwner,
	}); err != nil {
		return nil, err
	}
	_, err := pods.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.addPod,
		UpdateFunc: c.updatePod,
		DeleteFunc: c.deletePod,
	})
	return c, err
}

// Run works with workers goroutines until ctx ends.
func (c *Controller) Run(ctx context.Context, workers int) {
	worker.Loop{Name: c.kind.gvk.Kind, Queue: c.queue, Sync: c.sync}.Run(ctx, workers, c.synced...)
}

func key(obj metav1.Object) string {
	return obj.GetNamespace() + "/" + obj.GetName()
}

// updateOwner queues an object that changed; one replaced under the same name also ends the old
// one's expectations.
func (c *Controller) updateOwner(old, cur any) {
	oldMeta, okOld := old.(metav1.Object)
	curMeta, okCur := cur.(metav1.Object)
	if okOld && okCur && oldMeta.GetUID() != curMeta.GetUID() {
		c.deleteOwner(cache.DeletedFinalStateUnknown{Key: key(oldMeta), Obj: old})
	}
	worker.EnqueueKey(c.queue.Add)(cur)
}

func (c *Controller) deleteOwner(obj any) {
	worker.EnqueueKey(func(key string) {
		c.expectations.Delete(key)
		c.queue.Add(key)
	})(obj)
}

// resolve returns the object ref names as a pod's controller, or nil when it is not of the kind
// or no longer exists with that UID.
func (c *Controller) resolve(namespace string, ref *metav1.OwnerReference) *appsv1.ReplicaSet {
	rs, _ := c.owners.Resolve(namespace, ref)
	return rs
}

// selecting returns the objects whose selector matches an orphan pod, which may adopt it.
func (c *Controller) selecting(pod *corev1.Pod) []*appsv1.ReplicaSet {
	matching := c.owners.Selecting(pod)
	if len(matching) > 1 {
		utilruntime.HandleError(fmt.Errorf("user error! more than one %s is selecting pods with labels: %+v", c.kind.gvk.Kind, pod.Labels))
	}
	return matching
}

func (c *Controller) addPod(obj any) {
	pod := obj.(*corev1.Pod)
	if pod.DeletionTimestamp != nil {
		// A pod already being deleted, seen after a restart, is no creation.
		c.deletePod(pod)
		return
	}
	if ref := metav1.GetControllerOf(pod); ref != nil {
		if rs := c.resolve(pod.Namespace, ref); rs != nil {
			c.expectations.CreationObserved(key(rs))
			c.queue.Add(key(rs))
		}
		return
	}
	// No controller waits for an orphan: no creation is observed.
	for _, rs := range c.selecting(pod) {
		c.queue.Add(key(rs))
	}
}

func (c *Controller) updatePod(old, cur any) {
	oldPod, curPod := old.(*corev1.Pod), cur.(*corev1.Pod)
	if oldPod.ResourceVersion == curPod.ResourceVersion {
		return
	}
	labelsChanged := !reflect.DeepEqual(oldPod.Labels, curPod.Labels)
	if curPod.DeletionTimestamp != nil {
		// A graceful deletion counts as soon as it starts, so that replacements are not delayed by
		// the grace period.
		c.deletePod(curPod)
		if labelsChanged {
			c.deletePod(oldPod)
		}
		return
	}
	oldRef, curRef := metav1.GetControllerOf(oldPod), metav1.GetControllerOf(curPod)
	refChanged := !reflect.DeepEqual(oldRef, curRef)
	if refChanged && oldRef != nil {
		if rs := c.resolve(oldPod.Namespace, oldRef); rs != nil {
			c.queue.Add(key(rs))
		}
	}
	if curRef != nil {
		rs := c.resolve(curPod.Namespace, curRef)
		if rs == nil {
			return
		}
		c.queue.Add(key(rs))
		// A pod becomes available minReadySeconds after it became ready, which no event tells.
		if !podcontrol.IsReady(oldPod) && podcontrol.IsReady(curPod) && rs.Spec.MinReadySeconds > 0 {
			c.queue.AddAfter(key(rs), time.Duration(rs.Spec.MinReadySeconds)*time.Second+time.Second)
		}
		return
	}
	if labelsChanged || refChanged {
		for _, rs := range c.selecting(curPod) {
			c.queue.Add(key(rs))
		}
	}
}

func (c *Controller) deletePod(obj any) {
	pod, ok := worker.Unwrap[*corev1.Pod](obj)
	if !ok {
		return
	}
	ref := metav1.GetControllerOf(pod)
	if ref == nil {
		return
	}
	if rs := c.resolve(pod.Namespace, ref); rs != nil {
		c.expectations.DeletionObserved(key(rs), podcontrol.PodKey(pod))
		c.queue.Add(key(rs))
	}
}

// sync brings one object's pods and status in line with its spec.
func (c *Controller) sync(ctx context.Context, key string) error {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	rs, err := c.kind.get(namespace, name)
	if apierrors.IsNotFound(err) {
		c.expectations.Delete(key)
		return nil
	}
	if err != nil {
		return err
	}
	needsSync := c.expectations.Satisfied(key)
	selector, err := metav1.LabelSelectorAsSelector(rs.Spec.Selector)
	if err != nil {
		utilruntime.HandleError(fmt.Errorf("error converting pod selector to selector for %s %v/%v: %v", c.kind.gvk.Kind, namespace, name, err))
		return nil
	}
	// Every pod of the namespace, so that owned pods that no longer match are released.
	all, err := c.pods.Pods(namespace).List(labels.Everything())
	if err != nil {
		return err
	}
	claimer := &podcontrol.Claimer[*corev1.Pod]{
		Owner:    rs,
		Kind:     c.kind.gvk,
		Selector: selector,
		Fresh: func(ctx context.Context) (metav1.Object, error) {
			return c.kind.fresh(ctx, rs.Namespace, rs.Name)
		},
		Patch: c.control.PatchPod,
	}
	active, err := claimer.Claim(ctx, podcontrol.Filter(all, podcontrol.IsActive))
	if err != nil {
		return err
	}
	var terminating []*corev1.Pod
	if c.kind.countsTerminating {
		terminating = podcontrol.Filter(all, func(p *corev1.Pod) bool {
			return podcontrol.IsTerminating(p) && metav1.IsControlledBy(p, rs) && selector.Matches(labels.Set(p.Labels))
		})
	}
	var manageErr error
	if needsSync && rs.DeletionTimestamp == nil {
		manageErr = c.manage(ctx, rs, active)
	}
	rs = rs.DeepCopy()
	status := c.status(rs, active, terminating, manageErr)
	updated, err := c.writeStatus(ctx, rs, status)
	if err != nil {
		return err
	}
	// Pods that are ready but not yet available become available with no event to say so.
	replicas := ptr.Deref(updated.Spec.Replicas, 0)
	if manageErr == nil && updated.Spec.MinReadySeconds > 0 &&
		updated.Status.ReadyReplicas == replicas && updated.Status.AvailableReplicas != replicas {
		c.queue.AddAfter(key, time.Duration(updated.Spec.MinReadySeconds)*time.Second)
	}
	return manageErr
}
