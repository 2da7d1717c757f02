package disruption

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	testingclock "k8s.io/utils/clock/testing"
)

func TestStaleDisruption(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	c := &Controller{clock: testingclock.NewFakeClock(now), staleTimeout: 2 * time.Minute}
	pod := func(status corev1.ConditionStatus, reason string, since time.Duration) *corev1.Pod {
		return &corev1.Pod{Status: corev1.PodStatus{Phase: corev1.PodRunning, Conditions: []corev1.PodCondition{{
			Type: corev1.DisruptionTarget, Status: status, Reason: reason, LastTransitionTime: metav1.NewTime(now.Add(-since)),
		}}}}
	}
	deleting := pod(corev1.ConditionTrue, "EvictionByEvictionAPI", time.Hour)
	deleting.DeletionTimestamp = &metav1.Time{Time: now}
	failed := pod(corev1.ConditionTrue, "EvictionByEvictionAPI", time.Hour)
	failed.Status.Phase = corev1.PodFailed
	tests := []struct {
		name      string
		pod       *corev1.Pod
		wantStale bool
		wantAfter time.Duration
	}{
		{"evicted a minute ago", pod(corev1.ConditionTrue, "EvictionByEvictionAPI", time.Minute), true, time.Minute},
		{"evicted long ago", pod(corev1.ConditionTrue, "EvictionByEvictionAPI", time.Hour), true, 0},
		{"already reset", pod(corev1.ConditionFalse, "", time.Hour), false, 0},
		{"marked by the kubelet", pod(corev1.ConditionTrue, corev1.PodReasonTerminationByKubelet, time.Hour), false, 0},
		{"being deleted", deleting, false, 0},
		{"terminal", failed, false, 0},
		{"no condition", &corev1.Pod{}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stale, after := c.staleDisruption(tt.pod)
			if stale != tt.wantStale || after != tt.wantAfter {
				t.Errorf("staleDisruption = %v, %v; want %v, %v", stale, after, tt.wantStale, tt.wantAfter)
			}
		})
	}
}
