package podcontrol

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// testPod is a pod in phase, being deleted or not, whose Ready condition has status since readySince.
func testPod(phase corev1.PodPhase, deleting bool, ready corev1.ConditionStatus, readySince time.Time) *corev1.Pod {
	p := &corev1.Pod{Status: corev1.PodStatus{Phase: phase}}
	if deleting {
		p.DeletionTimestamp = &metav1.Time{Time: readySince}
	}
	if ready != "" {
		p.Status.Conditions = []corev1.PodCondition{
			{Type: corev1.PodScheduled, Status: corev1.ConditionTrue},
			{Type: corev1.PodReady, Status: ready, LastTransitionTime: metav1.Time{Time: readySince}},
		}
	}
	return p
}

func TestPredicates(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name                                  string
		pod                                   *corev1.Pod
		minReadySeconds                       int32
		active, terminating, ready, available bool
	}{
		{name: "pending", pod: testPod(corev1.PodPending, false, "", now), active: true},
		{name: "running not ready", pod: testPod(corev1.PodRunning, false, corev1.ConditionFalse, now), active: true},
		{name: "ready", pod: testPod(corev1.PodRunning, false, corev1.ConditionTrue, now), active: true, ready: true, available: true},
		{name: "ready, not long enough", pod: testPod(corev1.PodRunning, false, corev1.ConditionTrue, now.Add(-5*time.Second)), minReadySeconds: 10, active: true, ready: true},
		{name: "ready long enough", pod: testPod(corev1.PodRunning, false, corev1.ConditionTrue, now.Add(-11*time.Second)), minReadySeconds: 10, active: true, ready: true, available: true},
		{name: "ready without a time", pod: testPod(corev1.PodRunning, false, corev1.ConditionTrue, time.Time{}), minReadySeconds: 10, active: true, ready: true},
		{name: "terminating", pod: testPod(corev1.PodRunning, true, corev1.ConditionTrue, now), terminating: true, ready: true, available: true},
		{name: "succeeded", pod: testPod(corev1.PodSucceeded, false, "", now)},
		{name: "failed while deleted", pod: testPod(corev1.PodFailed, true, "", now)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsActive(tt.pod); got != tt.active {
				t.Errorf("IsActive() = %v, want %v", got, tt.active)
			}
			if got := IsTerminating(tt.pod); got != tt.terminating {
				t.Errorf("IsTerminating() = %v, want %v", got, tt.terminating)
			}
			if got := IsReady(tt.pod); got != tt.ready {
				t.Errorf("IsReady() = %v, want %v", got, tt.ready)
			}
			if got := IsAvailable(tt.pod, tt.minReadySeconds, now); got != tt.available {
				t.Errorf("IsAvailable() = %v, want %v", got, tt.available)
			}
		})
	}
}
