package nodelifecycle

import (
	"context"
	"encoding/json"
	"slices"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/util/retry"
)

// The NoExecute taints of a node whose Ready condition is Unknown or False; they exclude each other,
// as the condition's states do.
var (
	unreachableTaint = corev1.Taint{Key: corev1.TaintNodeUnreachable, Effect: corev1.TaintEffectNoExecute}
	notReadyTaint    = corev1.Taint{Key: corev1.TaintNodeNotReady, Effect: corev1.TaintEffectNoExecute}
)

// conditionTaints maps a condition in a status to the key of the NoSchedule taint it brings.
var conditionTaints = map[corev1.NodeConditionType]map[corev1.ConditionStatus]string{
	corev1.NodeReady: {
		corev1.ConditionFalse:   corev1.TaintNodeNotReady,
		corev1.ConditionUnknown: corev1.TaintNodeUnreachable,
	},
	corev1.NodeMemoryPressure:     {corev1.ConditionTrue: corev1.TaintNodeMemoryPressure},
	corev1.NodeDiskPressure:       {corev1.ConditionTrue: corev1.TaintNodeDiskPressure},
	corev1.NodeNetworkUnavailable: {corev1.ConditionTrue: corev1.TaintNodeNetworkUnavailable},
	corev1.NodePIDPressure:        {corev1.ConditionTrue: corev1.TaintNodePIDPressure},
}

// managedNoScheduleKeys are the keys of the NoSchedule taints the controller owns: the condition
// taints and the unschedulable one.
var managedNoScheduleKeys = []string{
	corev1.TaintNodeNotReady, corev1.TaintNodeUnreachable, corev1.TaintNodeMemoryPressure, corev1.TaintNodeDiskPressure,
	corev1.TaintNodeNetworkUnavailable, corev1.TaintNodePIDPressure, corev1.TaintNodeUnschedulable,
}

// noScheduleTaints returns the NoSchedule taints node should have, from its conditions and
// spec.unschedulable, and those of them it lacks and those it has but should not.
func noScheduleTaints(node *corev1.Node) (add, remove []corev1.Taint) {
	var want []corev1.Taint
	for _, c := range node.Status.Conditions {
		if key, ok := conditionTaints[c.Type][c.Status]; ok {
			want = append(want, corev1.Taint{Key: key, Effect: corev1.TaintEffectNoSchedule})
		}
	}
	if node.Spec.Unschedulable {
		want = append(want, corev1.Taint{Key: corev1.TaintNodeUnschedulable, Effect: corev1.TaintEffectNoSchedule})
	}
	var have []corev1.Taint
	for _, t := range node.Spec.Taints {
		if t.Effect == corev1.TaintEffectNoSchedule && slices.Contains(managedNoScheduleKeys, t.Key) {
			have = append(have, t)
		}
	}
	for _, t := range want {
		if !hasTaint(have, t) {
			add = append(add, t)
		}
	}
	for _, t := range have {
		if !hasTaint(want, t) {
			remove = append(remove, t)
		}
	}
	return add, remove
}

// hasTaint reports whether taints hold one with t's key and effect.
func hasTaint(taints []corev1.Taint, t corev1.Taint) bool {
	return slices.ContainsFunc(taints, func(o corev1.Taint) bool { return o.MatchTaint(&t) })
}

// swapTaints returns taints with remove gone and add added (or replacing one of the same key and
// effect), each added one stamped with now, and whether anything changed.
func swapTaints(taints, add, remove []corev1.Taint, now metav1.Time) ([]corev1.Taint, bool) {
	out := slices.Clone(taints)
	changed := false
	for _, t := range remove {
		n := len(out)
		out = slices.DeleteFunc(out, func(o corev1.Taint) bool { return o.MatchTaint(&t) })
		changed = changed || len(out) != n
	}
	for _, t := range add {
		t.TimeAdded = &now
		if i := slices.IndexFunc(out, func(o corev1.Taint) bool { return o.MatchTaint(&t) }); i >= 0 {
			out[i] = t
		} else {
			out = append(out, t)
		}
		changed = true
	}
	return out, changed
}

// updateTaints adds and removes taints on the node called name, starting from node as the informer
// has it and re-reading it from the API when that copy is stale.
func updateTaints(ctx context.Context, client kubernetes.Interface, node *corev1.Node, add, remove []corev1.Taint, now metav1.Time) error {
	first := true
	return retry.RetryOnConflict(retry.DefaultBackoff, func() error {
		current := node
		if !first {
			var err error
			if current, err = client.CoreV1().Nodes().Get(ctx, node.Name, metav1.GetOptions{}); err != nil {
				return err
			}
		}
		first = false
		taints, changed := swapTaints(current.Spec.Taints, add, remove, now)
		if !changed {
			return nil
		}
		patch, err := json.Marshal(map[string]any{
			"metadata": map[string]any{"resourceVersion": current.ResourceVersion},
			"spec":     map[string]any{"taints": taints},
		})
		if err != nil {
			return err
		}
		_, err = client.CoreV1().Nodes().Patch(ctx, node.Name, types.MergePatchType, patch, metav1.PatchOptions{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		return err
	})
}
