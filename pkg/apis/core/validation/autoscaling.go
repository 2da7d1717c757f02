package validation

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ValidateContainerResourceName reports a resource name a container cannot request: neither a
// standard container resource nor a native or extended domain-qualified one.
func ValidateContainerResourceName(value corev1.ResourceName, fldPath *field.Path) field.ErrorList {
	return validateContainerResourceName(value, fldPath)
}
