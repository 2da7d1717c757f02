package pod

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestAssignToNode(t *testing.T) {
	deleting := metav1.NewTime(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	earlier := metav1.NewTime(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	tests := []struct {
		name        string
		pod         corev1.Pod
		annotations map[string]string
		labels      map[string]string
		wantErr     string
		want        corev1.Pod
	}{
		{
			name:    "pod being deleted",
			pod:     corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", DeletionTimestamp: &deleting}},
			wantErr: "pod p is being deleted, cannot be assigned to a host",
		},
		{
			name:    "pod already bound",
			pod:     corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p"}, Spec: corev1.PodSpec{NodeName: "node-1"}},
			wantErr: `pod p is already assigned to node "node-1"`,
		},
		{
			name:    "pod with scheduling gates",
			pod:     corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p"}, Spec: corev1.PodSpec{SchedulingGates: []corev1.PodSchedulingGate{{Name: "g"}}}},
			wantErr: "pod p has non-empty .spec.schedulingGates",
		},
		{
			name: "first binding adds PodScheduled",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "p"},
				Status:     corev1.PodStatus{Phase: corev1.PodPending, NominatedNodeName: "node-9"},
			},
			want: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "p"},
				Spec:       corev1.PodSpec{NodeName: "node-2"},
				Status: corev1.PodStatus{
					Phase:      corev1.PodPending,
					Conditions: []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionTrue}},
				},
			},
		},
		{
			name: "annotations and labels merge over the pod's and an unschedulable condition is replaced",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{
					Name:        "p",
					Annotations: map[string]string{"keep": "1", "over": "old"},
					Labels:      map[string]string{"app": "web", "topology.kubernetes.io/zone": "old"},
				},
				Status: corev1.PodStatus{Conditions: []corev1.PodCondition{
					{Type: corev1.PodReady, Status: corev1.ConditionFalse},
					{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: "Unschedulable", Message: "0/3 nodes are available", LastTransitionTime: earlier},
				}},
			},
			annotations: map[string]string{"over": "new", "added": "2"},
			labels:      map[string]string{"topology.kubernetes.io/zone": "z1"},
			want: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{
					Name:        "p",
					Annotations: map[string]string{"keep": "1", "over": "new", "added": "2"},
					Labels:      map[string]string{"app": "web", "topology.kubernetes.io/zone": "z1"},
				},
				Spec: corev1.PodSpec{NodeName: "node-2"},
				Status: corev1.PodStatus{Conditions: []corev1.PodCondition{
					{Type: corev1.PodReady, Status: corev1.ConditionFalse},
					{Type: corev1.PodScheduled, Status: corev1.ConditionTrue},
				}},
			},
		},
		{
			name:   "labels on a pod without any",
			pod:    corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p"}},
			labels: map[string]string{"topology.kubernetes.io/region": "r1"},
			want: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "p", Labels: map[string]string{"topology.kubernetes.io/region": "r1"}},
				Spec:       corev1.PodSpec{NodeName: "node-2"},
				Status:     corev1.PodStatus{Conditions: []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionTrue}}},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pod := tc.pod.DeepCopy()
			before := metav1.Now().Rfc3339Copy()
			err := AssignToNode(pod, "node-2", tc.annotations, tc.labels)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("error = %v, want %q", err, tc.wantErr)
				}
				if diff := cmp.Diff(&tc.pod, pod); diff != "" {
					t.Errorf("a refused binding changed the pod (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if diff := cmp.Diff(tc.want, *pod, ignoreTransitionTimes); diff != "" {
				t.Errorf("pod (-want +got):\n%s", diff)
			}
			for _, c := range pod.Status.Conditions {
				if c.Type == corev1.PodScheduled && c.LastTransitionTime.Before(&before) {
					t.Errorf("PodScheduled lastTransitionTime = %v, want now", c.LastTransitionTime)
				}
			}
		})
	}
}

func TestSetPodConditionKeepsTransitionTimeWhenStatusIsUnchanged(t *testing.T) {
	earlier := metav1.NewTime(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	status := &corev1.PodStatus{Conditions: []corev1.PodCondition{
		{Type: corev1.PodScheduled, Status: corev1.ConditionTrue, Reason: "Old", LastTransitionTime: earlier},
	}}
	setPodCondition(status, corev1.PodCondition{Type: corev1.PodScheduled, Status: corev1.ConditionTrue})
	want := []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionTrue, LastTransitionTime: earlier}}
	if diff := cmp.Diff(want, status.Conditions); diff != "" {
		t.Errorf("conditions (-want +got):\n%s", diff)
	}
}
