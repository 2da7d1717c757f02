package validation

import (
	resourcev1 "k8s.io/api/resource/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// validateTolerations checks the values of device tolerations against their operator; keys,
// operators and effects are checked declaratively.
func validateTolerations(tolerations []resourcev1.DeviceToleration, fldPath *field.Path) field.ErrorList {
	return validateEach(tolerations, noLimit, func(t resourcev1.DeviceToleration, p *field.Path) field.ErrorList {
		switch t.Operator {
		case resourcev1.DeviceTolerationOpExists:
			if t.Value != "" {
				return field.ErrorList{field.Invalid(p.Child("value"), t.Value, "must be empty for operator `Exists`")}
			}
		case resourcev1.DeviceTolerationOpEqual:
			return validateLabelValue(t.Value, p.Child("value"))
		}
		return nil
	}, fldPath)
}

// validateDeviceTaint checks a taint's key and value; its effect is checked declaratively.
func validateDeviceTaint(taint resourcev1.DeviceTaint, fldPath *field.Path) field.ErrorList {
	allErrs := metav1validation.ValidateLabelName(taint.Key, fldPath.Child("key"))
	if taint.Value != "" {
		allErrs = append(allErrs, validateLabelValue(taint.Value, fldPath.Child("value"))...)
	}
	return allErrs
}

// ValidateDeviceTaintRule checks a new DeviceTaintRule.
func ValidateDeviceTaintRule(rule *resourcev1.DeviceTaintRule) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&rule.ObjectMeta, false, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	return append(allErrs, validateDeviceTaintRuleSpec(&rule.Spec, field.NewPath("spec"))...)
}

// ValidateDeviceTaintRuleUpdate checks an update of a DeviceTaintRule, whose spec may change.
func ValidateDeviceTaintRuleUpdate(rule, old *resourcev1.DeviceTaintRule) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&rule.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	return append(allErrs, validateDeviceTaintRuleSpec(&rule.Spec, field.NewPath("spec"))...)
}

func validateDeviceTaintRuleSpec(spec *resourcev1.DeviceTaintRuleSpec, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if s := spec.DeviceSelector; s != nil {
		selectorPath := fldPath.Child("deviceSelector")
		if s.Driver != nil {
			allErrs = append(allErrs, validateDriverName(*s.Driver, selectorPath.Child("driver"))...)
		}
		if s.Pool != nil {
			allErrs = append(allErrs, validatePoolName(*s.Pool, selectorPath.Child("pool"))...)
		}
		if s.Device != nil {
			allErrs = append(allErrs, validateDeviceName(*s.Device, selectorPath.Child("device"))...)
		}
	}
	return append(allErrs, validateDeviceTaint(spec.Taint, fldPath.Child("taint"))...)
}

// ValidateDeviceTaintRuleStatusUpdate checks a write of a DeviceTaintRule's status: well-formed
// conditions, at most eight of them.
func ValidateDeviceTaintRuleStatusUpdate(rule, old *resourcev1.DeviceTaintRule) field.ErrorList {
	conditionsPath := field.NewPath("status", "conditions")
	allErrs := corevalidation.ValidateObjectMetaUpdate(&rule.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	allErrs = append(allErrs, metav1validation.ValidateConditions(rule.Status.Conditions, conditionsPath)...)
	if n := len(rule.Status.Conditions); n > resourcev1.DeviceTaintRuleStatusMaxConditions {
		allErrs = append(allErrs, field.TooMany(conditionsPath, n, resourcev1.DeviceTaintRuleStatusMaxConditions))
	}
	return allErrs
}
