package validation

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ValidatePodSpecificAnnotations checks the annotations that carry pod settings (mirror pod,
// tolerations, deletion cost, seccomp, AppArmor), for templates whose pod spec is not otherwise
// validated, such as a stateful set's.
func ValidatePodSpecificAnnotations(annotations map[string]string, spec *corev1.PodSpec, fldPath *field.Path) field.ErrorList {
	return validatePodSpecificAnnotations(annotations, spec, fldPath)
}
