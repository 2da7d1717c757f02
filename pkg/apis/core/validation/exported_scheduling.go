package validation

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ValidateTolerations checks tolerations as a pod's are checked, for other groups that carry them
// (a RuntimeClass's scheduling).
func ValidateTolerations(tolerations []corev1.Toleration, fldPath *field.Path) field.ErrorList {
	return validateTolerations(tolerations, fldPath)
}

// ValidatePodFixedOverhead checks a fixed per-pod overhead as a pod's spec.overhead is checked: as
// the limits of a container's resources, reported under fldPath.
func ValidatePodFixedOverhead(overhead corev1.ResourceList, fldPath *field.Path) field.ErrorList {
	return validateContainerResourceRequirements(&corev1.ResourceRequirements{Limits: overhead}, nil, fldPath)
}

// ValidatePreemptionPolicy reports a preemption policy that is empty or neither PreemptLowerPriority
// nor Never.
func ValidatePreemptionPolicy(policy corev1.PreemptionPolicy, fldPath *field.Path) field.ErrorList {
	return validatePreemptionPolicy(policy, fldPath)
}
