package validation

import (
	resourcev1 "k8s.io/api/resource/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// ValidateResourceClaimTemplate checks a new ResourceClaimTemplate: its metadata, the metadata
// its claims get (labels and annotations only) and their spec.
func ValidateResourceClaimTemplate(template *resourcev1.ResourceClaimTemplate) field.ErrorList {
	specPath := field.NewPath("spec")
	allErrs := corevalidation.ValidateObjectMeta(&template.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	allErrs = append(allErrs, corevalidation.ValidateTemplateObjectMeta(&template.Spec.ObjectMeta, specPath.Child("metadata"))...)
	return append(allErrs, validateClaimSpec(&template.Spec.Spec, specPath.Child("spec"))...)
}

// ValidateResourceClaimTemplateUpdate checks an update of a ResourceClaimTemplate, whose spec
// cannot change.
func ValidateResourceClaimTemplateUpdate(template, old *resourcev1.ResourceClaimTemplate) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&template.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	if !apiequality.Semantic.DeepEqual(template.Spec, old.Spec) {
		allErrs = append(allErrs, field.Invalid(field.NewPath("spec"), corevalidation.InternalShape(template.Spec), apimachineryvalidation.FieldImmutableErrorMsg))
	}
	return allErrs
}
