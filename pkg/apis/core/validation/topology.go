package validation

import (
	corev1 "k8s.io/api/core/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ValidateTopologySelectorTerm checks one term of a StorageClass's allowedTopologies: each
// expression has a label key used once and a non-empty set of values. It also returns the term's
// values by key, so that the caller can find terms that say the same thing.
func ValidateTopologySelectorTerm(term corev1.TopologySelectorTerm, fldPath *field.Path) (map[string]sets.Set[string], field.ErrorList) {
	var allErrs field.ErrorList
	byKey := map[string]sets.Set[string]{}
	exprPath := fldPath.Child("matchLabelExpressions")
	for i, expr := range term.MatchLabelExpressions {
		idxPath := exprPath.Index(i)
		values, errs := validateTopologySelectorLabelRequirement(expr, idxPath)
		allErrs = append(allErrs, errs...)
		if _, seen := byKey[expr.Key]; seen {
			allErrs = append(allErrs, field.Duplicate(idxPath.Child("key"), expr.Key))
		}
		byKey[expr.Key] = values
	}
	return byKey, allErrs
}

func validateTopologySelectorLabelRequirement(expr corev1.TopologySelectorLabelRequirement, fldPath *field.Path) (sets.Set[string], field.ErrorList) {
	var allErrs field.ErrorList
	values := sets.New[string]()
	valuesPath := fldPath.Child("values")
	if len(expr.Values) == 0 {
		allErrs = append(allErrs, field.Required(valuesPath, ""))
	}
	for i, v := range expr.Values {
		if values.Has(v) {
			allErrs = append(allErrs, field.Duplicate(valuesPath.Index(i), v))
		}
		values.Insert(v)
	}
	allErrs = append(allErrs, metav1validation.ValidateLabelName(expr.Key, fldPath.Child("key"))...)
	return values, allErrs
}
