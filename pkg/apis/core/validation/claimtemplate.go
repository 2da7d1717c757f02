package validation

import (
	corev1 "k8s.io/api/core/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// A generic ephemeral volume's claim template is checked the way upstream
// checks a PersistentVolumeClaim spec, since the claim created from it must
// be valid too.

// allowedClaimTemplateMetaFields are the only metadata a claim template may
// carry; the claim's name and namespace come from the pod.
var allowedClaimTemplateMetaFields = map[string]bool{
	"Annotations": true,
	"Labels":      true,
}

// validateClaimTemplate validates volumeClaimTemplate at fldPath.
func validateClaimTemplate(template *corev1.PersistentVolumeClaimTemplate, fldPath *field.Path) field.ErrorList {
	metaPath := fldPath.Child("metadata")
	allErrs := apimachineryvalidation.ValidateAnnotations(template.Annotations, metaPath.Child("annotations"))
	allErrs = append(allErrs, metav1validation.ValidateLabels(template.Labels, metaPath.Child("labels"))...)
	allErrs = append(allErrs, validateFieldAllowList(template.ObjectMeta, allowedClaimTemplateMetaFields, "cannot be set", metaPath)...)
	return append(allErrs, validatePersistentVolumeClaimSpec(&template.Spec, fldPath.Child("spec"))...)
}
