package resourceclaim

import (
	"context"

	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/resource/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

// StatusStrategy is the update behaviour of resourceclaims/status.
type StatusStrategy struct {
	Strategy
	basestrategy.KeepsSpecIn
}

// NewStatusStrategy returns the status strategy that goes with s.
func NewStatusStrategy(s Strategy) StatusStrategy {
	return StatusStrategy{s, basestrategy.KeepsSpecIn{GroupVersion: groupVersion}}
}

// PrepareForUpdate keeps the spec and the metadata only the main resource may change, and forgets
// the status of devices the new status no longer allocates.
func (StatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	claim, oldClaim := obj.(*resourcev1.ResourceClaim), old.(*resourcev1.ResourceClaim)
	claim.Spec = oldClaim.Spec
	metav1.ResetObjectMetaForStatus(&claim.ObjectMeta, &oldClaim.ObjectMeta)
	dropDeallocatedDevices(&claim.Status, &oldClaim.Status)
	dropDisabledStatusFields(&claim.Status, &oldClaim.Status)
}

// ValidateUpdate checks a status write, including that a new allocation grants admin access only
// in a namespace labelled for it.
func (s StatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	claim, oldClaim := obj.(*resourcev1.ResourceClaim), old.(*resourcev1.ResourceClaim)
	allErrs := authorizeAdminAccessStatus(ctx, s.namespaces, claim.Namespace, results(&claim.Status), results(&oldClaim.Status))
	return append(allErrs, validation.ValidateResourceClaimStatusUpdate(claim, oldClaim)...)
}

func results(status *resourcev1.ResourceClaimStatus) []resourcev1.DeviceRequestAllocationResult {
	if status.Allocation == nil {
		return nil
	}
	return status.Allocation.Devices.Results
}

type device struct{ driver, pool, name string }

// dropDeallocatedDevices removes from status.devices the devices that the stored allocation had
// and the new one has not: their status died with the allocation.
func dropDeallocatedDevices(status, old *resourcev1.ResourceClaimStatus) {
	deallocated := sets.New[device]()
	for _, r := range results(old) {
		deallocated.Insert(device{r.Driver, r.Pool, r.Device})
	}
	for _, r := range results(status) {
		deallocated.Delete(device{r.Driver, r.Pool, r.Device})
	}
	var kept []resourcev1.AllocatedDeviceStatus
	for _, d := range status.Devices {
		if !deallocated.Has(device{d.Driver, d.Pool, d.Device}) {
			kept = append(kept, d)
		}
	}
	status.Devices = kept
}
