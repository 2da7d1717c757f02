package podadmission

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// VisitContainers calls visit with every container of spec, init containers first and ephemeral
// containers last, and its path, the order in which kube-apiserver reports their errors; it stops
// when visit returns false.
func VisitContainers(spec *corev1.PodSpec, visit func(c *corev1.Container, path *field.Path) bool) {
	specPath := field.NewPath("spec")
	for i := range spec.InitContainers {
		if !visit(&spec.InitContainers[i], specPath.Child("initContainers").Index(i)) {
			return
		}
	}
	for i := range spec.Containers {
		if !visit(&spec.Containers[i], specPath.Child("containers").Index(i)) {
			return
		}
	}
	for i := range spec.EphemeralContainers {
		c := (*corev1.Container)(&spec.EphemeralContainers[i].EphemeralContainerCommon)
		if !visit(c, specPath.Child("ephemeralContainers").Index(i)) {
			return
		}
	}
}
