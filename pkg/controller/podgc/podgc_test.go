package podgc

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func pod(name string, phase corev1.PodPhase, created time.Time) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, CreationTimestamp: metav1.NewTime(created)},
		Status:     corev1.PodStatus{Phase: phase},
	}
}

func names(pods []*corev1.Pod) []string {
	var out []string
	for _, p := range pods {
		out = append(out, p.Name)
	}
	return out
}

func TestOverThreshold(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	evictedPod := pod("evicted", corev1.PodFailed, t0.Add(3*time.Hour))
	evictedPod.Status.Reason = "Evicted"
	pods := []*corev1.Pod{
		pod("running", corev1.PodRunning, t0),
		pod("new-done", corev1.PodSucceeded, t0.Add(2*time.Hour)),
		pod("old-failed", corev1.PodFailed, t0),
		pod("b-same-time", corev1.PodSucceeded, t0.Add(time.Hour)),
		pod("a-same-time", corev1.PodSucceeded, t0.Add(time.Hour)),
		evictedPod,
		pod("pending", corev1.PodPending, t0),
	}
	tests := []struct {
		threshold int
		want      []string
	}{
		{threshold: 5, want: nil},
		{threshold: 4, want: []string{"evicted"}},
		{threshold: 2, want: []string{"evicted", "old-failed", "a-same-time"}},
		{threshold: 0, want: []string{"evicted", "old-failed", "a-same-time", "b-same-time", "new-done"}},
	}
	for _, tt := range tests {
		got := names(overThreshold(pods, tt.threshold))
		if len(got) != len(tt.want) {
			t.Errorf("threshold %d: collected %v, want %v", tt.threshold, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("threshold %d: collected %v, want %v", tt.threshold, got, tt.want)
				break
			}
		}
	}
}

func TestUnscheduledTerminating(t *testing.T) {
	now := metav1.Now()
	unscheduled := pod("unscheduled", corev1.PodPending, now.Time)
	unscheduled.DeletionTimestamp = &now
	bound := unscheduled.DeepCopy()
	bound.Name, bound.Spec.NodeName = "bound", "node-1"
	live := pod("live", corev1.PodPending, now.Time)
	got := names(unscheduledTerminating([]*corev1.Pod{unscheduled, bound, live}))
	if len(got) != 1 || got[0] != "unscheduled" {
		t.Errorf("collected %v, want only the unscheduled terminating pod", got)
	}
}

func TestSetConditionKeepsTransitionTime(t *testing.T) {
	then := metav1.NewTime(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	status := corev1.PodStatus{Conditions: []corev1.PodCondition{{Type: corev1.DisruptionTarget, Status: corev1.ConditionTrue, LastTransitionTime: then}}}
	setCondition(&status, corev1.PodCondition{Type: corev1.DisruptionTarget, Status: corev1.ConditionTrue, Reason: "DeletionByPodGC"})
	if len(status.Conditions) != 1 || status.Conditions[0].Reason != "DeletionByPodGC" || !status.Conditions[0].LastTransitionTime.Equal(&then) {
		t.Errorf("conditions = %+v, want the reason replaced and the transition time kept", status.Conditions)
	}
}
