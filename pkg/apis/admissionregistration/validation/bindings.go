package validation

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/api/validation/path"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

var supportedValidationActions = sets.New(string(admissionregistrationv1.Deny), string(admissionregistrationv1.Warn), string(admissionregistrationv1.Audit))

// ValidateValidatingAdmissionPolicyBinding checks a ValidatingAdmissionPolicyBinding; an update is
// checked as a new binding.
func ValidateValidatingAdmissionPolicyBinding(b *admissionregistrationv1.ValidatingAdmissionPolicyBinding) field.ErrorList {
	allErrs := validateBinding(&b.ObjectMeta, b.Spec.PolicyName, b.Spec.ParamRef, b.Spec.MatchResources)
	return append(allErrs, validateValidationActions(b.Spec.ValidationActions, field.NewPath("spec", "validationActions"))...)
}

// ValidateMutatingAdmissionPolicyBinding checks a MutatingAdmissionPolicyBinding; an update is
// checked as a new binding.
func ValidateMutatingAdmissionPolicyBinding(b *admissionregistrationv1.MutatingAdmissionPolicyBinding) field.ErrorList {
	return validateBinding(&b.ObjectMeta, b.Spec.PolicyName, b.Spec.ParamRef, b.Spec.MatchResources)
}

func validateBinding(meta *metav1.ObjectMeta, policyName string, paramRef *admissionregistrationv1.ParamRef, match *admissionregistrationv1.MatchResources) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(meta, false, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	spec := field.NewPath("spec")
	if policyName == "" {
		allErrs = append(allErrs, field.Required(spec.Child("policyName"), ""))
	} else {
		for _, msg := range apimachineryvalidation.NameIsDNSSubdomain(policyName, false) {
			allErrs = append(allErrs, field.Invalid(spec.Child("policyName"), policyName, msg))
		}
	}
	allErrs = append(allErrs, validateParamRef(paramRef, spec.Child("paramRef"))...)
	// kube-apiserver reports errors of spec.matchResources under this misspelled path.
	return append(allErrs, validateMatchResources(match, spec.Child("matchResouces"))...)
}

func validateParamRef(r *admissionregistrationv1.ParamRef, fldPath *field.Path) field.ErrorList {
	if r == nil {
		return nil
	}
	var allErrs field.ErrorList
	const exclusive = `name and selector are mutually exclusive`
	if r.Name != "" {
		for _, msg := range path.ValidatePathSegmentName(r.Name, false) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("name"), r.Name, msg))
		}
		if r.Selector != nil {
			allErrs = append(allErrs, field.Forbidden(fldPath.Child("name"), exclusive))
		}
	}
	if r.Selector != nil {
		allErrs = append(allErrs, metav1validation.ValidateLabelSelector(r.Selector, metav1validation.LabelSelectorValidationOptions{}, fldPath.Child("selector"))...)
		if r.Name != "" {
			allErrs = append(allErrs, field.Forbidden(fldPath.Child("selector"), exclusive))
		}
	}
	if r.Name == "" && r.Selector == nil {
		allErrs = append(allErrs, field.Required(fldPath, `one of name or selector must be specified`))
	}
	switch a := r.ParameterNotFoundAction; {
	case a == nil || *a == "":
		allErrs = append(allErrs, field.Required(fldPath.Child("parameterNotFoundAction"), ""))
	case *a != admissionregistrationv1.DenyAction && *a != admissionregistrationv1.AllowAction:
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("parameterNotFoundAction"), a, []string{string(admissionregistrationv1.DenyAction), string(admissionregistrationv1.AllowAction)}))
	}
	return allErrs
}

func validateValidationActions(actions []admissionregistrationv1.ValidationAction, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	seen := sets.New[string]()
	for i, a := range actions {
		if !supportedValidationActions.Has(string(a)) {
			allErrs = append(allErrs, field.NotSupported(fldPath.Index(i), a, sets.List(supportedValidationActions)))
		}
		if seen.Has(string(a)) {
			allErrs = append(allErrs, field.Duplicate(fldPath.Index(i), a))
		}
		seen.Insert(string(a))
	}
	if seen.Has(string(admissionregistrationv1.Deny)) && seen.Has(string(admissionregistrationv1.Warn)) {
		allErrs = append(allErrs, field.Invalid(fldPath, actions, "must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)"))
	}
	if len(seen) == 0 {
		allErrs = append(allErrs, field.Required(fldPath, "at least one validation action is required"))
	}
	return allErrs
}
