package nodelifecycle

import (
	"testing"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

var (
	created = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	later   = created.Add(time.Hour)
)

func nodeWithReady(heartbeat time.Time, status corev1.ConditionStatus) *corev1.Node {
	return &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: "n", CreationTimestamp: metav1.NewTime(created)},
		Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{{
			Type: corev1.NodeReady, Status: status, LastHeartbeatTime: metav1.NewTime(heartbeat), LastTransitionTime: metav1.NewTime(created),
		}}},
	}
}

func leaseRenewed(at time.Time) *coordinationv1.Lease {
	return &coordinationv1.Lease{Spec: coordinationv1.LeaseSpec{RenewTime: &metav1.MicroTime{Time: at}}}
}

func TestObserve(t *testing.T) {
	bare := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n", CreationTimestamp: metav1.NewTime(created)}}
	seen := observe(nodeWithReady(created, corev1.ConditionTrue), nil, leaseRenewed(created), created)

	for _, tc := range []struct {
		name  string
		node  *corev1.Node
		saved *health
		lease *coordinationv1.Lease
		want  time.Time
	}{
		{name: "a node that never reported is as old as its creation", node: bare, want: created},
		{name: "a node seen for the first time is fresh", node: nodeWithReady(created, corev1.ConditionTrue), want: later},
		{name: "the same heartbeat and lease are no sign of life", node: nodeWithReady(created, corev1.ConditionTrue), saved: seen, lease: leaseRenewed(created), want: created},
		{name: "a new heartbeat is a sign of life", node: nodeWithReady(later, corev1.ConditionTrue), saved: seen, lease: leaseRenewed(created), want: later},
		{name: "a renewed lease is a sign of life", node: nodeWithReady(created, corev1.ConditionTrue), saved: seen, lease: leaseRenewed(later), want: later},
		{name: "a lease renews a node that never reported", node: bare, saved: observe(bare, nil, nil, created), lease: leaseRenewed(later), want: later},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := observe(tc.node, tc.saved, tc.lease, later)
			if !got.probe.Equal(tc.want) {
				t.Errorf("probe = %v, want %v", got.probe, tc.want)
			}
		})
	}
}

func TestGracePeriod(t *testing.T) {
	bare := &corev1.Node{}
	if got := gracePeriod(bare, time.Minute, 50*time.Second); got != time.Minute {
		t.Errorf("a node that never reported gets %v, want the startup grace period", got)
	}
	if got := gracePeriod(nodeWithReady(created, corev1.ConditionTrue), time.Minute, 50*time.Second); got != 50*time.Second {
		t.Errorf("a node that reported gets %v, want the monitor grace period", got)
	}
}

func TestMarkUnknown(t *testing.T) {
	now := metav1.NewTime(later)
	node := nodeWithReady(created, corev1.ConditionTrue)
	node.Status.Conditions = append(node.Status.Conditions,
		corev1.NodeCondition{Type: corev1.NodeMemoryPressure, Status: corev1.ConditionUnknown, Reason: "Earlier", LastTransitionTime: metav1.NewTime(created)},
		corev1.NodeCondition{Type: corev1.NodeNetworkUnavailable, Status: corev1.ConditionFalse},
	)
	markUnknown(node, now)

	for _, tc := range []struct {
		ct         corev1.NodeConditionType
		status     corev1.ConditionStatus
		reason     string
		transition time.Time
	}{
		{corev1.NodeReady, corev1.ConditionUnknown, "NodeStatusUnknown", later},
		{corev1.NodeMemoryPressure, corev1.ConditionUnknown, "Earlier", created},
		{corev1.NodeDiskPressure, corev1.ConditionUnknown, "NodeStatusNeverUpdated", later},
		{corev1.NodePIDPressure, corev1.ConditionUnknown, "NodeStatusNeverUpdated", later},
		{corev1.NodeNetworkUnavailable, corev1.ConditionFalse, "", time.Time{}},
	} {
		c := condition(&node.Status, tc.ct)
		if c == nil {
			t.Errorf("%s missing", tc.ct)
			continue
		}
		if c.Status != tc.status || c.Reason != tc.reason || !c.LastTransitionTime.Time.Equal(tc.transition) {
			t.Errorf("%s = %s %q since %v, want %s %q since %v", tc.ct, c.Status, c.Reason, c.LastTransitionTime, tc.status, tc.reason, tc.transition)
		}
	}
	if c := condition(&node.Status, corev1.NodeDiskPressure); !c.LastHeartbeatTime.Time.Equal(created) || c.Message != "Kubelet never posted node status." {
		t.Errorf("a condition never reported = %+v, want the creation time as heartbeat and upstream's message", c)
	}
	if c := condition(&node.Status, corev1.NodeReady); c.Message != "Kubelet stopped posting node status." {
		t.Errorf("Ready message = %q", c.Message)
	}
}
