package nodelifecycle

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func noSchedule(key string) corev1.Taint {
	return corev1.Taint{Key: key, Effect: corev1.TaintEffectNoSchedule}
}

func TestNoScheduleTaints(t *testing.T) {
	for _, tc := range []struct {
		name       string
		conditions map[corev1.NodeConditionType]corev1.ConditionStatus
		taints     []corev1.Taint
		unsched    bool
		add, del   []corev1.Taint
	}{
		{name: "healthy node", conditions: map[corev1.NodeConditionType]corev1.ConditionStatus{corev1.NodeReady: corev1.ConditionTrue, corev1.NodeMemoryPressure: corev1.ConditionFalse}},
		{name: "unknown", conditions: map[corev1.NodeConditionType]corev1.ConditionStatus{corev1.NodeReady: corev1.ConditionUnknown}, add: []corev1.Taint{noSchedule(corev1.TaintNodeUnreachable)}},
		{name: "not ready", conditions: map[corev1.NodeConditionType]corev1.ConditionStatus{corev1.NodeReady: corev1.ConditionFalse}, add: []corev1.Taint{noSchedule(corev1.TaintNodeNotReady)}},
		{
			name: "pressures and network",
			conditions: map[corev1.NodeConditionType]corev1.ConditionStatus{
				corev1.NodeMemoryPressure: corev1.ConditionTrue, corev1.NodeDiskPressure: corev1.ConditionTrue,
				corev1.NodePIDPressure: corev1.ConditionTrue, corev1.NodeNetworkUnavailable: corev1.ConditionTrue,
			},
			add: []corev1.Taint{noSchedule(corev1.TaintNodeDiskPressure), noSchedule(corev1.TaintNodeMemoryPressure), noSchedule(corev1.TaintNodeNetworkUnavailable), noSchedule(corev1.TaintNodePIDPressure)},
		},
		{name: "unschedulable", unsched: true, add: []corev1.Taint{noSchedule(corev1.TaintNodeUnschedulable)}},
		{
			name:       "recovered",
			conditions: map[corev1.NodeConditionType]corev1.ConditionStatus{corev1.NodeReady: corev1.ConditionTrue},
			taints:     []corev1.Taint{noSchedule(corev1.TaintNodeUnreachable), noSchedule(corev1.TaintNodeUnschedulable)},
			del:        []corev1.Taint{noSchedule(corev1.TaintNodeUnreachable), noSchedule(corev1.TaintNodeUnschedulable)},
		},
		{
			name:       "others' taints and NoExecute ones are left alone",
			conditions: map[corev1.NodeConditionType]corev1.ConditionStatus{corev1.NodeReady: corev1.ConditionTrue},
			taints:     []corev1.Taint{noSchedule("example.com/dedicated"), unreachableTaint},
		},
		{
			name:       "present already",
			conditions: map[corev1.NodeConditionType]corev1.ConditionStatus{corev1.NodeReady: corev1.ConditionUnknown},
			taints:     []corev1.Taint{{Key: corev1.TaintNodeUnreachable, Effect: corev1.TaintEffectNoSchedule, TimeAdded: &metav1.Time{}}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			node := &corev1.Node{Spec: corev1.NodeSpec{Taints: tc.taints, Unschedulable: tc.unsched}}
			// Conditions in a fixed order, as the taints come out in the conditions' order.
			for _, ct := range []corev1.NodeConditionType{corev1.NodeReady, corev1.NodeDiskPressure, corev1.NodeMemoryPressure, corev1.NodeNetworkUnavailable, corev1.NodePIDPressure} {
				if status, ok := tc.conditions[ct]; ok {
					node.Status.Conditions = append(node.Status.Conditions, corev1.NodeCondition{Type: ct, Status: status})
				}
			}
			add, del := noScheduleTaints(node)
			if diff := cmp.Diff(tc.add, add); diff != "" {
				t.Errorf("taints to add (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.del, del); diff != "" {
				t.Errorf("taints to remove (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSwapTaints(t *testing.T) {
	now := metav1.NewTime(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	old := metav1.NewTime(now.Add(-time.Hour))
	other := corev1.Taint{Key: "example.com/x", Value: "y", Effect: corev1.TaintEffectNoSchedule}
	stale := corev1.Taint{Key: corev1.TaintNodeNotReady, Effect: corev1.TaintEffectNoExecute, TimeAdded: &old}

	got, changed := swapTaints([]corev1.Taint{other, stale}, []corev1.Taint{unreachableTaint}, []corev1.Taint{notReadyTaint}, now)
	want := []corev1.Taint{other, {Key: corev1.TaintNodeUnreachable, Effect: corev1.TaintEffectNoExecute, TimeAdded: &now}}
	if !changed {
		t.Error("swapping not-ready for unreachable reported no change")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("taints (-want +got):\n%s", diff)
	}

	if _, changed := swapTaints([]corev1.Taint{other}, nil, []corev1.Taint{unreachableTaint, notReadyTaint}, now); changed {
		t.Error("removing absent taints reported a change")
	}
}
