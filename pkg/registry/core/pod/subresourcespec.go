package pod

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// keepOnlySpecChanges turns newPod into the stored pod with only the spec changes keep carries over
// from the requested spec, as the spec-writing subresources (ephemeralcontainers, resize) do. The
// request's managed fields stay, since they record this write; the generation follows the spec.
func keepOnlySpecChanges(newPod, oldPod *corev1.Pod, keep func(kept, requested *corev1.PodSpec)) {
	requested := newPod.Spec
	newPod.Spec = *oldPod.Spec.DeepCopy()
	keep(&newPod.Spec, &requested)
	newPod.Status = oldPod.Status
	metav1.ResetObjectMetaForStatus(newPod, oldPod)
	bumpGenerationOnSpecChange(newPod, oldPod)
}
