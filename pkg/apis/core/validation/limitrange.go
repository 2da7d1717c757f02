package validation

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

var standardLimitRangeTypes = sets.New(
	string(corev1.LimitTypePod),
	string(corev1.LimitTypeContainer),
	string(corev1.LimitTypePersistentVolumeClaim),
)

// ValidateLimitRange checks a limit range, new or updated: each limit type once, known resource
// names, and min <= defaultRequest <= default <= max for every resource.
func ValidateLimitRange(lr *corev1.LimitRange) field.ErrorList {
	allErrs := validateObjectMeta(&lr.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	seenTypes := sets.New[corev1.LimitType]()
	limitsPath := field.NewPath("spec", "limits")
	for i := range lr.Spec.Limits {
		limit := &lr.Spec.Limits[i]
		idxPath := limitsPath.Index(i)
		allErrs = append(allErrs, validateLimitRangeTypeName(string(limit.Type), idxPath.Child("type"))...)
		if seenTypes.Has(limit.Type) {
			allErrs = append(allErrs, field.Duplicate(idxPath.Child("type"), limit.Type))
		}
		seenTypes.Insert(limit.Type)
		allErrs = append(allErrs, validateLimitRangeItem(limit, idxPath)...)
	}
	return allErrs
}

func validateLimitRangeItem(limit *corev1.LimitRangeItem, idxPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	keys := sets.New[corev1.ResourceName]()
	collect := func(list corev1.ResourceList, child string) {
		for name := range list {
			allErrs = append(allErrs, validateLimitRangeResourceName(limit.Type, name, idxPath.Child(child).Key(string(name)))...)
			keys.Insert(name)
		}
	}
	collect(limit.Max, "max")
	collect(limit.Min, "min")
	if limit.Type == corev1.LimitTypePod {
		if len(limit.Default) > 0 {
			allErrs = append(allErrs, field.Forbidden(idxPath.Child("default"), "may not be specified when `type` is 'Pod'"))
		}
		if len(limit.DefaultRequest) > 0 {
			allErrs = append(allErrs, field.Forbidden(idxPath.Child("defaultRequest"), "may not be specified when `type` is 'Pod'"))
		}
	} else {
		collect(limit.Default, "default")
		collect(limit.DefaultRequest, "defaultRequest")
	}
	if limit.Type == corev1.LimitTypePersistentVolumeClaim {
		_, hasMin := limit.Min[corev1.ResourceStorage]
		_, hasMax := limit.Max[corev1.ResourceStorage]
		if !hasMin && !hasMax {
			allErrs = append(allErrs, field.Required(idxPath.Child("limits"), "either minimum or maximum storage value is required, but neither was provided"))
		}
	}
	collect(limit.MaxLimitRequestRatio, "maxLimitRequestRatio")

	for _, name := range sets.List(keys) {
		allErrs = append(allErrs, validateLimitRangeBounds(limit, name, idxPath)...)
	}
	return allErrs
}

// validateLimitRangeBounds checks that one resource's bounds are ordered.
func validateLimitRangeBounds(limit *corev1.LimitRangeItem, name corev1.ResourceName, idxPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	key := string(name)
	minQ, hasMin := limit.Min[name]
	maxQ, hasMax := limit.Max[name]
	def, hasDefault := limit.Default[name]
	defReq, hasDefaultRequest := limit.DefaultRequest[name]
	ratio, hasRatio := limit.MaxLimitRequestRatio[name]
	if limit.Type == corev1.LimitTypePod {
		hasDefault, hasDefaultRequest = false, false
	}
	defReqPath := idxPath.Child("defaultRequest").Key(key)
	defPath := idxPath.Child("default").Key(key)
	ratioPath := idxPath.Child("maxLimitRequestRatio").Key(key)

	if hasMin && hasMax && minQ.Cmp(maxQ) > 0 {
		allErrs = append(allErrs, field.Invalid(idxPath.Child("min").Key(key), minQ, fmt.Sprintf("min value %s is greater than max value %s", minQ.String(), maxQ.String())))
	}
	if hasDefaultRequest && hasMin && minQ.Cmp(defReq) > 0 {
		allErrs = append(allErrs, field.Invalid(defReqPath, defReq, fmt.Sprintf("min value %s is greater than default request value %s", minQ.String(), defReq.String())))
	}
	if hasDefaultRequest && hasMax && defReq.Cmp(maxQ) > 0 {
		allErrs = append(allErrs, field.Invalid(defReqPath, defReq, fmt.Sprintf("default request value %s is greater than max value %s", defReq.String(), maxQ.String())))
	}
	if hasDefaultRequest && hasDefault && defReq.Cmp(def) > 0 {
		allErrs = append(allErrs, field.Invalid(defReqPath, defReq, fmt.Sprintf("default request value %s is greater than default limit value %s", defReq.String(), def.String())))
	}
	if hasDefault && hasMin && minQ.Cmp(def) > 0 {
		allErrs = append(allErrs, field.Invalid(defPath, minQ, fmt.Sprintf("min value %s is greater than default value %s", minQ.String(), def.String())))
	}
	if hasDefault && hasMax && def.Cmp(maxQ) > 0 {
		allErrs = append(allErrs, field.Invalid(defPath, maxQ, fmt.Sprintf("default value %s is greater than max value %s", def.String(), maxQ.String())))
	}
	if hasRatio && ratio.Cmp(*resource.NewQuantity(1, resource.DecimalSI)) < 0 {
		allErrs = append(allErrs, field.Invalid(ratioPath, ratio, fmt.Sprintf("ratio %s is less than 1", ratio.String())))
	}
	if hasRatio && hasMin && hasMax {
		ratioValue := float64(ratio.Value())
		minValue, maxValue := minQ.Value(), maxQ.Value()
		// Milli precision where it cannot overflow, so that fractional ratios compare exactly.
		if ratio.Value() < resource.MaxMilliValue && minValue < resource.MaxMilliValue && maxValue < resource.MaxMilliValue {
			ratioValue = float64(ratio.MilliValue()) / 1000
			minValue, maxValue = minQ.MilliValue(), maxQ.MilliValue()
		}
		maxRatio := float64(maxValue) / float64(minValue)
		if ratioValue > maxRatio {
			allErrs = append(allErrs, field.Invalid(ratioPath, ratio, fmt.Sprintf("ratio %s is greater than max/min = %f", ratio.String(), maxRatio)))
		}
	}
	// Resources that cannot be overcommitted need their default request to equal the default limit.
	if !isOvercommitAllowed(name) && hasDefault && hasDefaultRequest && def.Cmp(defReq) != 0 {
		allErrs = append(allErrs, field.Invalid(defReqPath, defReq, fmt.Sprintf("default value %s must equal to defaultRequest value %s in %s", def.String(), defReq.String(), key)))
	}
	return allErrs
}

func validateLimitRangeTypeName(value string, fldPath *field.Path) field.ErrorList {
	allErrs := validateQualifiedName(value, fldPath)
	if len(allErrs) != 0 {
		return allErrs
	}
	if !strings.Contains(value, "/") && !standardLimitRangeTypes.Has(value) {
		allErrs = append(allErrs, field.Invalid(fldPath, value, "must be a standard limit type or fully qualified"))
	}
	return allErrs
}

// validateLimitRangeResourceName allows only container resources for pods and containers; other
// limit types, such as claims, may also limit storage.
func validateLimitRangeResourceName(limitType corev1.LimitType, name corev1.ResourceName, fldPath *field.Path) field.ErrorList {
	switch limitType {
	case corev1.LimitTypePod, corev1.LimitTypeContainer:
		return validateContainerResourceName(name, fldPath)
	default:
		return validateResourceName(name, fldPath)
	}
}
