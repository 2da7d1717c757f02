package nodelifecycle

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestNotReady(t *testing.T) {
	now := metav1.NewTime(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	ready := &corev1.Pod{Status: corev1.PodStatus{Conditions: []corev1.PodCondition{
		{Type: corev1.PodScheduled, Status: corev1.ConditionTrue},
		{Type: corev1.PodReady, Status: corev1.ConditionTrue, Reason: "kept"},
	}}}
	got := notReady(ready, now)
	if got == nil {
		t.Fatal("a ready pod was left ready")
	}
	if c := got.Status.Conditions[1]; c.Status != corev1.ConditionFalse || !c.LastTransitionTime.Equal(&now) || c.Reason != "kept" {
		t.Errorf("Ready condition = %+v, want False since now with its reason kept", c)
	}
	if ready.Status.Conditions[1].Status != corev1.ConditionTrue {
		t.Error("the informer's pod was modified")
	}
	if notReady(got, now) != nil {
		t.Error("a pod not ready already was updated")
	}
	if notReady(&corev1.Pod{}, now) != nil {
		t.Error("a pod without a Ready condition was updated")
	}
}
