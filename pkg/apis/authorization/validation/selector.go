package validation

import (
	"fmt"

	authorizationv1 "k8s.io/api/authorization/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// validateResourceAttributes checks the field and label selectors a review may carry.
func validateResourceAttributes(ra *authorizationv1.ResourceAttributes, path *field.Path) field.ErrorList {
	if ra == nil {
		return nil
	}
	var errs field.ErrorList
	if s := ra.FieldSelector; s != nil {
		p := path.Child("fieldSelector")
		errs = append(errs, validateSelectorForm(s.RawSelector, len(s.Requirements), p)...)
		// Requirements with operators this server does not know pass, so that newer clients can still
		// ask; the authorizer then sees a broader request, never a narrower one.
		opts := metav1validation.FieldSelectorValidationOptions{AllowUnknownOperatorInRequirement: true}
		for i, r := range s.Requirements {
			errs = append(errs, metav1validation.ValidateFieldSelectorRequirement(r, opts, p.Child("requirements").Index(i))...)
		}
	}
	if s := ra.LabelSelector; s != nil {
		p := path.Child("labelSelector")
		errs = append(errs, validateSelectorForm(s.RawSelector, len(s.Requirements), p)...)
		opts := metav1validation.LabelSelectorValidationOptions{AllowUnknownOperatorInRequirement: true}
		for i, r := range s.Requirements {
			errs = append(errs, metav1validation.ValidateLabelSelectorRequirement(r, opts, p.Child("requirements").Index(i))...)
		}
	}
	return errs
}

// validateSelectorForm requires exactly one of a raw selector and requirements.
func validateSelectorForm(raw string, requirements int, path *field.Path) field.ErrorList {
	switch {
	case raw != "" && requirements > 0:
		return field.ErrorList{field.Invalid(path.Child("rawSelector"), raw, "may not specified at the same time as requirements")}
	case raw == "" && requirements == 0:
		return field.ErrorList{field.Required(path.Child("requirements"), fmt.Sprintf("when %s is specified, requirements or rawSelector is required", path))}
	}
	return nil
}
