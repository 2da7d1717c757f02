package validation

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ValidatePodTemplate checks a new pod template.
func ValidatePodTemplate(template *corev1.PodTemplate) field.ErrorList {
	allErrs := validateObjectMeta(&template.ObjectMeta, true, validatePodName, field.NewPath("metadata"))
	return append(allErrs, ValidatePodTemplateSpec(&template.Template, field.NewPath("template"))...)
}

// ValidatePodTemplateUpdate checks an update of a pod template; unlike a pod's, its spec may change.
func ValidatePodTemplateUpdate(newTemplate, oldTemplate *corev1.PodTemplate) field.ErrorList {
	allErrs := validateObjectMetaUpdate(&newTemplate.ObjectMeta, &oldTemplate.ObjectMeta, field.NewPath("metadata"))
	return append(allErrs, ValidatePodTemplateSpec(&newTemplate.Template, field.NewPath("template"))...)
}
