package pod

import corev1 "k8s.io/api/core/v1"

// IsReady says whether a pod reports itself Ready, which is what makes it count as healthy for
// the READY column and for disruption budgets.
func IsReady(status corev1.PodStatus) bool {
	for _, c := range status.Conditions {
		if c.Type == corev1.PodReady && c.Status == corev1.ConditionTrue {
			return true
		}
	}
	return false
}
