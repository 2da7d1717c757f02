// Package resourceclaim implements the strategies and table columns of resource.k8s.io/v1
// ResourceClaims: requests for devices, whose status the scheduler and drivers fill in.
package resourceclaim

import (
	"context"

	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"

	"github.com/kapi-dev/kapi/pkg/apis/resource/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

const groupVersion = "resource.k8s.io/v1"

// Strategy is the create, update and delete behaviour of ResourceClaims. It reads namespaces to
// decide whether a claim may ask for admin access to devices.
type Strategy struct {
	basestrategy.Base
	basestrategy.DeclarativeValidation
	basestrategy.KeepsStatusIn
	namespaces corev1client.NamespaceInterface
}

// NewStrategy returns the strategy of ResourceClaims, looking namespaces up through namespaces.
func NewStrategy(namespaces corev1client.NamespaceInterface) Strategy {
	return Strategy{Base: basestrategy.Namespaced, KeepsStatusIn: basestrategy.KeepsStatusIn{GroupVersion: groupVersion}, namespaces: namespaces}
}

// PrepareForCreate drops the status, which only the scheduler and drivers write, and the fields of
// features that are off.
func (Strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	claim := obj.(*resourcev1.ResourceClaim)
	claim.Status = resourcev1.ResourceClaimStatus{}
	DropDisabledSpecFields(&claim.Spec, nil)
}

// PrepareForUpdate keeps the status. The spec cannot change, which validation enforces.
func (Strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	claim, oldClaim := obj.(*resourcev1.ResourceClaim), old.(*resourcev1.ResourceClaim)
	claim.Status = oldClaim.Status
	DropDisabledSpecFields(&claim.Spec, &oldClaim.Spec)
}

// Validate checks a new ResourceClaim, including that admin access is only asked for in a
// namespace labelled for it.
func (s Strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	claim := obj.(*resourcev1.ResourceClaim)
	allErrs := AuthorizeAdminAccess(ctx, s.namespaces, claim.Namespace, claim.Spec.Devices.Requests)
	return append(allErrs, validation.ValidateResourceClaim(claim)...)
}

// ValidateUpdate checks an updated ResourceClaim. Admin access needs no new check: the spec is
// immutable.
func (Strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateResourceClaimUpdate(obj.(*resourcev1.ResourceClaim), old.(*resourcev1.ResourceClaim))
}
