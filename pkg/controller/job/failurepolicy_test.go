package job

import (
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func failedPod(code int32, conditions ...corev1.PodCondition) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"},
		Status: corev1.PodStatus{
			Phase:      corev1.PodFailed,
			Conditions: conditions,
			ContainerStatuses: []corev1.ContainerStatus{
				{Name: "sidecar", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 0}}},
				{Name: "main", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: code}}},
			},
		},
	}
}

func TestMatchFailurePolicy(t *testing.T) {
	policy := &batchv1.PodFailurePolicy{Rules: []batchv1.PodFailurePolicyRule{
		{Action: batchv1.PodFailurePolicyActionIgnore, OnPodConditions: []batchv1.PodFailurePolicyOnPodConditionsPattern{{Type: corev1.DisruptionTarget, Status: corev1.ConditionTrue}}},
		{Action: batchv1.PodFailurePolicyActionFailJob, OnExitCodes: &batchv1.PodFailurePolicyOnExitCodesRequirement{ContainerName: ptr.To("main"), Operator: batchv1.PodFailurePolicyOnExitCodesOpIn, Values: []int32{42}}},
		{Action: batchv1.PodFailurePolicyActionCount, OnExitCodes: &batchv1.PodFailurePolicyOnExitCodesRequirement{Operator: batchv1.PodFailurePolicyOnExitCodesOpNotIn, Values: []int32{1, 2}}},
		{Action: batchv1.PodFailurePolicyActionFailIndex, OnExitCodes: &batchv1.PodFailurePolicyOnExitCodesRequirement{Operator: batchv1.PodFailurePolicyOnExitCodesOpIn, Values: []int32{2}}},
	}}
	disrupted := corev1.PodCondition{Type: corev1.DisruptionTarget, Status: corev1.ConditionTrue}
	tests := []struct {
		name    string
		pod     *corev1.Pod
		action  batchv1.PodFailurePolicyAction
		message string
		counts  bool
	}{
		{name: "disruption ignored", pod: failedPod(42, disrupted), action: batchv1.PodFailurePolicyActionIgnore},
		{name: "exit code fails the job", pod: failedPod(42), action: batchv1.PodFailurePolicyActionFailJob, counts: true,
			message: "Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 1"},
		{name: "NotIn counts", pod: failedPod(7), action: batchv1.PodFailurePolicyActionCount, counts: true},
		{name: "fails the index", pod: failedPod(2), action: batchv1.PodFailurePolicyActionFailIndex, counts: true},
		{name: "no rule", pod: failedPod(1), counts: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := matchFailurePolicy(policy, tt.pod)
			if m.action != tt.action || m.counts() != tt.counts || (tt.message != "" && m.failJobMessage != tt.message) {
				t.Errorf("got %+v (counts %v), want %s (counts %v) %q", m, m.counts(), tt.action, tt.counts, tt.message)
			}
		})
	}
}

func TestMatchFailurePolicyOnConditionMessage(t *testing.T) {
	policy := &batchv1.PodFailurePolicy{Rules: []batchv1.PodFailurePolicyRule{
		{Action: batchv1.PodFailurePolicyActionFailJob, OnPodConditions: []batchv1.PodFailurePolicyOnPodConditionsPattern{{Type: "ConfigIssue", Status: corev1.ConditionTrue}}},
	}}
	m := matchFailurePolicy(policy, failedPod(1, corev1.PodCondition{Type: "ConfigIssue", Status: corev1.ConditionTrue}))
	if want := "Pod ns/p has condition ConfigIssue matching FailJob rule at index 0"; m.failJobMessage != want {
		t.Errorf("got %q, want %q", m.failJobMessage, want)
	}
}
