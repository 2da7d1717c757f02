package nodelifecycle

import (
	"context"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/client-go/util/workqueue"
	nodetopology "k8s.io/component-helpers/node/topology"
	"k8s.io/klog/v2"
)

func (c *Controller) metaNow() metav1.Time { return metav1.NewTime(c.now()) }

// monitor makes one pass over every node: it sets the conditions of silent nodes Unknown, queues
// nodes that are not ready for their NoExecute taint and untaints those ready again, marks the pods of
// nodes that stopped being ready not ready, and then sets each zone's tainting rate from its state.
func (c *Controller) monitor(ctx context.Context) {
	logger := klog.FromContext(ctx)
	nodes, err := c.nodes.List(labels.Everything())
	if err != nil {
		logger.Error(err, "Error monitoring node health")
		return
	}
	c.classify(ctx, nodes)

	var mu sync.Mutex
	zoneReady := map[string][]*corev1.NodeCondition{}
	workqueue.ParallelizeUntil(ctx, nodeWorkers, len(nodes), func(i int) {
		node := nodes[i].DeepCopy()
		observed, current, err := c.updateHealth(ctx, node)
		if err != nil {
			logger.Error(err, "Update health of Node from Controller error, Skipping - no pods will be evicted", "node", klog.KObj(node))
			return
		}
		if _, excluded := node.Labels[excludeDisruptionLabel]; !excluded {
			zone := nodetopology.GetZoneKey(node)
			mu.Lock()
			zoneReady[zone] = append(zoneReady[zone], current)
			mu.Unlock()
		}
		if current != nil && !c.followReady(ctx, node, observed.Status, current.Status) {
			return
		}
		c.retryPods.Delete(node.Name)
	})
	c.handleDisruption(ctx, zoneReady, nodes)
}

// followReady acts on a node's Ready condition, observed before this pass and current after it, and
// reports false when the node's pods are to be marked not ready again in the next pass.
func (c *Controller) followReady(ctx context.Context, node *corev1.Node, observed, current corev1.ConditionStatus) bool {
	pods, err := c.podsOf(node.Name)
	if err != nil {
		utilruntime.HandleError(fmt.Errorf("unable to list pods of node %v: %w", node.Name, err))
		if current != corev1.ConditionTrue && observed == corev1.ConditionTrue {
			c.retryPods.Store(node.Name, struct{}{})
		}
		return false
	}
	c.noExecuteDecision(ctx, node, observed)
	_, retry := c.retryPods.Load(node.Name)
	turned := current != corev1.ConditionTrue && observed == corev1.ConditionTrue
	if turned {
		c.nodeEvent(node, corev1.EventTypeNormal, "NodeNotReady", fmt.Sprintf("Node %s status is now: %s", node.Name, "NodeNotReady"))
	}
	if turned || (retry && observed != corev1.ConditionTrue) {
		if err := markPodsNotReady(ctx, c.client, c.recorder, pods, node.Name); err != nil {
			utilruntime.HandleError(fmt.Errorf("unable to mark all pods NotReady on node %v: %w; queuing for retry", node.Name, err))
			c.retryPods.Store(node.Name, struct{}{})
			return false
		}
	}
	return true
}

// classify records nodes seen for the first time, untainting them NoExecute as a restarted
// controller starts afresh, and forgets deleted ones.
func (c *Controller) classify(ctx context.Context, nodes []*corev1.Node) {
	seen := map[string]bool{}
	for _, node := range nodes {
		seen[node.Name] = true
		if _, known := c.known[node.Name]; known {
			c.ensureZone(node)
			continue
		}
		klog.FromContext(ctx).V(1).Info("Controller observed a new Node", "node", klog.KObj(node))
		c.nodeEvent(node, corev1.EventTypeNormal, "RegisteredNode", fmt.Sprintf("Registered Node %v in Controller", node.Name))
		c.known[node.Name] = node
		c.ensureZone(node)
		if err := c.markReachable(ctx, node); err != nil {
			klog.FromContext(ctx).Error(err, "Failed to remove taints from node", "node", klog.KObj(node))
		}
	}
	for name, node := range c.known {
		if seen[name] {
			continue
		}
		klog.FromContext(ctx).V(1).Info("Controller observed a Node deletion", "node", klog.KObj(node))
		c.nodeEvent(node, corev1.EventTypeNormal, "RemovingNode", fmt.Sprintf("Removing Node %v from Controller", name))
		delete(c.known, name)
		c.healthMu.Lock()
		delete(c.healths, name)
		c.healthMu.Unlock()
	}
}

// updateHealth runs tryUpdateHealth, re-reading the node from the API and retrying a few times when
// its status update fails.
func (c *Controller) updateHealth(ctx context.Context, node *corev1.Node) (corev1.NodeCondition, *corev1.NodeCondition, error) {
	for attempt := 1; ; attempt++ {
		observed, current, err := c.tryUpdateHealth(ctx, node)
		if err == nil || attempt == healthRetries {
			return observed, current, err
		}
		time.Sleep(healthRetryWait)
		if node, err = c.client.CoreV1().Nodes().Get(ctx, node.Name, metav1.GetOptions{}); err != nil {
			return observed, current, err
		}
	}
}

// tryUpdateHealth takes in what node and its lease show, and sets node's conditions Unknown when it
// has been silent for longer than its grace period. It returns the Ready condition as it was (an
// Unknown one dated at the node's creation when it never reported) and as it is now (nil while a node
// that never reported is within its grace period).
func (c *Controller) tryUpdateHealth(ctx context.Context, node *corev1.Node) (corev1.NodeCondition, *corev1.NodeCondition, error) {
	observed := corev1.NodeCondition{Type: corev1.NodeReady, Status: corev1.ConditionUnknown, LastHeartbeatTime: node.CreationTimestamp, LastTransitionTime: node.CreationTimestamp}
	if ready := condition(&node.Status, corev1.NodeReady); ready != nil {
		observed = *ready
	}
	grace := gracePeriod(node, c.config.StartupGracePeriod, c.config.MonitorGracePeriod)
	lease, _ := c.leases.Leases(corev1.NamespaceNodeLease).Get(node.Name)
	c.healthMu.RLock()
	saved := c.healths[node.Name]
	c.healthMu.RUnlock()
	h := observe(node, saved, lease, c.now())
	defer func() {
		c.healthMu.Lock()
		c.healths[node.Name] = h
		c.healthMu.Unlock()
	}()
	if c.now().After(h.probe.Add(grace)) {
		markUnknown(node, c.metaNow())
		current := condition(&node.Status, corev1.NodeReady)
		if !equality.Semantic.DeepEqual(current, &observed) {
			updated, err := c.client.CoreV1().Nodes().UpdateStatus(ctx, node, metav1.UpdateOptions{})
			if err != nil {
				return observed, current, err
			}
			h = &health{probe: h.probe, status: *updated.Status.DeepCopy(), lease: lease}
		}
	}
	return observed, condition(&node.Status, corev1.NodeReady), nil
}

// handleDisruption sets each zone's tainting rate from its state. When every zone is fully
// disrupted, the trouble is more likely the control plane's than the nodes', so NoExecute tainting
// stops and the taints go; when a zone works again, every node gets a fresh grace period.
func (c *Controller) handleDisruption(ctx context.Context, zoneReady map[string][]*corev1.NodeCondition, nodes []*corev1.Node) {
	logger := klog.FromContext(ctx)
	states := map[string]zoneState{}
	allAre := true
	for zone, ready := range zoneReady {
		_, state := c.rates.zoneStateOf(ready)
		if state != stateFullDisruption {
			allAre = false
		}
		states[zone] = state
		if _, ok := c.zoneStates[zone]; !ok {
			c.zoneStates[zone] = stateInitial
		}
	}
	allWere := true
	for zone, state := range c.zoneStates {
		if _, ok := zoneReady[zone]; !ok {
			delete(c.zoneStates, zone)
			continue
		}
		if state != stateFullDisruption {
			allWere = false
		}
	}
	switch {
	case allAre && allWere:
	case allAre:
		logger.Info("Controller detected that all Nodes are not-Ready. Entering master disruption mode")
		for _, node := range nodes {
			if err := c.markReachable(ctx, node); err != nil {
				logger.Error(err, "Failed to remove taints from Node", "node", klog.KObj(node))
			}
		}
		for zone := range c.zoneStates {
			c.setRate(zone, 0)
			c.zoneStates[zone] = stateFullDisruption
		}
	case allWere:
		logger.Info("Controller detected that some Nodes are Ready. Exiting master disruption mode")
		now := c.now()
		c.healthMu.Lock()
		for _, node := range nodes {
			if h := c.healths[node.Name]; h != nil {
				h.probe = now
			}
		}
		c.healthMu.Unlock()
		for zone := range c.zoneStates {
			c.setRate(zone, c.rates.rateFor(states[zone], len(zoneReady[zone])))
			c.zoneStates[zone] = states[zone]
		}
	default:
		for zone, state := range c.zoneStates {
			if states[zone] == state {
				continue
			}
			logger.Info("Controller detected that zone is now in new state", "zone", zone, "newState", states[zone])
			c.setRate(zone, c.rates.rateFor(states[zone], len(zoneReady[zone])))
			c.zoneStates[zone] = states[zone]
		}
	}
}
