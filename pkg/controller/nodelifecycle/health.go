package nodelifecycle

import (
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// health is what the controller last saw of a node, with the controller's own clock: the time the
// controller last saw a sign of life, so that clock skew between kubelets and the controller does not
// matter.
type health struct {
	// probe is when the controller last saw the Ready heartbeat or the lease's renewTime change.
	probe  time.Time
	status corev1.NodeStatus
	lease  *coordinationv1.Lease
}

// Reasons and messages of the conditions the controller sets Unknown, upstream's.
const (
	reasonNeverUpdated  = "NodeStatusNeverUpdated"
	messageNeverUpdated = "Kubelet never posted node status."
	reasonUnknown       = "NodeStatusUnknown"
	messageUnknown      = "Kubelet stopped posting node status."
)

// unknownOnSilence are the conditions a silent node gets Unknown; NetworkUnavailable is left alone
// because the network plugin, not the kubelet, reports it.
var unknownOnSilence = []corev1.NodeConditionType{corev1.NodeReady, corev1.NodeMemoryPressure, corev1.NodeDiskPressure, corev1.NodePIDPressure}

// condition returns the condition of type t in status, or nil.
func condition(status *corev1.NodeStatus, t corev1.NodeConditionType) *corev1.NodeCondition {
	for i := range status.Conditions {
		if status.Conditions[i].Type == t {
			return &status.Conditions[i]
		}
	}
	return nil
}

// observe returns what the controller knows of node after seeing it (and its lease, if any) at now,
// given what it knew before (nil for a node it has not seen).
func observe(node *corev1.Node, saved *health, lease *coordinationv1.Lease, now time.Time) *health {
	current := condition(&node.Status, corev1.NodeReady)
	var next *health
	switch {
	case current == nil && saved == nil:
		// A node that never reported is as old as its creation.
		next = &health{probe: node.CreationTimestamp.Time}
	case saved == nil:
		next = &health{probe: now}
	default:
		copied := *saved
		next = &copied
		savedReady := condition(&saved.status, corev1.NodeReady)
		switch {
		case current == nil && savedReady == nil:
		case current == nil || savedReady == nil:
			// The Ready condition appeared (the controller restarted, or the kubelet reported for the
			// first time) or vanished: start over from now.
			next = &health{probe: now, lease: saved.lease}
		case !savedReady.LastHeartbeatTime.Equal(&current.LastHeartbeatTime):
			next.probe = now
		}
	}
	next.status = *node.Status.DeepCopy()
	// A renewed lease is a sign of life even from a kubelet that never posted its status.
	if lease != nil && (next.lease == nil || next.lease.Spec.RenewTime.Before(lease.Spec.RenewTime)) {
		next.lease = lease
		next.probe = now
	}
	return next
}

// gracePeriod is how long a node may stay silent: the startup grace period until it has reported
// Ready at all, the monitor grace period afterwards.
func gracePeriod(node *corev1.Node, startup, monitor time.Duration) time.Duration {
	if condition(&node.Status, corev1.NodeReady) == nil {
		return startup
	}
	return monitor
}

// markUnknown sets the conditions of a silent node Unknown at now: those it never reported with
// NodeStatusNeverUpdated, the others with NodeStatusUnknown, keeping the transition time of those that
// were Unknown already.
func markUnknown(node *corev1.Node, now metav1.Time) {
	for _, t := range unknownOnSilence {
		c := condition(&node.Status, t)
		if c == nil {
			node.Status.Conditions = append(node.Status.Conditions, corev1.NodeCondition{
				Type:               t,
				Status:             corev1.ConditionUnknown,
				Reason:             reasonNeverUpdated,
				Message:            messageNeverUpdated,
				LastHeartbeatTime:  node.CreationTimestamp,
				LastTransitionTime: now,
			})
			continue
		}
		if c.Status != corev1.ConditionUnknown {
			c.Status = corev1.ConditionUnknown
			c.Reason = reasonUnknown
			c.Message = messageUnknown
			c.LastTransitionTime = now
		}
	}
}
