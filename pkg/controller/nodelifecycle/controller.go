// Package nodelifecycle watches the health of nodes as kube-controller-manager's node lifecycle
// controller does: a node whose kubelet stops renewing its Lease in kube-node-lease and posting its
// Ready heartbeat for the grace period gets its Ready, MemoryPressure, DiskPressure and PIDPressure
// conditions Unknown; nodes get the NoSchedule taints of their conditions and spec.unschedulable;
// nodes not ready get the unreachable or not-ready NoExecute taint at a rate set per zone by how
// disrupted the zone is, and none while every zone is fully disrupted; and the pods of a node that
// stops being ready get their Ready condition False.
package nodelifecycle

import (
	"context"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/wait"
	coordinationinformers "k8s.io/client-go/informers/coordination/v1"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	coordinationlisters "k8s.io/client-go/listers/coordination/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podsbynode"
	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// Names the controller is known by: kube-controller-manager's in logs, and its event source.
const (
	controllerName = "node-lifecycle-controller"
	// EventSource is the component of the controller's events, upstream's.
	EventSource = "node-controller"
)

// Upstream's sizes and periods, which kube-controller-manager has no flags for.
const (
	// nodeWorkers keep the NoSchedule taints and beta labels of changed nodes.
	nodeWorkers = 8
	// podWorkers mark pods newly bound to not-ready nodes not ready.
	podWorkers = 4
	// noExecutePeriod is how often the zones' taint queues are worked.
	noExecutePeriod = 100 * time.Millisecond
	// healthRetries is how often a node's status update is retried within one pass.
	healthRetries = 5
	// healthRetryWait is the wait between those retries.
	healthRetryWait = 20 * time.Millisecond
)

// Config holds kube-controller-manager's node lifecycle flags.
type Config struct {
	// MonitorPeriod is --node-monitor-period.
	MonitorPeriod time.Duration
	// StartupGracePeriod is --node-startup-grace-period.
	StartupGracePeriod time.Duration
	// MonitorGracePeriod is --node-monitor-grace-period.
	MonitorGracePeriod time.Duration
	// EvictionRate is --node-eviction-rate.
	EvictionRate float32
	// SecondaryEvictionRate is --secondary-node-eviction-rate.
	SecondaryEvictionRate float32
	// LargeClusterSizeThreshold is --large-cluster-size-threshold.
	LargeClusterSizeThreshold int32
	// UnhealthyZoneThreshold is --unhealthy-zone-threshold.
	UnhealthyZoneThreshold float32
}

// Controller keeps the conditions and taints of nodes from their heartbeats.
type Controller struct {
	client   kubernetes.Interface
	recorder record.EventRecorder
	nodes    corelisters.NodeLister
	leases   coordinationlisters.LeaseLister
	pods     corelisters.PodLister
	podsOf   podsbynode.Lister
	synced   []cache.InformerSynced
	config   Config
	rates    rates
	now      func() time.Time

	nodeLoop worker.Loop
	podLoop  worker.Loop

	// healthMu guards healths, which the monitor pass writes and the pod workers read.
	healthMu sync.RWMutex
	healths  map[string]*health

	// zonesMu guards queues, which the monitor pass adds to and the NoExecute pass works.
	zonesMu sync.Mutex
	queues  map[string]*taintQueue

	// The monitor pass alone, which runs one at a time, uses these.
	known      map[string]*corev1.Node
	zoneStates map[string]zoneState
	// retryPods holds the nodes whose pods could not all be marked not ready yet.
	retryPods sync.Map
}

// New returns a controller reading nodes, their leases and pods from the informers and writing
// through client.
func New(client kubernetes.Interface, recorder record.EventRecorder, leases coordinationinformers.LeaseInformer, pods coreinformers.PodInformer, nodes coreinformers.NodeInformer, config Config) (*Controller, error) {
	c := &Controller{
		client:   client,
		recorder: recorder,
		nodes:    nodes.Lister(),
		leases:   leases.Lister(),
		pods:     pods.Lister(),
		synced:   []cache.InformerSynced{leases.Informer().HasSynced, nodes.Informer().HasSynced, pods.Informer().HasSynced},
		config:   config,
		rates: rates{
			healthy:       config.EvictionRate,
			secondary:     config.SecondaryEvictionRate,
			largeCluster:  config.LargeClusterSizeThreshold,
			unhealthyZone: config.UnhealthyZoneThreshold,
		},
		now:        time.Now,
		healths:    map[string]*health{},
		queues:     map[string]*taintQueue{},
		known:      map[string]*corev1.Node{},
		zoneStates: map[string]zoneState{},
	}
	c.nodeLoop = worker.Loop{
		Name:  controllerName,
		Queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](), workqueue.TypedRateLimitingQueueConfig[string]{Name: "node_lifecycle_controller"}),
		Sync:  c.syncNode,
	}
	c.podLoop = worker.Loop{
		Name:  controllerName + "-pods",
		Queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](), workqueue.TypedRateLimitingQueueConfig[string]{Name: "node_lifecycle_controller_pods"}),
		Sync:  c.syncPod,
	}
	enqueueNode := worker.EnqueueKey(c.nodeLoop.Queue.Add)
	if _, err := nodes.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueueNode,
		UpdateFunc: func(_, obj any) { enqueueNode(obj) },
		DeleteFunc: func(obj any) {
			if node, ok := worker.Unwrap[*corev1.Node](obj); ok {
				c.retryPods.Delete(node.Name)
			}
		},
	}); err != nil {
		return nil, err
	}
	enqueuePod := worker.EnqueueKey(c.podLoop.Queue.Add)
	if _, err := pods.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: enqueuePod,
		UpdateFunc: func(old, obj any) {
			// Only a binding changes which node's health a pod depends on.
			if old.(*corev1.Pod).Spec.NodeName != obj.(*corev1.Pod).Spec.NodeName {
				enqueuePod(obj)
			}
		},
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

// Run watches node health until ctx ends.
func (c *Controller) Run(ctx context.Context) {
	if !cache.WaitForNamedCacheSync(controllerName, ctx.Done(), c.synced...) {
		return
	}
	go c.podLoop.Run(ctx, podWorkers)
	go wait.UntilWithContext(ctx, c.noExecutePass, noExecutePeriod)
	go wait.UntilWithContext(ctx, c.monitor, c.config.MonitorPeriod)
	c.nodeLoop.Run(ctx, nodeWorkers)
}

// syncNode keeps the NoSchedule taints and beta labels of the node called name.
func (c *Controller) syncNode(ctx context.Context, name string) error {
	node, err := c.nodes.Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if add, remove := noScheduleTaints(node); len(add) > 0 || len(remove) > 0 {
		if err := updateTaints(ctx, c.client, node, add, remove, c.metaNow()); err != nil {
			return err
		}
	}
	return reconcileLabels(ctx, c.client, node)
}

// syncPod marks a pod newly bound to a node that is not ready not ready.
func (c *Controller) syncPod(ctx context.Context, key string) error {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return nil
	}
	pod, err := c.pods.Pods(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	c.healthMu.RLock()
	h := c.healths[pod.Spec.NodeName]
	c.healthMu.RUnlock()
	// A node not seen by the monitor pass yet is handled by its first pass.
	if h == nil {
		return nil
	}
	if _, err := c.nodes.Get(pod.Spec.NodeName); apierrors.IsNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	if ready := condition(&h.status, corev1.NodeReady); ready == nil || ready.Status == corev1.ConditionTrue {
		return nil
	}
	return markPodsNotReady(ctx, c.client, c.recorder, []*corev1.Pod{pod}, pod.Spec.NodeName)
}

// nodeEvent records an event on node, which events reference without a namespace.
func (c *Controller) nodeEvent(node *corev1.Node, eventType, reason, message string) {
	c.recorder.Event(&corev1.ObjectReference{Kind: "Node", Name: node.Name, UID: node.UID}, eventType, reason, message)
}
