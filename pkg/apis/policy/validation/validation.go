// Package validation checks policy/v1 PodDisruptionBudgets as kube-apiserver does, with its
// messages and field paths.
package validation

import (
	"strconv"
	"strings"

	policyv1 "k8s.io/api/policy/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/sets"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

var supportedUnhealthyPodEvictionPolicies = sets.New(string(policyv1.IfHealthyBudget), string(policyv1.AlwaysAllow))

// ValidatePodDisruptionBudget checks a budget's spec, on create and on update alike: since 1.15 the
// spec may change. allowInvalidSelectorValue keeps a selector the old budget already had valid.
// Like upstream it leaves the name to the generic path-segment check, with no DNS rule.
func ValidatePodDisruptionBudget(pdb *policyv1.PodDisruptionBudget, allowInvalidSelectorValue bool) field.ErrorList {
	spec, fldPath := pdb.Spec, field.NewPath("spec")
	var allErrs field.ErrorList
	if spec.MinAvailable != nil && spec.MaxUnavailable != nil {
		allErrs = append(allErrs, field.Invalid(fldPath, corevalidation.InternalShape(spec), "minAvailable and maxUnavailable cannot be both set"))
	}
	if spec.MinAvailable != nil {
		allErrs = append(allErrs, validateIntOrPercent(*spec.MinAvailable, fldPath.Child("minAvailable"))...)
	}
	if spec.MaxUnavailable != nil {
		allErrs = append(allErrs, validateIntOrPercent(*spec.MaxUnavailable, fldPath.Child("maxUnavailable"))...)
	}
	opts := metav1validation.LabelSelectorValidationOptions{AllowInvalidLabelValueInSelector: allowInvalidSelectorValue}
	allErrs = append(allErrs, metav1validation.ValidateLabelSelector(spec.Selector, opts, fldPath.Child("selector"))...)
	if p := spec.UnhealthyPodEvictionPolicy; p != nil && !supportedUnhealthyPodEvictionPolicies.Has(string(*p)) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("unhealthyPodEvictionPolicy"), *p, sets.List(supportedUnhealthyPodEvictionPolicies)))
	}
	return allErrs
}

// validateIntOrPercent accepts a non-negative count or a percentage of at most 100%.
func validateIntOrPercent(v intstr.IntOrString, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	switch v.Type {
	case intstr.String:
		for _, msg := range utilvalidation.IsValidPercent(v.StrVal) {
			allErrs = append(allErrs, field.Invalid(fldPath, v, msg))
		}
		if percent, err := strconv.Atoi(strings.TrimSuffix(v.StrVal, "%")); err == nil && strings.HasSuffix(v.StrVal, "%") && percent > 100 {
			allErrs = append(allErrs, field.Invalid(fldPath, v, "must not be greater than 100%"))
		}
	case intstr.Int:
		allErrs = append(allErrs, apimachineryvalidation.ValidateNonnegativeField(int64(v.IntValue()), fldPath)...)
	default:
		allErrs = append(allErrs, field.Invalid(fldPath, v, "must be an integer or percentage (e.g '5%')"))
	}
	return allErrs
}

// ValidatePodDisruptionBudgetStatusUpdate checks a write of a budget's status: valid conditions and
// no negative count.
func ValidatePodDisruptionBudgetStatusUpdate(pdb, old *policyv1.PodDisruptionBudget) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&pdb.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	status, fldPath := pdb.Status, field.NewPath("status")
	allErrs = append(allErrs, metav1validation.ValidateConditions(status.Conditions, fldPath.Child("conditions"))...)
	for _, f := range []struct {
		name  string
		value int32
	}{
		{"disruptionsAllowed", status.DisruptionsAllowed},
		{"currentHealthy", status.CurrentHealthy},
		{"desiredHealthy", status.DesiredHealthy},
		{"expectedPods", status.ExpectedPods},
	} {
		allErrs = append(allErrs, apimachineryvalidation.ValidateNonnegativeField(int64(f.value), fldPath.Child(f.name))...)
	}
	return allErrs
}
