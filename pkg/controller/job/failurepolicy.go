package job

import (
	"fmt"
	"slices"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

// policyMatch is what a pod failure policy says about one failed pod.
type policyMatch struct {
	// action is the matching rule's action, or "" when no rule matched.
	action batchv1.PodFailurePolicyAction
	// failJobMessage explains a FailJob match in the Job's condition.
	failJobMessage string
}

// counts tells whether the failure counts towards the backoff limits: all but Ignore do.
func (m policyMatch) counts() bool { return m.action != batchv1.PodFailurePolicyActionIgnore }

// matchFailurePolicy applies the first rule of policy that matches the failed pod: an exit-code rule
// matches a terminated container (regular first, then init) with a non-zero code, a condition rule
// one of the pod's conditions.
func matchFailurePolicy(policy *batchv1.PodFailurePolicy, pod *corev1.Pod) policyMatch {
	if policy == nil {
		return policyMatch{}
	}
	for i, rule := range policy.Rules {
		switch {
		case rule.OnExitCodes != nil:
			status := matchingContainer(pod.Status.ContainerStatuses, rule.OnExitCodes)
			if status == nil {
				status = matchingContainer(pod.Status.InitContainerStatuses, rule.OnExitCodes)
			}
			if status != nil {
				return policyMatch{action: rule.Action, failJobMessage: fmt.Sprintf("Container %s for pod %s/%s failed with exit code %v matching %v rule at index %d",
					status.Name, pod.Namespace, pod.Name, status.State.Terminated.ExitCode, rule.Action, i)}
			}
		case rule.OnPodConditions != nil:
			if cond := matchingCondition(pod.Status.Conditions, rule.OnPodConditions); cond != nil {
				return policyMatch{action: rule.Action, failJobMessage: fmt.Sprintf("Pod %s/%s has condition %v matching %v rule at index %d",
					pod.Namespace, pod.Name, cond.Type, rule.Action, i)}
			}
		}
	}
	return policyMatch{}
}

func matchingContainer(statuses []corev1.ContainerStatus, req *batchv1.PodFailurePolicyOnExitCodesRequirement) *corev1.ContainerStatus {
	for i, s := range statuses {
		term := s.State.Terminated
		// A container still terminating has no exit code yet; exit code 0 is never a failure.
		if term == nil || term.ExitCode == 0 || (req.ContainerName != nil && *req.ContainerName != s.Name) {
			continue
		}
		in := slices.Contains(req.Values, term.ExitCode)
		if (req.Operator == batchv1.PodFailurePolicyOnExitCodesOpIn) == in {
			return &statuses[i]
		}
	}
	return nil
}

func matchingCondition(conditions []corev1.PodCondition, patterns []batchv1.PodFailurePolicyOnPodConditionsPattern) *corev1.PodCondition {
	for i, c := range conditions {
		for _, p := range patterns {
			if c.Type == p.Type && c.Status == p.Status {
				return &conditions[i]
			}
		}
	}
	return nil
}

// failJobMessage returns the message of the first failed pod a FailJob rule matches.
func failJobMessage(job *batchv1.Job, pods []*corev1.Pod) (string, bool) {
	if job.Spec.PodFailurePolicy == nil {
		return "", false
	}
	for _, p := range pods {
		if !isFailed(job, p) {
			continue
		}
		if m := matchFailurePolicy(job.Spec.PodFailurePolicy, p); m.action == batchv1.PodFailurePolicyActionFailJob {
			return m.failJobMessage, true
		}
	}
	return "", false
}
