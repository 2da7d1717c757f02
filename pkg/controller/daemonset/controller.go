// Package daemonset runs DaemonSets as kube-controller-manager's daemonset controller does: one
// pod on every node whose name, labels, affinity and taints the template allows, bound to it by a
// node affinity on metadata.name, with the tolerations daemons get; pods replaced by RollingUpdate
// (maxUnavailable, maxSurge) or when deleted (OnDelete), and the templates recorded as
// ControllerRevisions.
package daemonset

import (
	"context"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
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
	"k8s.io/client-go/util/flowcontrol"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/utils/clock"

	"github.com/kapi-dev/kapi/pkg/controller/internal/history"
	"github.com/kapi-dev/kapi/pkg/controller/internal/owners"
	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// EventSource is the name kube-controller-manager's controller gives its events.
const EventSource = "daemonset-controller"

// controllerKind is the kind daemon pods and revisions name in their ownerReferences.
var controllerKind = appsv1.SchemeGroupVersion.WithKind("DaemonSet")

// Failed daemon pods are replaced with upstream's backoff, so that a node that keeps rejecting
// them does not make the controller spin.
const (
	failedBackoffInitial = time.Second
	failedBackoffMax     = 15 * time.Minute
)

// Controller keeps one pod of every DaemonSet on each node it should run on.
type Controller struct {
	client        kubernetes.Interface
	recorder      record.EventRecorder
	control       podcontrol.Control
	history       history.Client
	owners        owners.Lookup[*appsv1.DaemonSet]
	expectations  *podcontrol.Expectations
	clock         clock.Clock
	failedBackoff *flowcontrol.Backoff
	sets          appslisters.DaemonSetLister
	pods          corelisters.PodLister
	nodes         corelisters.NodeLister
	revisions     appslisters.ControllerRevisionLister
	synced        []cache.InformerSynced
	loop          worker.Loop
}

// New returns a controller reading from the informers and writing through client.
func New(client kubernetes.Interface, recorder record.EventRecorder, sets appsinformers.DaemonSetInformer, revisions appsinformers.ControllerRevisionInformer, pods coreinformers.PodInformer, nodes coreinformers.NodeInformer) (*Controller, error) {
	clk := clock.RealClock{}
	c := &Controller{
		client:        client,
		recorder:      recorder,
		control:       podcontrol.Control{Client: client, Recorder: recorder},
		history:       history.Client{Client: client},
		expectations:  podcontrol.NewExpectations(clk),
		clock:         clk,
		failedBackoff: flowcontrol.NewBackOff(failedBackoffInitial, failedBackoffMax),
		sets:          sets.Lister(),
		pods:          pods.Lister(),
		nodes:         nodes.Lister(),
		revisions:     revisions.Lister(),
		synced: []cache.InformerSynced{sets.Informer().HasSynced, revisions.Informer().HasSynced,
			pods.Informer().HasSynced, nodes.Informer().HasSynced},
	}
	c.owners = owners.Lookup[*appsv1.DaemonSet]{
		Kind: controllerKind,
		Get:  func(namespace, name string) (*appsv1.DaemonSet, error) { return c.sets.DaemonSets(namespace).Get(name) },
		List: func(namespace string) ([]*appsv1.DaemonSet, error) {
			return c.sets.DaemonSets(namespace).List(labels.Everything())
		},
		Selector: func(ds *appsv1.DaemonSet) *metav1.LabelSelector { return ds.Spec.Selector },
	}
	c.loop = worker.Loop{
		Name:  EventSource,
		Queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](), workqueue.TypedRateLimitingQueueConfig[string]{Name: "daemonset"}),
		Sync:  c.sync,
	}
	enqueue := worker.EnqueueKey(c.loop.Queue.Add)
	handlers := []struct {
		informer cache.SharedIndexInformer
		funcs    cache.ResourceEventHandlerFuncs
	}{
		{sets.Informer(), cache.ResourceEventHandlerFuncs{
			AddFunc:    enqueue,
			UpdateFunc: func(_, obj any) { enqueue(obj) },
			DeleteFunc: c.setDeleted,
		}},
		{revisions.Informer(), cache.ResourceEventHandlerFuncs{
			AddFunc:    c.ownedChanged,
			UpdateFunc: func(_, obj any) { c.ownedChanged(obj) },
			DeleteFunc: c.ownedChanged,
		}},
		{pods.Informer(), cache.ResourceEventHandlerFuncs{
			AddFunc:    c.podAdded,
			UpdateFunc: c.podUpdated,
			DeleteFunc: c.podDeleted,
		}},
		{nodes.Informer(), cache.ResourceEventHandlerFuncs{
			AddFunc:    c.nodeAdded,
			UpdateFunc: c.nodeUpdated,
			DeleteFunc: func(any) { c.enqueueAll() },
		}},
	}
	for _, h := range handlers {
		if _, err := h.informer.AddEventHandler(h.funcs); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Run keeps DaemonSets with workers goroutines until ctx ends.
func (c *Controller) Run(ctx context.Context, workers int) {
	go func() {
		// The backoff of failed pods forgets nodes that stopped failing.
		ticker := time.NewTicker(2 * failedBackoffMax)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
				c.failedBackoff.GC()
			}
		}
	}()
	c.loop.Run(ctx, workers, c.synced...)
}

func keyOf(ds *appsv1.DaemonSet) string { return ds.Namespace + "/" + ds.Name }

func (c *Controller) enqueueAll() {
	sets, err := c.sets.List(labels.Everything())
	if err != nil {
		return
	}
	for _, ds := range sets {
		c.loop.Queue.Add(keyOf(ds))
	}
}

func (c *Controller) setDeleted(obj any) {
	ds, ok := worker.Unwrap[*appsv1.DaemonSet](obj)
	if !ok {
		return
	}
	c.loop.Queue.Add(keyOf(ds))
}

// ownedChanged enqueues the owner of a changed revision, or the sets that may adopt an orphan.
func (c *Controller) ownedChanged(obj any) {
	o, ok := worker.Unwrap[metav1.Object](obj)
	if !ok {
		return
	}
	for _, ds := range c.owners.Concerned(o) {
		c.loop.Queue.Add(keyOf(ds))
	}
}

func (c *Controller) podAdded(obj any) {
	pod := obj.(*corev1.Pod)
	if pod.DeletionTimestamp != nil {
		c.podDeleted(pod)
		return
	}
	if ds, ok := c.owners.ControllerOf(pod); ok {
		c.expectations.CreationObserved(keyOf(ds))
	}
	c.ownedChanged(pod)
}

func (c *Controller) podUpdated(old, obj any) {
	oldPod, pod := old.(*corev1.Pod), obj.(*corev1.Pod)
	if oldPod.ResourceVersion == pod.ResourceVersion {
		return
	}
	if pod.DeletionTimestamp != nil {
		// A pod being deleted is as good as gone for the count of daemons.
		c.podDeleted(pod)
		return
	}
	if oldRef, ref := metav1.GetControllerOf(oldPod), metav1.GetControllerOf(pod); oldRef != nil && (ref == nil || ref.UID != oldRef.UID) {
		c.ownedChanged(oldPod)
	}
	c.ownedChanged(pod)
	if ds, ok := c.owners.ControllerOf(pod); ok && ds.Spec.MinReadySeconds > 0 &&
		!podcontrol.IsReady(oldPod) && podcontrol.IsReady(pod) {
		c.loop.Queue.AddAfter(keyOf(ds), time.Duration(ds.Spec.MinReadySeconds)*time.Second+time.Second)
	}
}

func (c *Controller) podDeleted(obj any) {
	pod, ok := worker.Unwrap[*corev1.Pod](obj)
	if !ok {
		return
	}
	ds, ok := c.owners.ControllerOf(pod)
	if !ok {
		return
	}
	c.expectations.DeletionObserved(keyOf(ds), podcontrol.PodKey(pod))
	c.loop.Queue.Add(keyOf(ds))
}

func (c *Controller) nodeAdded(obj any) {
	node := obj.(*corev1.Node)
	sets, err := c.sets.List(labels.Everything())
	if err != nil {
		return
	}
	for _, ds := range sets {
		if run, _ := shouldRun(node, ds); run {
			c.loop.Queue.Add(keyOf(ds))
		}
	}
}

// nodeUpdated enqueues the sets whose placement on the node changes; heartbeats alone do not.
func (c *Controller) nodeUpdated(old, obj any) {
	oldNode, node := old.(*corev1.Node), obj.(*corev1.Node)
	if apiequality.Semantic.DeepEqual(oldNode.Labels, node.Labels) &&
		apiequality.Semantic.DeepEqual(oldNode.Spec.Taints, node.Spec.Taints) &&
		oldNode.Spec.Unschedulable == node.Spec.Unschedulable {
		return
	}
	sets, err := c.sets.List(labels.Everything())
	if err != nil {
		return
	}
	for _, ds := range sets {
		oldRun, oldKeep := shouldRun(oldNode, ds)
		run, keep := shouldRun(node, ds)
		if oldRun != run || oldKeep != keep {
			c.loop.Queue.Add(keyOf(ds))
		}
	}
}

// fresh returns a function that reads ds from the API server, for the claimer's recheck.
func (c *Controller) fresh(ds *appsv1.DaemonSet) func(context.Context) (metav1.Object, error) {
	return func(ctx context.Context) (metav1.Object, error) {
		return c.client.AppsV1().DaemonSets(ds.Namespace).Get(ctx, ds.Name, metav1.GetOptions{})
	}
}

// podsByNode returns the daemon pods ds owns, after adopting and releasing, by the node they are
// for.
func (c *Controller) podsByNode(ctx context.Context, ds *appsv1.DaemonSet, selector labels.Selector) (map[string][]*corev1.Pod, error) {
	all, err := c.pods.Pods(ds.Namespace).List(labels.Everything())
	if err != nil {
		return nil, err
	}
	claimer := &podcontrol.Claimer[*corev1.Pod]{Owner: ds, Kind: controllerKind, Selector: selector, Fresh: c.fresh(ds), Patch: c.control.PatchPod}
	pods, err := claimer.Claim(ctx, all)
	if err != nil {
		return nil, err
	}
	byNode := map[string][]*corev1.Pod{}
	for _, pod := range pods {
		// Finished pods that are being deleted count no more.
		if pod.DeletionTimestamp != nil && podcontrol.IsTerminal(pod) {
			continue
		}
		if node, ok := targetNode(pod); ok {
			byNode[node] = append(byNode[node], pod)
		}
	}
	return byNode, nil
}

// sync brings the DaemonSet called key to its spec.
func (c *Controller) sync(ctx context.Context, key string) error {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	cached, err := c.sets.DaemonSets(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		c.expectations.Delete(key)
		return nil
	}
	if err != nil {
		return err
	}
	ds := cached.DeepCopy()
	selector, err := metav1.LabelSelectorAsSelector(ds.Spec.Selector)
	if err != nil {
		return nil
	}
	if selector.Empty() {
		c.recorder.Event(ds, corev1.EventTypeWarning, "SelectingAll", "This daemon set is selecting all pods. A non-empty selector is required.")
		return nil
	}
	nodes, err := c.nodes.List(labels.Everything())
	if err != nil {
		return err
	}
	if ds.DeletionTimestamp != nil {
		return nil
	}
	cur, old, err := c.constructHistory(ctx, ds, selector)
	if err != nil {
		return err
	}
	hash := cur.Labels[hashLabel]
	byNode, err := c.podsByNode(ctx, ds, selector)
	if err != nil {
		return err
	}
	if !c.expectations.Satisfied(key) {
		return c.updateStatus(ctx, ds, c.newStatus(ds, nodes, byNode, hash, false))
	}
	if err := c.manage(ctx, ds, nodes, byNode, hash); err != nil {
		return err
	}
	if c.expectations.Satisfied(key) && ds.Spec.UpdateStrategy.Type == appsv1.RollingUpdateDaemonSetStrategyType {
		if err := c.rollingUpdate(ctx, ds, nodes, byNode, hash); err != nil {
			return err
		}
	}
	if err := c.cleanupHistory(ctx, ds, old, byNode); err != nil {
		return err
	}
	status := c.newStatus(ds, nodes, byNode, hash, true)
	if err := c.updateStatus(ctx, ds, status); err != nil {
		return err
	}
	if ds.Spec.MinReadySeconds > 0 && status.NumberReady != status.NumberAvailable {
		c.loop.Queue.AddAfter(key, time.Duration(ds.Spec.MinReadySeconds)*time.Second)
	}
	return nil
}
