package validation

import (
	"time"

	storagev1 "k8s.io/api/storage/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

var supportedFSGroupPolicies = sets.New(
	string(storagev1.ReadWriteOnceWithFSTypeFSGroupPolicy), string(storagev1.FileFSGroupPolicy), string(storagev1.NoneFSGroupPolicy))

// minNodeAllocatableUpdatePeriod is the shortest interval at which kubelet may be asked to refresh a
// driver's CSINode allocatable count.
const minNodeAllocatableUpdatePeriod = 10

// ValidateCSIDriver checks a new CSIDriver.
func ValidateCSIDriver(d *storagev1.CSIDriver) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMeta(&d.ObjectMeta, false, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	return append(allErrs, validateCSIDriverSpec(&d.Spec, field.NewPath("spec"))...)
}

// ValidateCSIDriverUpdate checks an update of a CSIDriver. Whether the driver needs attaching and
// which volume lifecycles it supports are fixed: kubelet and the attach/detach controller act on
// them for volumes already in use. kube-apiserver reports a changed attachRequired at
// spec.attachedRequired, and so does kapi.
func ValidateCSIDriverUpdate(d, old *storagev1.CSIDriver) field.ErrorList {
	allErrs := corevalidation.ValidateObjectMetaUpdate(&d.ObjectMeta, &old.ObjectMeta, field.NewPath("metadata"))
	allErrs = append(allErrs, validateCSIDriverSpec(&d.Spec, field.NewPath("spec"))...)
	allErrs = append(allErrs, apimachineryvalidation.ValidateImmutableField(d.Spec.AttachRequired, old.Spec.AttachRequired, field.NewPath("spec", "attachedRequired"))...)
	return append(allErrs, apimachineryvalidation.ValidateImmutableField(d.Spec.VolumeLifecycleModes, old.Spec.VolumeLifecycleModes, field.NewPath("spec", "volumeLifecycleModes"))...)
}

func validateCSIDriverSpec(spec *storagev1.CSIDriverSpec, fldPath *field.Path) field.ErrorList {
	allErrs := requireSet(spec.AttachRequired, fldPath.Child("attachedRequired"))
	allErrs = append(allErrs, requireSet(spec.PodInfoOnMount, fldPath.Child("podInfoOnMount"))...)
	allErrs = append(allErrs, requireSet(spec.StorageCapacity, fldPath.Child("storageCapacity"))...)
	if p := spec.FSGroupPolicy; p != nil && !supportedFSGroupPolicies.Has(string(*p)) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("fsGroupPolicy"), *p, sets.List(supportedFSGroupPolicies)))
	}
	allErrs = append(allErrs, validateTokenRequests(spec.TokenRequests, fldPath.Child("tokenRequests"))...)
	allErrs = append(allErrs, validateVolumeLifecycleModes(spec.VolumeLifecycleModes, fldPath.Child("volumeLifecycleModes"))...)
	allErrs = append(allErrs, requireSet(spec.SELinuxMount, fldPath.Child("seLinuxMount"))...)
	if p := spec.NodeAllocatableUpdatePeriodSeconds; p != nil && *p < minNodeAllocatableUpdatePeriod {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("nodeAllocatableUpdatePeriodSeconds"), *p, "must be greater than or equal to 10 seconds"))
	}
	if s := spec.ServiceAccountTokenInSecrets; s != nil && len(spec.TokenRequests) == 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("serviceAccountTokenInSecrets"), *s, "serviceAccountTokenInSecrets is set but no tokenRequests are specified"))
	}
	return allErrs
}

// requireSet reports a capability the defaults would have set but a client has cleared.
func requireSet(v *bool, fldPath *field.Path) field.ErrorList {
	if v == nil {
		return field.ErrorList{field.Required(fldPath, "")}
	}
	return nil
}

// validateTokenRequests allows each audience once, and token lifetimes between ten minutes and
// 2^32 seconds.
func validateTokenRequests(requests []storagev1.TokenRequest, fldPath *field.Path) field.ErrorList {
	const shortest = 10 * time.Minute
	var allErrs field.ErrorList
	audiences := sets.New[string]()
	for i, r := range requests {
		path := fldPath.Index(i)
		if audiences.Has(r.Audience) {
			allErrs = append(allErrs, field.Duplicate(path.Child("audience"), r.Audience))
			continue
		}
		audiences.Insert(r.Audience)
		if r.ExpirationSeconds == nil {
			continue
		}
		if *r.ExpirationSeconds < int64(shortest.Seconds()) {
			allErrs = append(allErrs, field.Invalid(path.Child("expirationSeconds"), *r.ExpirationSeconds, "may not specify a duration less than 10 minutes"))
		}
		if *r.ExpirationSeconds > 1<<32 {
			allErrs = append(allErrs, field.Invalid(path.Child("expirationSeconds"), *r.ExpirationSeconds, "may not specify a duration larger than 2^32 seconds"))
		}
	}
	return allErrs
}

func validateVolumeLifecycleModes(modes []storagev1.VolumeLifecycleMode, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for _, mode := range modes {
		if mode != storagev1.VolumeLifecyclePersistent && mode != storagev1.VolumeLifecycleEphemeral {
			allErrs = append(allErrs, field.NotSupported(fldPath, mode, []string{string(storagev1.VolumeLifecyclePersistent), string(storagev1.VolumeLifecycleEphemeral)}))
		}
	}
	return allErrs
}
