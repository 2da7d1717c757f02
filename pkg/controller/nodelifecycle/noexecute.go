package nodelifecycle

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	nodetopology "k8s.io/component-helpers/node/topology"
	"k8s.io/klog/v2"
)

// nodeRetryWait is how soon a node whose taint could not be decided is tried again.
const nodeRetryWait = 50 * time.Millisecond

// ensureZone gives node's zone its state and taint queue when the zone is new.
func (c *Controller) ensureZone(node *corev1.Node) {
	zone := nodetopology.GetZoneKey(node)
	if _, ok := c.zoneStates[zone]; ok {
		return
	}
	c.zoneStates[zone] = stateInitial
	c.zonesMu.Lock()
	defer c.zonesMu.Unlock()
	c.queues[zone] = newTaintQueue(c.rates.healthy, c.now)
}

// queueOf returns the taint queue of node's zone.
func (c *Controller) queueOf(node *corev1.Node) *taintQueue {
	c.zonesMu.Lock()
	defer c.zonesMu.Unlock()
	return c.queues[nodetopology.GetZoneKey(node)]
}

// setRate sets the tainting rate of zone.
func (c *Controller) setRate(zone string, qps float32) {
	c.zonesMu.Lock()
	q := c.queues[zone]
	c.zonesMu.Unlock()
	if q != nil {
		q.setRate(qps)
	}
}

// noExecuteDecision queues a node that is not ready for its NoExecute taint, swaps a taint that no
// longer matches the Ready condition at once, and untaints a ready node.
func (c *Controller) noExecuteDecision(ctx context.Context, node *corev1.Node, ready corev1.ConditionStatus) {
	logger := klog.FromContext(ctx)
	if ready == corev1.ConditionTrue {
		if err := c.markReachable(ctx, node); err != nil {
			logger.Error(err, "Failed to remove taints from node. Will retry in next iteration", "node", klog.KObj(node))
		}
		return
	}
	want, opposite, ok := noExecuteTaintFor(ready)
	if !ok {
		return
	}
	if hasTaint(node.Spec.Taints, opposite) {
		if err := updateTaints(ctx, c.client, node, []corev1.Taint{want}, []corev1.Taint{opposite}, c.metaNow()); err != nil {
			logger.Error(err, "Failed to instantly swap taints. Will try again in the next cycle", "node", klog.KObj(node))
		}
		return
	}
	q := c.queueOf(node)
	if !hasTaint(node.Spec.Taints, want) {
		// A node untainted behind the controller's back is queued afresh.
		q.remove(node.Name)
	}
	if q.add(node.Name) {
		logger.V(2).Info("Node is not ready. Adding it to the Taint queue", "node", klog.KObj(node), "ready", ready)
	}
}

// markReachable removes both NoExecute taints from node and takes it out of its zone's queue.
func (c *Controller) markReachable(ctx context.Context, node *corev1.Node) error {
	if err := updateTaints(ctx, c.client, node, nil, []corev1.Taint{unreachableTaint, notReadyTaint}, c.metaNow()); err != nil {
		return err
	}
	c.queueOf(node).remove(node.Name)
	return nil
}

// noExecutePass taints the due nodes of every zone, as fast as each zone's rate allows.
func (c *Controller) noExecutePass(ctx context.Context) {
	c.zonesMu.Lock()
	queues := make([]*taintQueue, 0, len(c.queues))
	for _, q := range c.queues {
		queues = append(queues, q)
	}
	c.zonesMu.Unlock()
	for _, q := range queues {
		q.try(func(name string) (bool, time.Duration) { return c.taintNoExecute(ctx, name) })
	}
}

// taintNoExecute gives the node called name the NoExecute taint of its Ready condition, and reports
// whether it is done with the node, or how soon to try again.
func (c *Controller) taintNoExecute(ctx context.Context, name string) (bool, time.Duration) {
	node, err := c.nodes.Get(name)
	if apierrors.IsNotFound(err) {
		return true, 0
	}
	if err != nil {
		return false, nodeRetryWait
	}
	ready := condition(&node.Status, corev1.NodeReady)
	if ready == nil {
		return false, nodeRetryWait
	}
	want, opposite, ok := noExecuteTaintFor(ready.Status)
	if !ok {
		return true, 0
	}
	if err := updateTaints(ctx, c.client, node, []corev1.Taint{want}, []corev1.Taint{opposite}, c.metaNow()); err != nil {
		klog.FromContext(ctx).Error(err, "Failed to taint node", "node", klog.KObj(node))
		return false, 0
	}
	return true, 0
}

// noExecuteTaintFor returns the NoExecute taint of a Ready condition in status and the one it
// replaces, and false for a ready node.
func noExecuteTaintFor(status corev1.ConditionStatus) (want, opposite corev1.Taint, ok bool) {
	switch status {
	case corev1.ConditionFalse:
		return notReadyTaint, unreachableTaint, true
	case corev1.ConditionUnknown:
		return unreachableTaint, notReadyTaint, true
	}
	return corev1.Taint{}, corev1.Taint{}, false
}
