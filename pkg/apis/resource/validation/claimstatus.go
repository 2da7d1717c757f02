package validation

import (
	resourcev1 "k8s.io/api/resource/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// ValidateResourceClaimStatusUpdate checks a write of a ResourceClaim's status: who the claim is
// reserved for, a new allocation against the claim's requests, and the status of allocated
// devices. A stored allocation cannot change, which the declarative validation reports.
func ValidateResourceClaimStatusUpdate(claim, old *resourcev1.ResourceClaim) field.ErrorList {
	fldPath := field.NewPath("status")
	status, oldStatus := &claim.Status, &old.Status
	names := gatherRequestNames(&claim.Spec.Devices)

	allErrs := corevalidation.ValidateObjectMetaUpdate(&claim.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	allErrs = append(allErrs, validateEach(status.ReservedFor, declaredMaxItems(resourcev1.ResourceClaimReservedForMaxSize), validateConsumerReference, fldPath.Child("reservedFor"))...)

	var allocated sets.Set[deviceID]
	if status.Allocation != nil {
		allocated = allocatedDevices(&status.Allocation.Devices)
	}
	allErrs = append(allErrs, validateEach(status.Devices, noLimit, func(d resourcev1.AllocatedDeviceStatus, p *field.Path) field.ErrorList {
		return validateDeviceStatus(d, allocated, p)
	}, fldPath.Child("devices"))...)

	if len(status.ReservedFor) > 0 {
		if status.Allocation == nil {
			allErrs = append(allErrs, field.Forbidden(fldPath.Child("reservedFor"), "may not be specified when `allocated` is not set"))
		} else if claim.DeletionTimestamp != nil && len(sets.New(status.ReservedFor...).Difference(sets.New(oldStatus.ReservedFor...))) > 0 {
			// A claim being deleted may lose consumers, never gain them.
			allErrs = append(allErrs, field.Forbidden(fldPath.Child("reservedFor"), "new entries may not be added while `deallocationRequested` or `deletionTimestamp` are set"))
		}
	}

	// A new allocation is checked with the current rules; a stored one must not be checked again,
	// since the rules for new results may have grown stricter since it was written.
	if status.Allocation != nil && oldStatus.Allocation == nil {
		allErrs = append(allErrs, validateAllocationResult(status.Allocation, names, fldPath.Child("allocation"))...)
	}
	return allErrs
}

func validateConsumerReference(ref resourcev1.ResourceClaimConsumerReference, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if ref.Resource == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("resource"), ""))
	}
	if ref.Name == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("name"), ""))
	}
	if ref.UID == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("uid"), ""))
	}
	return allErrs
}

// deviceID names one allocation of a device: driver, pool and device, plus the share of a device
// that may be allocated several times.
type deviceID struct {
	driver, pool, device string
	shareID              types.UID
}

// String renders the ID as kube-apiserver shows it in errors.
func (id deviceID) String() string {
	s := id.driver + "/" + id.pool + "/" + id.device
	if id.shareID != "" {
		s += "/" + string(id.shareID)
	}
	return s
}

func allocatedDevices(result *resourcev1.DeviceAllocationResult) sets.Set[deviceID] {
	ids := sets.New[deviceID]()
	for _, r := range result.Results {
		id := deviceID{driver: r.Driver, pool: r.Pool, device: r.Device}
		if r.ShareID != nil {
			id.shareID = *r.ShareID
		}
		ids.Insert(id)
	}
	return ids
}

func validateAllocationResult(allocation *resourcev1.AllocationResult, names requestNames, fldPath *field.Path) field.ErrorList {
	devicesPath := fldPath.Child("devices")
	allErrs := validateEach(allocation.Devices.Results, declaredMaxItems(resourcev1.AllocationResultsMaxSize), func(r resourcev1.DeviceRequestAllocationResult, p *field.Path) field.ErrorList {
		return validateRequestAllocationResult(r, names, p)
	}, devicesPath.Child("results"))
	allErrs = append(allErrs, validateEach(allocation.Devices.Config, declaredMaxItems(2*resourcev1.DeviceConfigMaxSize), func(c resourcev1.DeviceAllocationConfiguration, p *field.Path) field.ErrorList {
		allErrs := validateRequestRefs(c.Requests, names, p.Child("requests"))
		return append(allErrs, validateDeviceConfiguration(c.DeviceConfiguration, false, p)...)
	}, devicesPath.Child("config"))...)
	if allocation.NodeSelector != nil {
		allErrs = append(allErrs, corevalidation.ValidateNodeSelector(allocation.NodeSelector, false, fldPath.Child("nodeSelector"))...)
	}
	return allErrs
}

// validateRequestAllocationResult checks one allocated device; its driver, pool and share ID are
// checked declaratively.
func validateRequestAllocationResult(result resourcev1.DeviceRequestAllocationResult, names requestNames, fldPath *field.Path) field.ErrorList {
	allErrs := validateRequestRef(result.Request, names, fldPath.Child("request"))
	allErrs = append(allErrs, validateDeviceName(result.Device, fldPath.Child("device"))...)
	allErrs = append(allErrs, validateBindingConditions(result.BindingConditions, result.BindingFailureConditions, fldPath)...)
	return append(allErrs, validateTolerations(result.Tolerations, fldPath.Child("tolerations"))...)
}

// validateBindingConditions checks the conditions a device waits for before a pod binds: label
// names, no duplicates, none both a success and a failure condition, and both kinds or neither.
func validateBindingConditions(conditions, failureConditions []string, fldPath *field.Path) field.ErrorList {
	conditionsPath, failurePath := fldPath.Child("bindingConditions"), fldPath.Child("bindingFailureConditions")
	allErrs := validateEach(conditions, declaredMaxItems(resourcev1.BindingConditionsMaxSize), metav1validation.ValidateLabelName, conditionsPath)
	allErrs = append(allErrs, validateEach(failureConditions, declaredMaxItems(resourcev1.BindingFailureConditionsMaxSize), metav1validation.ValidateLabelName, failurePath)...)
	seen := sets.New[string]()
	for i, c := range conditions {
		if seen.Has(c) {
			allErrs = append(allErrs, field.Duplicate(conditionsPath.Index(i), c))
		}
		seen.Insert(c)
	}
	successes := sets.New(conditions...)
	seenFailures := sets.New[string]()
	for i, c := range failureConditions {
		if seenFailures.Has(c) {
			allErrs = append(allErrs, field.Duplicate(failurePath.Index(i), c))
		}
		seenFailures.Insert(c)
		if successes.Has(c) {
			allErrs = append(allErrs, field.Invalid(failurePath.Index(i), c, "bindingFailureConditions must not overlap with bindingConditions"))
		}
	}
	if len(conditions) == 0 && len(failureConditions) > 0 {
		allErrs = append(allErrs, field.Invalid(conditionsPath, conditions, "bindingConditions are required to use bindingFailureConditions"))
	}
	if len(failureConditions) == 0 && len(conditions) > 0 {
		allErrs = append(allErrs, field.Invalid(failurePath, failureConditions, "bindingFailureConditions are required to use bindingConditions"))
	}
	return allErrs
}

// validateDeviceStatus checks what a driver reports about an allocated device.
func validateDeviceStatus(device resourcev1.AllocatedDeviceStatus, allocated sets.Set[deviceID], fldPath *field.Path) field.ErrorList {
	allErrs := validateDriverName(device.Driver, fldPath.Child("driver"))
	allErrs = append(allErrs, validatePoolName(device.Pool, fldPath.Child("pool"))...)
	allErrs = append(allErrs, validateDeviceName(device.Device, fldPath.Child("device"))...)
	id := deviceID{driver: device.Driver, pool: device.Pool, device: device.Device}
	if device.ShareID != nil {
		id.shareID = types.UID(*device.ShareID)
	}
	if !allocated.Has(id) {
		allErrs = append(allErrs, field.Invalid(fldPath, id.String(), "must be an allocated device in the claim"))
	}
	if n := len(device.Conditions); n > resourcev1.AllocatedDeviceStatusMaxConditions {
		allErrs = append(allErrs, field.TooMany(fldPath.Child("conditions"), n, resourcev1.AllocatedDeviceStatusMaxConditions))
	}
	allErrs = append(allErrs, metav1validation.ValidateConditions(device.Conditions, fldPath.Child("conditions"))...)
	if device.Data != nil && len(device.Data.Raw) > 0 {
		allErrs = append(allErrs, validateRawExtension(*device.Data, false, resourcev1.AllocatedDeviceStatusDataMaxLength, fldPath.Child("data"))...)
	}
	if nd := device.NetworkData; nd != nil {
		allErrs = append(allErrs, validateEach(nd.IPs, declaredMaxItems(resourcev1.NetworkDeviceDataMaxIPs), func(ip string, p *field.Path) field.ErrorList {
			return validation.IsValidInterfaceAddress(p, ip)
		}, fldPath.Child("networkData", "ips"))...)
	}
	return allErrs
}
