package validation

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ValidatePersistentVolumeClaimSpec checks the spec of a claim template, such as a stateful set's,
// with the rules of a claim's spec.
func ValidatePersistentVolumeClaimSpec(spec *corev1.PersistentVolumeClaimSpec, fldPath *field.Path) field.ErrorList {
	return validatePersistentVolumeClaimSpec(spec, fldPath)
}
