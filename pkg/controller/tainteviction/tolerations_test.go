package tainteviction

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func seconds(s int64) *int64 { return &s }

func TestTolerating(t *testing.T) {
	unreachable := corev1.Taint{Key: corev1.TaintNodeUnreachable, Effect: corev1.TaintEffectNoExecute}
	custom := corev1.Taint{Key: "example.com/x", Value: "a", Effect: corev1.TaintEffectNoExecute}
	forUnreachable := corev1.Toleration{Key: corev1.TaintNodeUnreachable, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: seconds(300)}
	everything := corev1.Toleration{Operator: corev1.TolerationOpExists}
	otherValue := corev1.Toleration{Key: "example.com/x", Operator: corev1.TolerationOpEqual, Value: "b"}

	if used, ok := tolerating([]corev1.Taint{unreachable, custom}, []corev1.Toleration{forUnreachable, everything}); !ok || len(used) != 2 || used[0] != forUnreachable || used[1] != everything {
		t.Errorf("tolerating = %v, %v; want the first matching toleration of each taint", used, ok)
	}
	if _, ok := tolerating([]corev1.Taint{custom}, []corev1.Toleration{otherValue}); ok {
		t.Error("a toleration of another value tolerated the taint")
	}
	if _, ok := tolerating([]corev1.Taint{custom}, nil); ok {
		t.Error("a pod without tolerations tolerated a taint")
	}
}

func TestTolerationTime(t *testing.T) {
	for _, tc := range []struct {
		name        string
		tolerations []corev1.Toleration
		want        time.Duration
	}{
		{name: "none", want: 0},
		{name: "no seconds", tolerations: []corev1.Toleration{{}}, want: forever},
		{name: "the shortest", tolerations: []corev1.Toleration{{TolerationSeconds: seconds(30)}, {}, {TolerationSeconds: seconds(10)}}, want: 10 * time.Second},
		{name: "zero", tolerations: []corev1.Toleration{{TolerationSeconds: seconds(30)}, {TolerationSeconds: seconds(0)}}, want: 0},
		{name: "negative", tolerations: []corev1.Toleration{{TolerationSeconds: seconds(-5)}}, want: 0},
	} {
		if got := tolerationTime(tc.tolerations); got != tc.want {
			t.Errorf("%s: tolerationTime = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestWithCondition(t *testing.T) {
	now := metav1.NewTime(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	pod := &corev1.Pod{}
	if !withCondition(pod, disruptionTarget, now) {
		t.Fatal("adding the condition reported no change")
	}
	if c := pod.Status.Conditions[0]; c.Type != corev1.DisruptionTarget || c.Reason != "DeletionByTaintManager" || !c.LastTransitionTime.Equal(&now) {
		t.Errorf("condition = %+v", c)
	}
	if withCondition(pod, disruptionTarget, metav1.NewTime(now.Add(time.Hour))) {
		t.Error("setting the same condition again reported a change")
	}
	pod.Status.Conditions[0].Status = corev1.ConditionFalse
	later := metav1.NewTime(now.Add(time.Hour))
	if !withCondition(pod, disruptionTarget, later) || !pod.Status.Conditions[0].LastTransitionTime.Equal(&later) || len(pod.Status.Conditions) != 1 {
		t.Errorf("turning the condition True gave %+v", pod.Status.Conditions)
	}
}
