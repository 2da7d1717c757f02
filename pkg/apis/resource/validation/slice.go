package validation

import (
	"fmt"
	"strings"

	resourcev1 "k8s.io/api/resource/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// ValidateResourceSlice checks a new ResourceSlice.
func ValidateResourceSlice(slice *resourcev1.ResourceSlice) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&slice.ObjectMeta, false, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	return append(allErrs, validateResourceSliceSpec(&slice.Spec, nil, field.NewPath("spec"))...)
}

// ValidateResourceSliceUpdate checks an update of a ResourceSlice: its driver, pool name and node
// name are fixed, everything else is checked as on create.
func ValidateResourceSliceUpdate(slice, old *resourcev1.ResourceSlice) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&slice.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	return append(allErrs, validateResourceSliceSpec(&slice.Spec, &old.Spec, field.NewPath("spec"))...)
}

func validateResourceSliceSpec(spec, old *resourcev1.ResourceSliceSpec, fldPath *field.Path) field.ErrorList {
	allErrs := validateDriverName(spec.Driver, fldPath.Child("driver"))
	allErrs = append(allErrs, validateResourcePool(spec.Pool, fldPath.Child("pool"))...)
	if old != nil {
		allErrs = append(allErrs, apimachineryvalidation.ValidateImmutableField(spec.Pool.Name, old.Pool.Name, fldPath.Child("pool", "name"))...)
		allErrs = append(allErrs, apimachineryvalidation.ValidateImmutableField(spec.Driver, old.Driver, fldPath.Child("driver"))...)
		allErrs = append(allErrs, apimachineryvalidation.ValidateImmutableField(spec.NodeName, old.NodeName, fldPath.Child("nodeName"))...)
	}
	allErrs = append(allErrs, validateNodeSelection(spec, fldPath)...)

	if spec.SharedCounters != nil && spec.Devices != nil {
		allErrs = append(allErrs, field.Invalid(fldPath, "", "only one of `sharedCounters` or `devices` is allowed"))
	}
	limit := resourcev1.ResourceSliceMaxDevices
	if usesAdvancedFeatures(spec) {
		limit = resourcev1.ResourceSliceMaxDevicesWithAdvancedFeatures
	}
	perDevice := spec.PerDeviceNodeSelection != nil && *spec.PerDeviceNodeSelection
	allErrs = append(allErrs, validateUnique(spec.Devices, maxItems(limit), func(d resourcev1.Device, p *field.Path) field.ErrorList {
		return validateDevice(d, lookupDevice(old, d.Name), perDevice, p)
	}, func(d resourcev1.Device) string { return d.Name }, fldPath.Child("devices"))...)
	allErrs = append(allErrs, validateEach(spec.SharedCounters, declaredMaxItems(resourcev1.ResourceSliceMaxCounterSets), func(cs resourcev1.CounterSet, p *field.Path) field.ErrorList {
		return validateMap(cs.Counters, maxItems(resourcev1.ResourceSliceMaxCountersPerCounterSet), 0, nil, nil, p.Child("counters"))
	}, fldPath.Child("sharedCounters"))...)
	return allErrs
}

func validateResourcePool(pool resourcev1.ResourcePool, fldPath *field.Path) field.ErrorList {
	allErrs := validatePoolName(pool.Name, fldPath.Child("name"))
	if pool.ResourceSliceCount <= 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("resourceSliceCount"), pool.ResourceSliceCount, "must be greater than zero"))
	}
	if pool.Generation < 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("generation"), pool.Generation, "must be greater than or equal to zero"))
	}
	return allErrs
}

const nodeSelectionFields = "exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required"

// validateNodeSelection requires a slice to say in exactly one way which nodes reach its devices.
func validateNodeSelection(spec *resourcev1.ResourceSliceSpec, fldPath *field.Path) field.ErrorList {
	var set []string
	allErrs := validateNodeNameAndSelector(spec.NodeName, spec.NodeSelector, "must be either unset or set to a non-empty string", &set, fldPath)
	if spec.NodeSelector != nil && len(spec.NodeSelector.NodeSelectorTerms) != 1 {
		// One term per slice keeps merging the selectors of devices from several slices simple.
		allErrs = append(allErrs, field.Invalid(fldPath.Child("nodeSelector", "nodeSelectorTerms"), corevalidation.InternalShape(spec.NodeSelector.NodeSelectorTerms), "must have exactly one node selector term"))
	}
	allErrs = append(allErrs, trueIfSet(spec.AllNodes, "`allNodes`", &set, fldPath.Child("allNodes"))...)
	allErrs = append(allErrs, trueIfSet(spec.PerDeviceNodeSelection, "`perDeviceNodeSelection`", &set, fldPath.Child("perDeviceNodeSelection"))...)
	switch len(set) {
	case 0:
		allErrs = append(allErrs, field.Required(fldPath, nodeSelectionFields))
	case 1:
	default:
		allErrs = append(allErrs, field.Invalid(fldPath, fmt.Sprintf("{%s}", strings.Join(set, ", ")), nodeSelectionFields+", but multiple fields are set"))
	}
	return allErrs
}

// trueIfSet records name in set when flag is true, and rejects a flag set to false.
func trueIfSet(flag *bool, name string, set *[]string, fldPath *field.Path) field.ErrorList {
	if flag == nil {
		return nil
	}
	if !*flag {
		return field.ErrorList{field.Invalid(fldPath, *flag, "must be either unset or set to true")}
	}
	*set = append(*set, name)
	return nil
}

// usesAdvancedFeatures reports whether a device of the slice has taints or consumes counters, which
// halves how many devices the slice may hold.
func usesAdvancedFeatures(spec *resourcev1.ResourceSliceSpec) bool {
	for _, d := range spec.Devices {
		if len(d.Taints) > 0 || len(d.ConsumesCounters) > 0 {
			return true
		}
		for _, a := range d.Attributes {
			if a.BoolValues != nil || a.IntValues != nil || a.StringValues != nil || a.VersionValues != nil {
				return true
			}
		}
	}
	return false
}

func lookupDevice(spec *resourcev1.ResourceSliceSpec, name string) *resourcev1.Device {
	if spec == nil {
		return nil
	}
	for i := range spec.Devices {
		if spec.Devices[i].Name == name {
			return &spec.Devices[i]
		}
	}
	return nil
}
