package validation

import (
	corev1 "k8s.io/api/core/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation"
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
	return append(allErrs, validatePersistentVolumeClaimSpec(&template.Spec, validateClaimDataSource, fldPath.Child("spec"))...)
}

// validateClaimDataSource checks a claim template's dataSource or dataSourceRef: the core group may
// only supply PersistentVolumeClaims. It reports another core kind as Invalid, where a claim's own
// check (validateDataSource) reports it as NotSupported, as the tests of each pin.
func validateClaimDataSource(apiGroup *string, kind, name string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if len(name) == 0 {
		allErrs = append(allErrs, field.Required(fldPath.Child("name"), ""))
	}
	if len(kind) == 0 {
		allErrs = append(allErrs, field.Required(fldPath.Child("kind"), ""))
	}
	group := ""
	if apiGroup != nil {
		group = *apiGroup
	}
	if len(group) == 0 && kind != "PersistentVolumeClaim" {
		allErrs = append(allErrs, field.Invalid(fldPath, kind, "must be 'PersistentVolumeClaim' when referencing the default apiGroup"))
	}
	if len(group) > 0 {
		for _, msg := range validation.IsDNS1123Subdomain(group) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("apiGroup"), group, msg))
		}
	}
	return allErrs
}
