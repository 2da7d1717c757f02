// Package tainteviction deletes pods from nodes with NoExecute taints they do not tolerate, as
// kube-controller-manager's taint eviction controller does: at once when a taint is not tolerated,
// after the shortest tolerationSeconds of the tolerations in use otherwise, and never when those
// tolerate forever. A pod about to be deleted gets the DisruptionTarget condition.
package tainteviction

import (
	"context"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podsbynode"
	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// EventSource is the controller's name, which kube-controller-manager also gives its events.
const EventSource = "taint-eviction-controller"

// workers is upstream's number of workers, for node and for pod changes.
const workers = 8

// Controller deletes pods that do not tolerate their node's NoExecute taints.
type Controller struct {
	client   kubernetes.Interface
	recorder record.EventRecorder
	pods     corelisters.PodLister
	nodes    corelisters.NodeLister
	podsOf   podsbynode.Lister
	synced   []cache.InformerSynced
	nodeLoop worker.Loop
	podLoop  worker.Loop

	// mu guards tainted, the NoExecute taints of each node that has some.
	mu        sync.Mutex
	tainted   map[string][]corev1.Taint
	evictions *evictions
}

// New returns a controller reading pods and nodes from the informers and deleting through client.
func New(client kubernetes.Interface, recorder record.EventRecorder, pods coreinformers.PodInformer, nodes coreinformers.NodeInformer) (*Controller, error) {
	c := &Controller{
		client:   client,
		recorder: recorder,
		pods:     pods.Lister(),
		nodes:    nodes.Lister(),
		synced:   []cache.InformerSynced{pods.Informer().HasSynced, nodes.Informer().HasSynced},
		tainted:  map[string][]corev1.Taint{},
	}
	c.evictions = newEvictions(c.evict)
	c.nodeLoop = worker.Loop{
		Name:  EventSource,
		Queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](), workqueue.TypedRateLimitingQueueConfig[string]{Name: "noexec_taint_node"}),
		Sync:  c.syncNode,
	}
	c.podLoop = worker.Loop{
		Name:  EventSource + "-pods",
		Queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](), workqueue.TypedRateLimitingQueueConfig[string]{Name: "noexec_taint_pod"}),
		Sync:  c.syncPod,
	}
	enqueuePod := worker.EnqueueKey(c.podLoop.Queue.Add)
	if _, err := pods.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: enqueuePod,
		UpdateFunc: func(old, obj any) {
			o, n := old.(*corev1.Pod), obj.(*corev1.Pod)
			if o.Spec.NodeName != n.Spec.NodeName || !equality.Semantic.DeepEqual(o.Spec.Tolerations, n.Spec.Tolerations) {
				enqueuePod(obj)
			}
		},
		DeleteFunc: enqueuePod,
	}); err != nil {
		return nil, err
	}
	enqueueNode := worker.EnqueueKey(c.nodeLoop.Queue.Add)
	if _, err := nodes.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: enqueueNode,
		UpdateFunc: func(old, obj any) {
			if !equality.Semantic.DeepEqual(noExecute(old.(*corev1.Node).Spec.Taints), noExecute(obj.(*corev1.Node).Spec.Taints)) {
				enqueueNode(obj)
			}
		},
		DeleteFunc: enqueueNode,
	}); err != nil {
		return nil, err
	}
	podsOf, err := podsbynode.New(pods)
	if err != nil {
		return nil, err
	}
	c.podsOf = podsOf
	return c, nil
}

// Run deletes pods until ctx ends.
func (c *Controller) Run(ctx context.Context) {
	if !cache.WaitForNamedCacheSync(EventSource, ctx.Done(), c.synced...) {
		return
	}
	go c.podLoop.Run(ctx, workers)
	c.nodeLoop.Run(ctx, workers)
}

// syncNode records the NoExecute taints of the node called name and plans or cancels the deletion of
// each of its pods.
func (c *Controller) syncNode(ctx context.Context, name string) error {
	node, err := c.nodes.Get(name)
	if apierrors.IsNotFound(err) {
		c.mu.Lock()
		delete(c.tainted, name)
		c.mu.Unlock()
		return nil
	}
	if err != nil {
		return err
	}
	taints := noExecute(node.Spec.Taints)
	c.mu.Lock()
	if len(taints) == 0 {
		delete(c.tainted, name)
	} else {
		c.tainted[name] = taints
	}
	c.mu.Unlock()
	// The taints are recorded before the pods are listed, so that a pod the index does not hold yet
	// is judged by them when its own event comes.
	pods, err := c.podsOf(name)
	if err != nil {
		return err
	}
	now := time.Now()
	for _, pod := range pods {
		key := pod.Namespace + "/" + pod.Name
		if len(taints) == 0 {
			c.cancel(key)
			continue
		}
		c.judge(ctx, key, pod.Spec.Tolerations, taints, now)
	}
	return nil
}

// syncPod plans or cancels the deletion of the pod of key.
func (c *Controller) syncPod(ctx context.Context, key string) error {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return nil
	}
	pod, err := c.pods.Pods(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		c.cancel(key)
		return nil
	}
	if err != nil {
		return err
	}
	if pod.Spec.NodeName == "" {
		return nil
	}
	c.mu.Lock()
	taints, ok := c.tainted[pod.Spec.NodeName]
	c.mu.Unlock()
	if ok {
		c.judge(ctx, key, pod.Spec.Tolerations, taints, time.Now())
	}
	return nil
}

// judge plans the deletion of the pod of key on a node with taints: now when a taint is not
// tolerated, after the toleration time otherwise, counted from when an earlier plan started it.
func (c *Controller) judge(ctx context.Context, key string, tolerations []corev1.Toleration, taints []corev1.Taint, now time.Time) {
	used, all := tolerating(taints, tolerations)
	if !all {
		klog.FromContext(ctx).V(2).Info("Not all taints are tolerated after update for pod on node", "pod", key)
		c.cancel(key)
		c.evictions.add(ctx, key, now, now)
		return
	}
	wait := tolerationTime(used)
	if wait == forever {
		c.cancel(key)
		return
	}
	start := now
	if s := c.evictions.pending(key); s != nil {
		start = s.createdAt
		if start.Add(wait).Before(now.Add(wait)) {
			return
		}
		c.cancel(key)
	}
	c.evictions.add(ctx, key, start, start.Add(wait))
}

// cancel cancels the pending deletion of key's pod, with an event saying so.
func (c *Controller) cancel(key string) {
	if c.evictions.cancel(key) {
		c.podEvent(key, fmt.Sprintf("Cancelling deletion of Pod %s", key))
	}
}

// podEvent records a TaintManagerEviction event on the pod of key.
func (c *Controller) podEvent(key, message string) {
	namespace, name, _ := cache.SplitMetaNamespaceKey(key)
	c.recorder.Event(&corev1.ObjectReference{APIVersion: "v1", Kind: "Pod", Namespace: namespace, Name: name}, corev1.EventTypeNormal, "TaintManagerEviction", message)
}
