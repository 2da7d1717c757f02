package validation

import (
	"fmt"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/client-go/util/jsonpath"
)

// ValidateValidatingAdmissionPolicyStatusUpdate checks the status the type-checking controller
// writes: each warning names the field it is about.
func ValidateValidatingAdmissionPolicyStatusUpdate(p, old *admissionregistrationv1.ValidatingAdmissionPolicy) field.ErrorList {
	fldPath := field.NewPath("status")
	var allErrs field.ErrorList
	if tc := p.Status.TypeChecking; tc != nil {
		warnings := fldPath.Child("typeChecking", "expressionWarnings")
		for i, w := range tc.ExpressionWarnings {
			if w.Warning == "" {
				allErrs = append(allErrs, field.Required(warnings.Index(i).Child("warning"), ""))
			}
			allErrs = append(allErrs, validateFieldRef(w.FieldRef, warnings.Index(i).Child("fieldRef"))...)
		}
	}
	return append(allErrs, metav1validation.ValidateConditions(p.Status.Conditions, fldPath.Child("conditions"))...)
}

func validateFieldRef(fieldRef string, fldPath *field.Path) field.ErrorList {
	fieldRef = strings.TrimSpace(fieldRef)
	if fieldRef == "" {
		return field.ErrorList{field.Required(fldPath, "")}
	}
	// Only the syntax is checked, so that servers of other versions accept each other's paths.
	if err := jsonpath.New("spec").Parse(fmt.Sprintf("{%s}", fieldRef)); err != nil {
		return field.ErrorList{field.Invalid(fldPath, fieldRef, fmt.Sprintf("invalid JSONPath: %v", err))}
	}
	return nil
}
