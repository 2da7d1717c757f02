package disruption

import (
	"errors"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
)

func readyPod(name string, ready bool) *corev1.Pod {
	status := corev1.ConditionFalse
	if ready {
		status = corev1.ConditionTrue
	}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Status:     corev1.PodStatus{Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: status}}},
	}
}

func scaleOf(n int32) scaleFunc {
	return func([]*corev1.Pod) (int32, []string, error) { return n, nil, nil }
}

func TestDesired(t *testing.T) {
	pods := []*corev1.Pod{readyPod("a", true), readyPod("b", true), readyPod("c", false)}
	tests := []struct {
		name                   string
		minAvailable, maxUnav  *intstr.IntOrString
		scale                  scaleFunc
		wantExpected, wantDesi int32
	}{
		{name: "integer minAvailable counts the selected pods", minAvailable: ptr.To(intstr.FromInt32(2)), scale: scaleOf(10), wantExpected: 3, wantDesi: 2},
		{name: "percent minAvailable rounds up over the scale", minAvailable: ptr.To(intstr.FromString("50%")), scale: scaleOf(5), wantExpected: 5, wantDesi: 3},
		{name: "integer maxUnavailable is of the scale", maxUnav: ptr.To(intstr.FromInt32(1)), scale: scaleOf(4), wantExpected: 4, wantDesi: 3},
		{name: "percent maxUnavailable rounds up", maxUnav: ptr.To(intstr.FromString("30%")), scale: scaleOf(4), wantExpected: 4, wantDesi: 2},
		{name: "maxUnavailable above the scale wants none", maxUnav: ptr.To(intstr.FromInt32(9)), scale: scaleOf(4), wantExpected: 4, wantDesi: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdb := &policyv1.PodDisruptionBudget{Spec: policyv1.PodDisruptionBudgetSpec{MinAvailable: tt.minAvailable, MaxUnavailable: tt.maxUnav}}
			expected, desiredHealthy, _, err := desired(pdb, pods, tt.scale)
			if err != nil {
				t.Fatal(err)
			}
			if expected != tt.wantExpected || desiredHealthy != tt.wantDesi {
				t.Errorf("expected, desired = %d, %d; want %d, %d", expected, desiredHealthy, tt.wantExpected, tt.wantDesi)
			}
		})
	}
}

func TestDesiredScaleError(t *testing.T) {
	pdb := &policyv1.PodDisruptionBudget{Spec: policyv1.PodDisruptionBudgetSpec{MaxUnavailable: ptr.To(intstr.FromInt32(1))}}
	failing := func([]*corev1.Pod) (int32, []string, error) { return 0, nil, errors.New("found no controllers") }
	if _, _, _, err := desired(pdb, nil, failing); err == nil {
		t.Error("desired ignored the scale error")
	}
}

func TestDisruptedPodsAndHealthy(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	deleting := readyPod("deleting", true)
	deleting.DeletionTimestamp = &metav1.Time{Time: now}
	pods := []*corev1.Pod{readyPod("fresh", true), readyPod("old", true), readyPod("healthy", true), readyPod("unready", false), deleting}
	pdb := &policyv1.PodDisruptionBudget{Status: policyv1.PodDisruptionBudgetStatus{DisruptedPods: map[string]metav1.Time{
		"fresh":    {Time: now.Add(-time.Minute)},
		"old":      {Time: now.Add(-3 * time.Minute)},
		"deleting": {Time: now.Add(-time.Minute)},
		"gone":     {Time: now.Add(-time.Minute)},
	}}}
	kept, recheck, expired := disruptedPods(pdb, pods, now)
	if _, ok := kept["fresh"]; len(kept) != 1 || !ok {
		t.Errorf("kept = %v, want only the fresh eviction", kept)
	}
	if want := now.Add(time.Minute); recheck == nil || !recheck.Equal(want) {
		t.Errorf("recheck = %v, want %v", recheck, want)
	}
	if len(expired) != 1 || expired[0].Name != "old" {
		t.Errorf("expired = %v, want the old eviction's pod", expired)
	}
	// The old eviction's pod counts again; the fresh one's, the unready and the deleting do not.
	if got := healthyPods(pods, kept, now); got != 2 {
		t.Errorf("healthy = %d, want 2", got)
	}
}

func TestDisruptionsAllowed(t *testing.T) {
	tests := []struct{ healthy, desired, expected, want int32 }{
		{healthy: 3, desired: 2, expected: 3, want: 1},
		{healthy: 2, desired: 2, expected: 3, want: 0},
		{healthy: 1, desired: 2, expected: 3, want: 0},
		{healthy: 3, desired: 0, expected: 0, want: 0},
	}
	for _, tt := range tests {
		if got := disruptionsAllowed(tt.healthy, tt.desired, tt.expected); got != tt.want {
			t.Errorf("disruptionsAllowed(%d, %d, %d) = %d, want %d", tt.healthy, tt.desired, tt.expected, got, tt.want)
		}
	}
}
