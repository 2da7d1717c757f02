package resourceclaim

import (
	resourcev1 "k8s.io/api/resource/v1"
)

// With kube-apiserver v1.37's default feature gates, derived attributes (DRADerivedAttributes) and
// skipped node operations (DRAOptionalNodeOperations) are alpha and off: a client's values for
// them are dropped, unless the stored object already uses them, so that an update never loses
// data written while the feature was on.

// DropDisabledSpecFields drops the fields of features that are off from a claim spec, or from the
// spec of a claim template, given the stored spec (nil on create).
func DropDisabledSpecFields(spec, old *resourcev1.ResourceClaimSpec) {
	if old != nil && usesDerivedAttributes(old) {
		return
	}
	for i := range spec.Devices.Requests {
		request := &spec.Devices.Requests[i]
		if request.Exactly != nil {
			request.Exactly.DerivedAttributes = nil
		}
		for j := range request.FirstAvailable {
			request.FirstAvailable[j].DerivedAttributes = nil
		}
	}
}

func usesDerivedAttributes(spec *resourcev1.ResourceClaimSpec) bool {
	for _, request := range spec.Devices.Requests {
		if request.Exactly != nil && len(request.Exactly.DerivedAttributes) > 0 {
			return true
		}
		for _, sub := range request.FirstAvailable {
			if len(sub.DerivedAttributes) > 0 {
				return true
			}
		}
	}
	return false
}

// dropDisabledStatusFields drops skipped node operations from a new allocation's results.
func dropDisabledStatusFields(status, old *resourcev1.ResourceClaimStatus) {
	if status.Allocation == nil || (old != nil && usesSkipNodeOperations(old)) {
		return
	}
	for i := range status.Allocation.Devices.Results {
		status.Allocation.Devices.Results[i].SkipNodeOperations = nil
	}
}

func usesSkipNodeOperations(status *resourcev1.ResourceClaimStatus) bool {
	if status.Allocation == nil {
		return false
	}
	for _, r := range status.Allocation.Devices.Results {
		if len(r.SkipNodeOperations) > 0 {
			return true
		}
	}
	return false
}
