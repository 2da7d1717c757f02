package validation

import (
	"strconv"

	corev1 "k8s.io/api/core/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

var nonnegative = apimachineryvalidation.ValidateNonnegativeField

// strictSelector rejects label values a selector could never match; workloads always required that.
var strictSelector = metav1validation.LabelSelectorValidationOptions{AllowInvalidLabelValueInSelector: false}

// validateWorkloadSelector checks a required, non-empty selector. kind names the workload in the
// message for an empty one; upstream says "deployment" for replica sets too.
func validateWorkloadSelector(selector *metav1.LabelSelector, kind string, fldPath *field.Path) field.ErrorList {
	if selector == nil {
		return field.ErrorList{field.Required(fldPath, "")}
	}
	errs := metav1validation.ValidateLabelSelector(selector, strictSelector, fldPath)
	if len(selector.MatchLabels)+len(selector.MatchExpressions) == 0 {
		errs = append(errs, field.Invalid(fldPath, selector, "empty selector is invalid for "+kind))
	}
	return errs
}

// validateReplicaSetPods is the selector and template check of replica sets and deployments: a
// required selector, and a valid pod template that carries its labels and restarts always. kind names
// the workload in the empty-selector message.
func validateReplicaSetPods(selector *metav1.LabelSelector, template *corev1.PodTemplateSpec, kind string, specPath *field.Path) field.ErrorList {
	errs := validateWorkloadSelector(selector, kind, specPath.Child("selector"))
	sel, err := metav1.LabelSelectorAsSelector(selector)
	if err != nil {
		return append(errs, field.Invalid(specPath.Child("selector"), selector, "invalid label selector"))
	}
	templatePath := specPath.Child("template")
	if !sel.Empty() && !sel.Matches(labels.Set(template.Labels)) {
		errs = append(errs, field.Invalid(templatePath.Child("metadata", "labels"), template.Labels, "`selector` does not match template `labels`"))
	}
	errs = append(errs, corevalidation.ValidatePodTemplateSpec(template, templatePath)...)
	errs = append(errs, validateRestartAlways(template, templatePath.Child("spec"))...)
	if template.Spec.ActiveDeadlineSeconds != nil {
		// Upstream words this "ReplicaSet" for deployments as well.
		errs = append(errs, field.Forbidden(templatePath.Child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in ReplicaSet is not Supported"))
	}
	return errs
}

// validateRestartAlways requires restartPolicy Always: controllers replace pods rather than let them finish.
func validateRestartAlways(template *corev1.PodTemplateSpec, specPath *field.Path) field.ErrorList {
	if template.Spec.RestartPolicy == corev1.RestartPolicyAlways {
		return nil
	}
	return field.ErrorList{field.NotSupported(specPath.Child("restartPolicy"), template.Spec.RestartPolicy, []string{string(corev1.RestartPolicyAlways)})}
}

// validateImmutableSelector refuses a changed selector: the controller would lose track of its pods.
func validateImmutableSelector(newSelector, oldSelector *metav1.LabelSelector) field.ErrorList {
	return apimachineryvalidation.ValidateImmutableField(newSelector, oldSelector, field.NewPath("spec", "selector"))
}

// validateCollisionCount refuses to lower status.collisionCount, which names new revisions uniquely.
func validateCollisionCount(newCount, oldCount *int32) field.ErrorList {
	if oldCount == nil || (newCount != nil && *newCount >= *oldCount) {
		return nil
	}
	var value int32
	if newCount != nil {
		value = *newCount
	}
	return field.ErrorList{field.Invalid(field.NewPath("status", "collisionCount"), value, "cannot be decremented")}
}

// namedCount is a status count and the field it is in.
type namedCount struct {
	name  string
	value int32
}

// validateReplicaSubsets reports the counts of a subset of a workload's replicas that exceed
// status.replicas, first those of others then ready and available ones, and available replicas that
// exceed ready ones, since an available replica is a ready one.
func validateReplicaSubsets(path *field.Path, replicas, ready, available int32, others ...namedCount) field.ErrorList {
	var errs field.ErrorList
	for _, c := range append(others, namedCount{"readyReplicas", ready}, namedCount{"availableReplicas", available}) {
		if c.value > replicas {
			errs = append(errs, field.Invalid(path.Child(c.name), c.value, "cannot be greater than status.replicas"))
		}
	}
	if available > ready {
		errs = append(errs, field.Invalid(path.Child("availableReplicas"), available, "cannot be greater than readyReplicas"))
	}
	return errs
}

// validateOptionalNonnegative checks a nonnegative optional count.
func validateOptionalNonnegative(value *int32, fldPath *field.Path) field.ErrorList {
	if value == nil {
		return nil
	}
	return nonnegative(int64(*value), fldPath)
}

// intOrPercent returns a defaulted int-or-percent, and the zero value for an unset one, as the
// internal types upstream validates have no pointer to be nil.
func intOrPercent(v *intstr.IntOrString) intstr.IntOrString {
	if v == nil {
		return intstr.IntOrString{}
	}
	return *v
}

// validatePositiveIntOrPercent accepts a nonnegative integer or a percentage string.
func validatePositiveIntOrPercent(v intstr.IntOrString, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch v.Type {
	case intstr.String:
		for _, msg := range utilvalidation.IsValidPercent(v.StrVal) {
			errs = append(errs, field.Invalid(fldPath, v, msg))
		}
	case intstr.Int:
		errs = append(errs, nonnegative(int64(v.IntValue()), fldPath)...)
	default:
		errs = append(errs, field.Invalid(fldPath, v, "must be an integer or percentage (e.g '5%%')"))
	}
	return errs
}

// percentValue returns the number of a valid percentage.
func percentValue(v intstr.IntOrString) (int, bool) {
	if v.Type != intstr.String || len(utilvalidation.IsValidPercent(v.StrVal)) != 0 {
		return 0, false
	}
	n, _ := strconv.Atoi(v.StrVal[:len(v.StrVal)-1])
	return n, true
}

// intOrPercentValue returns the number in v, whether count or percentage.
func intOrPercentValue(v intstr.IntOrString) int {
	if n, ok := percentValue(v); ok {
		return n
	}
	return v.IntValue()
}

// validateNotMoreThan100Percent rejects a percentage above 100%.
func validateNotMoreThan100Percent(v intstr.IntOrString, fldPath *field.Path) field.ErrorList {
	if n, ok := percentValue(v); ok && n > 100 {
		return field.ErrorList{field.Invalid(fldPath, v, "must not be greater than 100%")}
	}
	return nil
}
