package validation

import (
	"fmt"
	"regexp"
	"strings"

	resourcev1 "k8s.io/api/resource/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apiresource "k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

const perDeviceFields = "exactly one of `nodeName`, `nodeSelector`, or `allNodes` is required when `perDeviceNodeSelection` is set to true in the ResourceSlice spec"

// validateDevice checks one device of a slice. Capacities and taints that are unchanged from old,
// the same device before the update, are not checked again.
func validateDevice(device resourcev1.Device, old *resourcev1.Device, perDevice bool, fldPath *field.Path) field.ErrorList {
	allErrs := validateDeviceName(device.Name, fldPath.Child("name"))

	// One error for the combined size says enough when any single map is too large.
	if n := len(device.Attributes) + len(device.Capacity); n > resourcev1.ResourceSliceMaxAttributesAndCapacitiesPerDevice {
		allErrs = append(allErrs, field.Invalid(fldPath, n, fmt.Sprintf("the total number of attributes and capacities must not exceed %d", resourcev1.ResourceSliceMaxAttributesAndCapacitiesPerDevice)))
	}
	if n := attributeValueCount(device); n > resourcev1.ResourceSliceMaxAttributeValuesPerDevice {
		allErrs = append(allErrs, field.Invalid(fldPath, n, fmt.Sprintf("the total number of attribute values must not exceed %d", resourcev1.ResourceSliceMaxAttributeValuesPerDevice)))
	}
	allErrs = append(allErrs, validateMap(device.Attributes, noLimit, attributeKeyMaxLength, validateQualifiedName, validateDeviceAttribute, fldPath.Child("attributes"))...)

	if old == nil || !apiequality.Semantic.DeepEqual(old.Capacity, device.Capacity) {
		validateCapacity := validateSingleAllocationCapacity
		if device.AllowMultipleAllocations != nil && *device.AllowMultipleAllocations {
			validateCapacity = validateMultiAllocationCapacity
		}
		allErrs = append(allErrs, validateMap(device.Capacity, noLimit, attributeKeyMaxLength, validateQualifiedName, validateCapacity, fldPath.Child("capacity"))...)
	}
	if old == nil || !apiequality.Semantic.DeepEqual(old.Taints, device.Taints) {
		allErrs = append(allErrs, validateEach(device.Taints, maxItems(resourcev1.DeviceTaintsMaxLength), validateDeviceTaint, fldPath.Child("taints"))...)
	}
	allErrs = append(allErrs, validateEach(device.ConsumesCounters, declaredMaxItems(resourcev1.ResourceSliceMaxDeviceCounterConsumptionsPerDevice), func(c resourcev1.DeviceCounterConsumption, p *field.Path) field.ErrorList {
		return validateMap(c.Counters, maxItems(resourcev1.ResourceSliceMaxCountersPerDeviceCounterConsumption), 0, nil, nil, p.Child("counters"))
	}, fldPath.Child("consumesCounters"))...)

	allErrs = append(allErrs, validateDeviceNodeSelection(device, perDevice, fldPath)...)
	return append(allErrs, validateBindingConditions(device.BindingConditions, device.BindingFailureConditions, fldPath)...)
}

// validateDeviceNodeSelection requires each device of a slice with per-device node selection to
// say in exactly one way which nodes reach it, and forbids the fields in any other slice.
func validateDeviceNodeSelection(device resourcev1.Device, perDevice bool, fldPath *field.Path) field.ErrorList {
	if !perDevice {
		if device.NodeName != nil || device.NodeSelector != nil || device.AllNodes != nil {
			return field.ErrorList{field.Invalid(fldPath, nil, "`nodeName`, `nodeSelector` and `allNodes` can only be set if `perDeviceNodeSelection` is set to true in the ResourceSlice spec")}
		}
		return nil
	}
	var set []string
	allErrs := validateNodeNameAndSelector(device.NodeName, device.NodeSelector, "must not be empty", &set, fldPath)
	allErrs = append(allErrs, trueIfSet(device.AllNodes, "`allNodes`", &set, fldPath.Child("allNodes"))...)
	switch len(set) {
	case 0:
		allErrs = append(allErrs, field.Required(fldPath, perDeviceFields))
	case 1:
	default:
		allErrs = append(allErrs, field.Invalid(fldPath, fmt.Sprintf("{%s}", strings.Join(set, ", ")), perDeviceFields))
	}
	return allErrs
}

// attributeValueCount counts the values of a device's attributes, each item of a list value
// separately.
func attributeValueCount(device resourcev1.Device) int {
	n := 0
	for _, a := range device.Attributes {
		items := len(a.BoolValues) + len(a.IntValues) + len(a.StringValues) + len(a.VersionValues)
		n += max(items, 1)
	}
	return n
}

// semverPattern is a version as semver.org 2.0.0 defines it: three numbers, then optional
// pre-release and build identifiers.
var semverPattern = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
	`(-(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?` +
	`(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?$`)

// validateDeviceAttribute checks the length of a string value and the form of a version; that an
// attribute has exactly one value is checked declaratively.
func validateDeviceAttribute(attribute resourcev1.DeviceAttribute, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if s := attribute.StringValue; s != nil && len(*s) > resourcev1.DeviceAttributeMaxValueLength {
		allErrs = append(allErrs, field.TooLong(fldPath.Child("string"), "", resourcev1.DeviceAttributeMaxValueLength))
	}
	if v := attribute.VersionValue; v != nil {
		allErrs = append(allErrs, validateVersion(*v, fldPath.Child("version"))...)
	}
	for _, list := range []struct {
		name       string
		set, empty bool
	}{
		{"bools", attribute.BoolValues != nil, len(attribute.BoolValues) == 0},
		{"ints", attribute.IntValues != nil, len(attribute.IntValues) == 0},
		{"strings", attribute.StringValues != nil, len(attribute.StringValues) == 0},
		{"versions", attribute.VersionValues != nil, len(attribute.VersionValues) == 0},
	} {
		if list.set && list.empty {
			allErrs = append(allErrs, field.Invalid(fldPath.Child(list.name), "[]", "must not be empty if specified"))
		}
	}
	for i, v := range attribute.VersionValues {
		allErrs = append(allErrs, validateVersion(v, fldPath.Child("versions").Index(i))...)
	}
	return allErrs
}

func validateVersion(v string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if !semverPattern.MatchString(v) {
		allErrs = append(allErrs, field.Invalid(fldPath, v, "must be a string compatible with semver.org spec 2.0.0"))
	}
	if len(v) > resourcev1.DeviceAttributeMaxValueLength {
		allErrs = append(allErrs, field.TooLong(fldPath, "", resourcev1.DeviceAttributeMaxValueLength))
	}
	return allErrs
}

// validateSingleAllocationCapacity forbids a request policy on a device that can be allocated
// only once: there is nothing to share.
func validateSingleAllocationCapacity(capacity resourcev1.DeviceCapacity, fldPath *field.Path) field.ErrorList {
	if capacity.RequestPolicy != nil {
		return field.ErrorList{field.Forbidden(fldPath.Child("requestPolicy"), "allowMultipleAllocations must be true")}
	}
	return nil
}

// validateMultiAllocationCapacity checks how a shareable device's capacity may be requested:
// either from a sorted list of values or from a range, with a default among them.
func validateMultiAllocationCapacity(capacity resourcev1.DeviceCapacity, fldPath *field.Path) field.ErrorList {
	policy := capacity.RequestPolicy
	if policy == nil {
		return nil
	}
	path := fldPath.Child("requestPolicy")
	switch {
	case len(policy.ValidValues) > 0 && policy.ValidRange != nil:
		return field.ErrorList{field.Forbidden(path, `exactly one policy can be specified, cannot specify "validValues" and "validRange" at the same time`)}
	case len(policy.ValidValues) > 0:
		if policy.Default == nil {
			return field.ErrorList{field.Required(path.Child("default"), "required when validValues is defined")}
		}
		return validateValidValues(*policy.Default, capacity.Value, policy.ValidValues, path.Child("validValues"))
	case policy.ValidRange != nil:
		if policy.Default == nil {
			return field.ErrorList{field.Required(path.Child("default"), "required when validRange is defined")}
		}
		return validateValidRange(*policy.Default, capacity.Value, *policy.ValidRange, path.Child("validRange"))
	}
	return nil
}

func validateValidValues(defaultValue, capacity apiresource.Quantity, values []apiresource.Quantity, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for i := 1; i < len(values); i++ {
		if values[i-1].Cmp(values[i]) > 0 {
			allErrs = append(allErrs, field.Invalid(fldPath.Index(i), values[i].String(), "values must be sorted in ascending order"))
		}
	}
	foundDefault := false
	allErrs = append(allErrs, validateUnique(values, noLimit, func(v apiresource.Quantity, p *field.Path) field.ErrorList {
		if v.Cmp(defaultValue) == 0 {
			foundDefault = true
		}
		if v.Cmp(capacity) > 0 {
			return field.ErrorList{field.Invalid(p, v.String(), fmt.Sprintf("option is larger than capacity value: %s", capacity.String()))}
		}
		return nil
	}, func(v apiresource.Quantity) string { return v.AsDec().String() }, fldPath)...)
	if !foundDefault {
		allErrs = append(allErrs, field.Invalid(fldPath, defaultValue.String(), "default value is not valid according to the requestPolicy"))
	}
	return allErrs
}

func validateValidRange(defaultValue, capacity apiresource.Quantity, r resourcev1.CapacityRequestPolicyRange, fldPath *field.Path) field.ErrorList {
	if r.Min == nil {
		return field.ErrorList{field.Required(fldPath.Child("min"), "required when validRange is defined")}
	}
	var allErrs field.ErrorList
	if r.Min.Cmp(capacity) > 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("min"), r.Min.String(), fmt.Sprintf("min is larger than capacity value: %s", capacity.String())))
	}
	if defaultValue.Cmp(*r.Min) < 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("default"), defaultValue.String(), fmt.Sprintf("default is less than min: %s", r.Min.String())))
	}
	if r.Max != nil {
		if r.Min.Cmp(*r.Max) > 0 {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("max"), r.Min.String(), fmt.Sprintf("min is larger than max: %s", r.Max.String())))
		}
		if r.Max.Cmp(capacity) > 0 {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("max"), r.Max.String(), fmt.Sprintf("max is larger than capacity value: %s", capacity.String())))
		}
		if defaultValue.Cmp(*r.Max) > 0 {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("default"), defaultValue.String(), fmt.Sprintf("default is more than max: %s", r.Max.String())))
		}
	}
	if r.Step == nil {
		return allErrs
	}
	if r.Step.Sign() <= 0 {
		return append(allErrs, field.Invalid(fldPath.Child("step"), r.Step.String(), "must be greater than zero"))
	}
	oneStep := r.Min.DeepCopy()
	oneStep.Add(*r.Step)
	if oneStep.Cmp(capacity) > 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("step"), r.Step.String(), fmt.Sprintf("one step %s is larger than capacity value: %s", oneStep.String(), capacity.String())))
	}
	// Fractional values are compared in milli-units, which a value finer than that cannot be;
	// whole values are compared as they are, which holds the largest capacities.
	milli := false
	for _, q := range []*apiresource.Quantity{&defaultValue, r.Min, r.Max, r.Step} {
		milli = milli || (q != nil && isFractional(*q))
	}
	if milli {
		for _, q := range []struct {
			name  string
			value *apiresource.Quantity
		}{{"default", &defaultValue}, {"min", r.Min}, {"max", r.Max}, {"step", r.Step}} {
			if q.value != nil && q.value.Cmp(*apiresource.NewMilliQuantity(q.value.MilliValue(), q.value.Format)) != 0 {
				return append(allErrs, field.Invalid(fldPath.Child(q.name), q.value.String(), "value cannot be represented as a milli value"))
			}
		}
	}
	allErrs = append(allErrs, validateStep(defaultValue, *r.Min, *r.Step, milli, fldPath.Child("step"))...)
	if r.Max != nil {
		allErrs = append(allErrs, validateStep(*r.Max, *r.Min, *r.Step, milli, fldPath.Child("step"))...)
	}
	return allErrs
}

func isFractional(q apiresource.Quantity) bool {
	return q.Cmp(*apiresource.NewQuantity(q.Value(), q.Format)) != 0
}

// validateStep requires value to be min plus a whole number of steps.
func validateStep(value, min, step apiresource.Quantity, milli bool, fldPath *field.Path) field.ErrorList {
	v, m, s := value.Value(), min.Value(), step.Value()
	if milli {
		v, m, s = value.MilliValue(), min.MilliValue(), step.MilliValue()
	}
	if s != 0 && (v-m)%s != 0 {
		return field.ErrorList{field.Invalid(fldPath, value.String(), fmt.Sprintf("value is not a multiple of a given step (%s) from (%s)", step.String(), min.String()))}
	}
	return nil
}
