package resourceslice

import (
	resourcev1 "k8s.io/api/resource/v1"
)

// With kube-apiserver v1.37's default feature gates these ResourceSlice fields belong to alpha
// features that are off: list-valued attributes (DRAListTypeAttributes), node allocatable
// resources (DRANodeAllocatableResources), counter compatibility groups
// (DRADeviceCompatibilityGroups), skipped node operations (DRAOptionalNodeOperations) and the
// partition type attribute. A client's values are dropped, unless the stored slice already uses
// the feature, so that an update never loses data written while it was on.
func dropDisabledFields(spec, old *resourcev1.ResourceSliceSpec) {
	if !usesDevices(old, hasListAttributes) {
		forEachDevice(spec, func(d *resourcev1.Device) {
			for name, a := range d.Attributes {
				if a.BoolValues != nil || a.IntValues != nil || a.StringValues != nil || a.VersionValues != nil {
					a.BoolValues, a.IntValues, a.StringValues, a.VersionValues = nil, nil, nil, nil
					d.Attributes[name] = a
				}
			}
		})
	}
	if !usesDevices(old, func(d resourcev1.Device) bool { return len(d.NodeAllocatableResources) > 0 }) {
		forEachDevice(spec, func(d *resourcev1.Device) { d.NodeAllocatableResources = nil })
	}
	if !usesDevices(old, hasCompatibilityGroups) {
		forEachDevice(spec, func(d *resourcev1.Device) {
			for i := range d.ConsumesCounters {
				d.ConsumesCounters[i].CompatibilityGroups = nil
			}
		})
	}
	if old == nil || len(old.SkipNodeOperations) == 0 {
		spec.SkipNodeOperations = nil
	}
	if old == nil || old.PartitionTypeAttribute == nil {
		spec.PartitionTypeAttribute = nil
	}
}

func forEachDevice(spec *resourcev1.ResourceSliceSpec, fn func(*resourcev1.Device)) {
	for i := range spec.Devices {
		fn(&spec.Devices[i])
	}
}

// usesDevices reports whether a device of the stored spec (nil on create) satisfies uses.
func usesDevices(old *resourcev1.ResourceSliceSpec, uses func(resourcev1.Device) bool) bool {
	if old == nil {
		return false
	}
	for _, d := range old.Devices {
		if uses(d) {
			return true
		}
	}
	return false
}

func hasListAttributes(d resourcev1.Device) bool {
	for _, a := range d.Attributes {
		if a.BoolValues != nil || a.IntValues != nil || a.StringValues != nil || a.VersionValues != nil {
			return true
		}
	}
	return false
}

func hasCompatibilityGroups(d resourcev1.Device) bool {
	for _, c := range d.ConsumesCounters {
		if len(c.CompatibilityGroups) > 0 {
			return true
		}
	}
	return false
}
