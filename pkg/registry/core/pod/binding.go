package pod

import (
	"fmt"
	"maps"

	corev1 "k8s.io/api/core/v1"
)

// AssignToNode applies a pods/binding to the stored pod: it sets spec.nodeName, clears the
// scheduler's status.nominatedNodeName, merges the binding's annotations and labels over the pod's,
// and marks the pod PodScheduled. A pod that is being deleted, is already bound, or still has
// scheduling gates is refused with the error kube-apiserver reports as a 409 on pods/binding.
func AssignToNode(pod *corev1.Pod, nodeName string, annotations, labels map[string]string) error {
	if pod.DeletionTimestamp != nil {
		return fmt.Errorf("pod %s is being deleted, cannot be assigned to a host", pod.Name)
	}
	if pod.Spec.NodeName != "" {
		return fmt.Errorf("pod %s is already assigned to node %q", pod.Name, pod.Spec.NodeName)
	}
	if len(pod.Spec.SchedulingGates) != 0 {
		return fmt.Errorf("pod %s has non-empty .spec.schedulingGates", pod.Name)
	}
	pod.Spec.NodeName = nodeName
	pod.Status.NominatedNodeName = ""
	pod.Annotations = mergeInto(pod.Annotations, annotations)
	pod.Labels = mergeInto(pod.Labels, labels)
	setPodCondition(&pod.Status, corev1.PodCondition{Type: corev1.PodScheduled, Status: corev1.ConditionTrue})
	return nil
}

// mergeInto copies src over dst, allocating dst only when there is something to copy.
func mergeInto(dst, src map[string]string) map[string]string {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = make(map[string]string, len(src))
	}
	maps.Copy(dst, src)
	return dst
}
